"""pustaka: a library-automation core in Rust, for Python.

Every error pustaka raises on purpose is a ``PustakaError``.
"""

from pustaka import marc as marc

__version__: str

class PustakaError(Exception):
    """Base class of every error pustaka raises."""

class MarcError(PustakaError):
    """A MARC record or input that cannot be read or written.

    Raised by ``pustaka.marc.read`` in strict mode for a record that cannot be read (and
    collected in ``MarcReader.rejected`` in lenient mode), and by writers and
    ``Record.as_marc`` for what a format cannot hold. ``str(err)`` is one sentence with the
    position, e.g. ``"record 7 at byte 10422, field 245: subfield code is not ASCII"``.
    A ``MarcError`` raised by Python code has the class defaults below.
    """

    record_number: int
    """Record number, counting from 1 (0 when the error is not inside a record)."""
    offset: int
    """Byte offset from the start of the input."""
    line: int | None
    """Line number for text formats (MARCXML, JSON, mnemonic), else None."""
    tag: str | None
    """The field's tag when the error is inside a field, else None."""
    kind: str
    """What failed: "RecordLengthInvalid", "TruncatedRecord", "EndOfRecordNotFound",
    "LeaderInvalid", "BaseAddressNotFound", "BaseAddressInvalid", "DirectoryInvalid",
    "DirectoryEntryInvalid", "NoFields", "RecordTooLong", "IndicatorsInvalid",
    "SubfieldCodeInvalid", "InvalidUtf8", "Junk", "Xml", "Json", "Mnemonic", "TagInvalid",
    "Io", "Unwritable" (or "Other")."""
    pymarc_name: str
    """The exception name pymarc 5 gives the same failure (e.g. "RecordDirectoryInvalid",
    "UnicodeDecodeError"), or "Other"."""
    message: str
    """The sentence without the position."""

class NotFound(PustakaError):
    """Something asked for does not exist."""

class Conflict(PustakaError):
    """A change conflicts with the current state."""

class ValidationError(PustakaError):
    """Input that breaks a rule of the data model."""

class CirculationError(PustakaError):
    """A circulation rule forbids the operation."""

class QueryError(PustakaError):
    """A search query that cannot be parsed or run."""

class ImportFailed(PustakaError):
    """An import that could not be completed."""

__all__ = [
    "CirculationError",
    "Conflict",
    "ImportFailed",
    "MarcError",
    "NotFound",
    "PustakaError",
    "QueryError",
    "ValidationError",
    "__version__",
    "marc",
]
