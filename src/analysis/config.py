"""Where things live: repository paths, external-data location and coordinate systems.

Every other module asks this one for paths, so a notebook run from any folder finds the data.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Environment variable naming another data folder (a copy of data/) to read instead, so a
#: copy can be checked or built without touching data/ (tests use it).
DATA_DIR_ENV = "KURSK_DATA_DIR"
DATA_DIR = (Path(os.environ[DATA_DIR_ENV]).expanduser().resolve()
            if os.environ.get(DATA_DIR_ENV) else REPO_ROOT / "data")
MANIFEST_PATH = DATA_DIR / "datapackage.json"
BOOK_DIR = REPO_ROOT / "book"

#: Geographic coordinates (longitude, latitude in degrees), as stored in every file in data/.
CRS_GEOGRAPHIC = "EPSG:4326"
#: Equal-area CRS for every area in km2: Lambert azimuthal equal-area centred on Kursk oblast
#: (51.5 N, 35.5 E), metres. Distortion of areas is nil by construction; shapes are near-true
#: across the few hundred kilometres the report covers.
CRS_EQUAL_AREA = "+proj=laea +lat_0=51.5 +lon_0=35.5 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"

#: Environment variable naming the folder with the external control records (DeepStateMap
#: snapshots, ISW layer). Default: ``shared/data`` beside the repository.
EXTERNAL_DATA_ENV = "KURSK_EXTERNAL_DATA"
#: Environment variable for the download cache used when no external folder is present.
CACHE_ENV = "KURSK_CACHE_DIR"


def external_data_dir() -> Path:
    """Folder holding ``deepstate-kursk/`` and ``isw-kursk/`` (never inside ``data/``)."""
    configured = os.environ.get(EXTERNAL_DATA_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return (REPO_ROOT.parent / "shared" / "data").resolve()


def cache_dir() -> Path:
    """Folder for downloaded originals and derived caches (outside the repository's data/)."""
    configured = os.environ.get(CACHE_ENV)
    base = Path(configured) if configured else Path.home() / ".cache" / "kursk-report"
    return base.expanduser().resolve()
