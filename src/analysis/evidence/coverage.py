"""How far the book's evidence runs: the newest source the data cites, and the last day of
each measured control record (for the "as of" line every page shows)."""
from __future__ import annotations

import pandas as pd

from .aftermath import latest
from .series import measured_series
from .sources import latest_publication


def evidence_dates() -> dict[str, pd.Timestamp]:
    """``sources`` (the latest publication date among the sources the data rows cite),
    ``measured`` (the last day of any measured control record: the occupied-area record of
    the aftermath) and ``measured_kursk`` (the last day of the Kursk control series)."""
    kursk = measured_series()["date"].max()
    return {"sources": latest_publication(), "measured": max(kursk, latest()["date"]),
            "measured_kursk": kursk}
