"""pustaka: a library-automation core in Rust, for Python.

``pustaka.marc`` reads and writes MARC 21 records (ISO 2709, MARCXML, MARC-in-JSON,
MarcEdit mnemonic) with the shape of pymarc 5's API, so that pymarc scripts port with an
import change. ``pustaka.Library`` is a library on disk with INLISLite v3's tables: its
catalogue, items, members and circulation, MARC import and read-only SQL. Every error
pustaka raises on purpose is a ``pustaka.PustakaError``.
"""

from pustaka._pustaka import (
    Catalog,
    Catalogue,
    Circulation,
    CirculationError,
    Conflict,
    ImportFailed,
    Item,
    Items,
    Library,
    MarcError,
    Member,
    Members,
    NotFound,
    PustakaError,
    QueryError,
    ValidationError,
    __version__,
)
from pustaka import marc

__all__ = [
    "Catalog",
    "Catalogue",
    "Circulation",
    "CirculationError",
    "Conflict",
    "ImportFailed",
    "Item",
    "Items",
    "Library",
    "MarcError",
    "Member",
    "Members",
    "NotFound",
    "PustakaError",
    "QueryError",
    "ValidationError",
    "__version__",
    "marc",
]
