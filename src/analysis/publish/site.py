"""What the published site carries beside the pages: the datasets themselves, one zip of them
with their manifest, and a sitemap when the site has an address. Deterministic: the same data
give the same bytes, and files that would not change are not rewritten."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from .. import config, dates, toc
from ..data import manifest
from .cite import base_url
from .exports import _write_if_changed, _zip

#: Where the datasets are published, inside the built book.
DATA_FOLDER = "data"
DATA_ZIP = "kursk-data.zip"
#: The Key numbers table, computed at build time and published beside the datasets.
KEY_NUMBERS_CSV = "key_numbers.csv"


def key_numbers_csv() -> bytes:
    """The Key numbers table (see :mod:`analysis.evidence.key_numbers`) as CSV bytes."""
    from ..evidence import key_numbers

    frame = key_numbers.table()
    frame["as_of"] = [dates.iso(d, p) for d, p in zip(frame["as_of"], frame["precision"])]
    columns = ["key", "quantity", "definition", "value", "unit", "as_of", "precision", "text",
               "claimant", "kind", "basis", "source_ids"]
    return frame[columns].to_csv(index=False, lineterminator="\n").encode("utf-8")


def data_files() -> dict[str, bytes]:
    """Every file of the data package by its path inside data/: the manifest and each resource
    (checked against its sha256 as it is read)."""
    files = {"datapackage.json": config.MANIFEST_PATH.read_bytes()}
    for entry in manifest.load_manifest()["resources"]:
        files[entry["path"]] = manifest.verify_file(entry).read_bytes()
    return files


def write_data(html_dir: Path) -> int:
    """Publish the datasets under ``html_dir/data/`` and their zip (with the manifest, so the
    checksums travel with the data); returns how many files were written."""
    files = data_files()
    target = Path(html_dir) / DATA_FOLDER
    _write_if_changed(target / KEY_NUMBERS_CSV, key_numbers_csv())
    written = sum(_write_if_changed(target / name, content) for name, content in files.items())
    return written + _write_if_changed(target / DATA_ZIP, _zip(files))


def write_sitemap(html_dir: Path) -> bool:
    """``sitemap.xml`` listing every page of the toc at its published address, when the site
    has one; without a base URL any old sitemap is removed. True if a sitemap was written."""
    path = Path(html_dir) / "sitemap.xml"
    base = base_url()
    if not base:
        path.unlink(missing_ok=True)
        return False
    urls = "".join(f"<url><loc>{escape(f'{base}/{page.html}')}</loc></url>"
                   for page in toc.pages())
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
    _write_if_changed(path, text.encode("utf-8"))
    return True
