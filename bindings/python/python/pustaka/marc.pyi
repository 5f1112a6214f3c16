"""MARC 21 records with pymarc 5's shape, read and written by pustaka's Rust core.

Porting from pymarc: ``pymarc.MARCReader(fh)`` becomes ``pustaka.marc.read(fh)``;
``Record``, ``Field``, ``Subfield`` and ``Indicators`` keep pymarc's names, attributes and
methods. Differences from pymarc 5.4.0 are listed in the docstrings below ("Unlike
pymarc").
"""

import os
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, Literal, overload

from pustaka import MarcError as MarcError
from pustaka import NotFound

Format = Literal["iso2709", "marcxml", "json", "mrk"]
Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
Target = str | os.PathLike[str] | BinaryIO

class FieldNotFound(NotFound):
    """``Record.remove_field`` was given a field the record does not hold."""

class Subfield:
    """A subfield: ``Subfield(code, value)``.

    Behaves like pymarc's ``Subfield`` named tuple: ``code, value = sf``, ``sf[0]``,
    ``len(sf) == 2``, ``sf._replace(value=...)``, ``sf._asdict()``; it equals, and hashes
    like, the tuple ``(code, value)`` (and pymarc's ``Subfield``). Unlike pymarc, it is
    not a ``tuple`` subclass (``isinstance(sf, tuple)`` is false; ``json.dumps`` needs
    ``tuple(sf)``). Immutable.
    """

    _fields: tuple[str, str]
    @property
    def code(self) -> str: ...
    @property
    def value(self) -> str: ...
    def __init__(self, code: str, value: str) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int | slice) -> Any: ...
    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, item: object) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    def __lt__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def _asdict(self) -> dict[str, str]: ...
    def _replace(self, *, code: str = ..., value: str = ...) -> Subfield: ...

class Indicators:
    """A data field's two indicators: ``Indicators(first, second)``.

    Behaves like pymarc's ``Indicators`` named tuple (unpacks, indexes, equals the tuple
    ``(first, second)``); not a ``tuple`` subclass. Immutable.
    """

    _fields: tuple[str, str]
    @property
    def first(self) -> str: ...
    @property
    def second(self) -> str: ...
    def __init__(self, first: str, second: str) -> None: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int | slice) -> Any: ...
    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, item: object) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    def __lt__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def _asdict(self) -> dict[str, str]: ...
    def _replace(self, *, first: str = ..., second: str = ...) -> Indicators: ...

class Field:
    """A MARC field, shaped like pymarc 5's ``Field``.

    ``Field(tag="001", data="x")`` makes a control field (numeric tag below 010);
    ``Field(tag="245", indicators=Indicators("1", "0"), subfields=[Subfield("a", "T")])``
    a data field. A numeric tag is given three digits (``Field(tag=1, ...)`` is "001").

    A field read from a file makes its ``subfields`` list on first access and keeps it;
    that list is the field's content (append to it, replace items). Lookups such as
    ``field["a"]`` do not need it.
    """

    tag: str
    data: str | None
    """A control field's value (None for a data field unless a program sets it)."""
    subfields: list[Subfield]
    """The subfields of a data field (an empty list for a control field)."""
    indicator1: str
    """First indicator ("" for a control field)."""
    indicator2: str
    """Second indicator ("" for a control field)."""
    @property
    def control_field(self) -> bool: ...
    @property
    def indicators(self) -> Indicators | None:
        """Both indicators; None for a control field. Assign any two-item sequence."""
    @indicators.setter
    def indicators(self, value: Iterable[str] | None) -> None: ...
    def __init__(
        self,
        tag: str | int,
        indicators: Iterable[str] | None = None,
        subfields: list[Subfield] | None = None,
        data: str | None = None,
    ) -> None: ...
    def is_control_field(self) -> bool: ...
    def is_subject_field(self) -> bool: ...
    @overload
    def get(self, code: str) -> str | None: ...
    @overload
    def get(self, code: str, default: str) -> str: ...
    def __getitem__(self, code: str) -> str:
        """The first subfield with this code; KeyError when there is none (always for a
        control field)."""
    def __setitem__(self, code: str, value: str) -> None:
        """Sets the one subfield with this code; KeyError when there is none or several."""
    def __contains__(self, code: str) -> bool: ...
    def __iter__(self) -> Iterator[Subfield]: ...
    def get_subfields(self, *codes: str) -> list[str]: ...
    def add_subfield(self, code: str, value: str, pos: int | None = None) -> None: ...
    def delete_subfield(self, code: str) -> str | None: ...
    def subfields_as_dict(self) -> dict[str, list[str]]: ...
    def linkage_occurrence_num(self) -> str | None:
        """The occurrence number of ``$6`` ("880-02/$1" gives "02"); None when absent.
        Unlike pymarc, a ``$6`` without "-" gives None instead of raising IndexError."""
    def value(self) -> str:
        """The control value, or the subfield values stripped and joined by spaces."""
    def format_field(self) -> str:
        """Like ``value()``, skipping ``$6``, with " -- " before ``$v $x $y $z`` in 6XX."""
    def as_marc(self, encoding: str = "utf-8") -> bytes: ...
    def as_marc21(self, encoding: str = "utf-8") -> bytes: ...

class Record:
    """A MARC record, shaped like pymarc 5's ``Record``.

    ``Record()`` is empty with pymarc's blank leader; ``Record(data=iso2709_bytes)``
    decodes one record (strict unless ``lenient=True``); ``Record(fields=[...])`` takes a
    list of fields. ``leader`` is a ``str`` (assign a ``str`` to change it; unlike pymarc it
    is not a ``Leader`` object).

    A record read from a file keeps its bytes and makes its ``fields`` list on first
    access; until then ``title``, ``isbn``, ``author`` and the other helpers read the bytes.
    Once made, the list is the record's content: what a program changes there is what
    ``as_marc()``, ``as_dict()`` and ``write`` see. Records pickle.
    """

    leader: str
    fields: list[Field]
    def __init__(
        self,
        data: bytes | bytearray | memoryview | None = None,
        fields: list[Field] | None = None,
        to_unicode: bool = True,
        force_utf8: bool = False,
        hide_utf8_warnings: bool = False,
        utf8_handling: str = "strict",
        leader: str | None = None,
        file_encoding: str = "iso8859-1",
        *,
        lenient: bool = False,
    ) -> None:
        """``to_unicode``, ``hide_utf8_warnings`` and ``file_encoding`` are accepted for
        pymarc compatibility and ignored (pustaka always decodes MARC-8 to Unicode);
        ``utf8_handling`` other than "strict" reads ``data`` in lenient mode."""
    @classmethod
    def from_marc(cls, data: bytes, lenient: bool = False) -> Record:
        """One ISO 2709 record's bytes; raises MarcError (strict) when it cannot be read."""
    @classmethod
    def from_json(cls, text: str) -> Record:
        """One record in MARC-in-JSON (pymarc's ``as_json`` layout)."""
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """One record in pymarc's ``as_dict()`` layout."""
    @classmethod
    def from_pymarc(cls, record: Any) -> Record:
        """A copy of a pymarc ``Record`` (or anything with its ``leader`` and ``fields``)."""
    def to_pymarc(self) -> Any:
        """A pymarc ``Record`` with the same leader and fields. Needs pymarc installed
        (ImportError otherwise)."""
    def __getitem__(self, tag: str) -> Field:
        """The first field with this tag; KeyError when there is none."""
    def __contains__(self, tag: str) -> bool: ...
    def __iter__(self) -> Iterator[Field]: ...
    @overload
    def get(self, tag: str) -> Field | None: ...
    @overload
    def get(self, tag: str, default: Field) -> Field: ...
    def get_fields(self, *tags: str) -> list[Field]:
        """Fields with any of these tags in record order; with no tags, ``self.fields``."""
    def add_field(self, *fields: Field) -> None: ...
    def add_grouped_field(self, *fields: Field) -> None: ...
    def add_ordered_field(self, *fields: Field) -> None: ...
    def remove_field(self, *fields: Field) -> None:
        """Raises FieldNotFound for a field the record does not hold."""
    def remove_fields(self, *tags: str) -> None: ...
    @property
    def title(self) -> str | None:
        """245 $a, then $b after a space (pymarc's rule)."""
    @property
    def issn_title(self) -> str | None: ...
    @property
    def isbn(self) -> str | None:
        """The first 020 $a reduced to digits and X ("0-14-044913-2 (pbk.)" -> "0140449132")."""
    @property
    def issn(self) -> str | None: ...
    @property
    def issnl(self) -> str | None: ...
    @property
    def sudoc(self) -> str | None: ...
    @property
    def author(self) -> str | None:
        """The first 100, 110 or 111, formatted."""
    @property
    def uniformtitle(self) -> str | None: ...
    @property
    def publisher(self) -> str | None:
        """$b of the first 260, or 264 with second indicator 1, whichever comes first."""
    @property
    def pubyear(self) -> str | None:
        """$c of the first 260, or 264 with second indicator 1, whichever comes first."""
    @property
    def subjects(self) -> list[Field]: ...
    @property
    def addedentries(self) -> list[Field]: ...
    @property
    def series(self) -> list[Field]: ...
    @property
    def notes(self) -> list[Field]: ...
    @property
    def location(self) -> list[Field]: ...
    @property
    def physicaldescription(self) -> list[Field]: ...
    def as_marc(self) -> bytes:
        """ISO 2709 bytes in UTF-8 (leader/09 "a"), lengths and directory recomputed.
        Raises MarcError (kind "Unwritable") for what ISO 2709 cannot hold. Unlike pymarc,
        it does not change the record's own leader."""
    def as_marc21(self) -> bytes: ...
    def as_dict(self) -> dict[str, Any]:
        """pymarc's ``as_dict()`` layout: {"leader": ..., "fields": [...]}."""
    def as_json(self, **kwargs: Any) -> str:
        """``json.dumps(self.as_dict(), **kwargs)``, as pymarc."""

class MarcWarning:
    """A repair made while reading: the record was kept, and this says what was changed."""

    @property
    def record_number(self) -> int: ...
    @property
    def offset(self) -> int:
        """Byte offset from the start of the input."""
    @property
    def line(self) -> int | None:
        """Line number for text formats, else None."""
    @property
    def tag(self) -> str | None: ...
    @property
    def message(self) -> str: ...

class MarcReader(Iterator[Record]):
    """The records of one input, from ``read()``; iterate it.

    Strict mode (the default): a record that cannot be read raises ``MarcError`` from
    ``next()``; calling ``next()`` again goes on with the next record, unless the input's
    framing is lost (then iteration ends). Lenient mode: what can be repaired is repaired
    (each repair in ``warnings``), records that still cannot be read are skipped and kept
    in ``rejected`` as the ``MarcError`` strict mode would raise; no ``None`` is ever
    yielded (unlike pymarc's permissive reader).

    Reading releases the GIL while it parses, a batch of records at a time.
    """

    @property
    def warnings(self) -> list[MarcWarning]:
        """Repairs made so far, in input order, up to the last record returned."""
    @property
    def rejected(self) -> list[MarcError]:
        """Records skipped in lenient mode, in input order."""
    @property
    def format(self) -> Format: ...
    @property
    def lenient(self) -> bool: ...
    @property
    def records_read(self) -> int: ...
    def __iter__(self) -> MarcReader: ...
    def __next__(self) -> Record: ...
    def close(self) -> None:
        """Stops reading (closes a path's file; a file object is left open)."""
    def __enter__(self) -> MarcReader: ...
    def __exit__(self, *args: object) -> bool: ...

def read(source: Source, format: Format | None = None, lenient: bool = False) -> MarcReader:
    """Reads MARC records from a path, bytes(-like) or a binary file object.

    ``format`` None detects it from the first bytes ("<" MARCXML, "{"/"[" JSON, "=" mnemonic,
    else ISO 2709). MARC-8 records are converted to Unicode. See ``MarcReader`` for strict
    and lenient mode. Opening a missing path raises FileNotFoundError.
    """

def write(records: Record | Iterable[Record] | Any, target: Target, format: Format) -> int:
    """Writes records (ours or pymarc's) to a path or a binary file object in one format:
    ISO 2709 (UTF-8), MARCXML, MARC-in-JSON (one record per line) or mnemonic text.
    Returns the number of records written. Raises MarcError for a record the format
    cannot hold; records before it are written."""

def MARCReader(
    marc_target: Source,
    to_unicode: bool = True,
    force_utf8: bool = False,
    hide_utf8_warnings: bool = False,
    utf8_handling: str = "strict",
    file_encoding: str = "iso8859-1",
    permissive: bool = False,
) -> MarcReader:
    """pymarc's ``MARCReader`` over ISO 2709: ``read(marc_target, "iso2709",
    lenient=permissive)``. Unlike pymarc, ``permissive=True`` skips records that cannot be
    read (never yields ``None``; see ``reader.rejected``). The other arguments are ignored."""

def JSONReader(marc_target: Source | str, encoding: str = "utf-8", stream: bool = False) -> MarcReader:
    """pymarc's ``JSONReader``: ``read(marc_target, "json")`` (a JSON str is accepted too)."""

def parse_xml_to_array(xml_file: Source, strict: bool = False, normalize_form: str | None = None) -> list[Record]:
    """pymarc's ``parse_xml_to_array``: ``list(read(xml_file, "marcxml"))``."""

class MARCWriter:
    """pymarc's ``MARCWriter``: ISO 2709 (UTF-8) records to a binary file object."""

    file_handle: BinaryIO | None
    def __init__(self, file_handle: BinaryIO) -> None: ...
    def write(self, record: Record | Any) -> None:
        """Writes one record (ours or pymarc's)."""
    def close(self, close_fh: bool = True) -> None: ...

__all__ = [
    "JSONReader",
    "MARCReader",
    "MARCWriter",
    "parse_xml_to_array",
    "Field",
    "FieldNotFound",
    "Indicators",
    "MarcError",
    "MarcReader",
    "MarcWarning",
    "Record",
    "Subfield",
    "read",
    "write",
]
