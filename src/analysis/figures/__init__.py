"""Charts and maps: the registry, the one theme, chart and map makers, and one builders module
per page. Importing the package registers every figure."""
from . import builders  # noqa: F401  (registers every figure)
from .registry import REGISTRY, chapter_figures, number, page_of, show  # noqa: F401
