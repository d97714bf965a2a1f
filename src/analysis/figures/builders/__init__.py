"""One module of figure builders per page of the book, each in the order its page shows them.
Importing this package registers every figure (see :mod:`analysis.figures.registry`)."""
from . import (  # noqa: F401
    aftermath,
    assessment,
    counteroffensive,
    diplomacy,
    north_korea,
    overview,
    places,
    planning,
    response,
)
