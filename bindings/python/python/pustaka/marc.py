"""MARC 21 records with pymarc 5's shape.

Reading::

    import pustaka.marc as marc

    for record in marc.read("records.mrc"):          # path, bytes or binary file object
        print(record["245"]["a"], record.isbn)

    reader = marc.read("broken.mrc", lenient=True)     # repair what can be repaired
    records = list(reader)
    reader.warnings   # [MarcWarning(record_number=..., offset=..., tag=..., message=...)]
    reader.rejected   # [MarcError(...)] for records that could not be read

Writing::

    marc.write(records, "out.xml", "marcxml")          # "iso2709", "marcxml", "json", "mrk"

Porting from pymarc: ``MARCReader(fh)`` becomes ``marc.read(fh)``; ``Record``, ``Field``,
``Subfield`` and ``Indicators`` keep pymarc's names, attributes and methods.
"""

from pustaka._pustaka import (
    Field,
    FieldNotFound,
    Indicators,
    MarcError,
    MarcReader,
    MarcWarning,
    Record,
    Subfield,
    read,
    write,
)

__all__ = [
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
