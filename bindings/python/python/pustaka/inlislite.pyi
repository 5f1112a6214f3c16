"""INLISLite v3 interchange: import a mysqldump into a library, export it back, read raw rows."""

import os
from typing import Iterator, Literal, TypedDict, Union

from pustaka import Library

_Path = Union[str, os.PathLike[str]]
_Value = Union[None, int, float, str, bytes]

class TableReport(TypedDict):
    read: int
    """Rows of the table read from the dump."""
    imported: int
    """Rows written (into the library table, or kept verbatim)."""
    rejected: int
    """Rows refused (each one is in ``rejections``)."""
    destination: Literal["core", "extra", "skipped"]
    """Where the rows went: a library table, kept verbatim, or skipped (``tables="core"``)."""

class RowRejection(TypedDict):
    table: str
    line: int
    """The dump line of the row."""
    reason: str

class ImportWarning(TypedDict):
    line: int
    column: int
    table: str | None
    message: str

class ImportReport(TypedDict):
    tables: dict[str, TableReport]
    rejections: list[RowRejection]
    warnings: list[ImportWarning]
    marc_rebuilt: int
    """Catalogue records whose MARC was rebuilt from catalog_ruas/catalog_subruas."""
    bytes: int
    """Bytes of the dump read."""
    seconds: float

class ExportReport(TypedDict):
    tables: dict[str, int]
    """Rows written per table, in the order written."""
    rows: int
    bytes: int
    seconds: float

class DumpRows(Iterator[tuple[str, dict[str, _Value]]]):
    """The rows of a dump as ``(table, row_dict)``, read as a stream."""

    line: int
    """The dump line the reader has reached."""
    bytes_read: int
    """Bytes of the dump read so far."""
    def __iter__(self) -> DumpRows: ...
    def __next__(self) -> tuple[str, dict[str, _Value]]: ...

def import_dump(
    library: Library, path: _Path, tables: Literal["core", "all"] = "core"
) -> ImportReport:
    """Imports an INLISLite v3 mysqldump into ``library`` in one transaction, keeping ids.

    Raises ``pustaka.ImportFailed`` (``kind``, ``line``, ``column``, ``message``) for a
    dump that cannot be read, a v2-era dump, or a file that cannot be opened.
    """

def export(library: Library, path: _Path) -> ExportReport:
    """Writes ``library`` as an INLISLite v3 dump (``mysql inlislite_v3 < path`` loads it)."""

def read_dump(path: _Path) -> DumpRows:
    """Iterates ``(table, row_dict)`` for every row of every INSERT in the dump, streaming.

    Values are None, int, float (decimal and float columns), str (text, dates, zero dates
    verbatim) or bytes (binary columns, hex literals).
    """
