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



def MARCReader(  # noqa: N802 - pymarc's name
    marc_target,
    to_unicode=True,
    force_utf8=False,
    hide_utf8_warnings=False,
    utf8_handling="strict",
    file_encoding="iso8859-1",
    permissive=False,
):
    """pymarc's ``MARCReader`` over ISO 2709 (bytes or a binary file object, or a path).

    ``permissive=True`` reads in lenient mode: unlike pymarc, records that cannot be read
    are skipped (never yielded as ``None``) and kept in ``reader.rejected``. The other
    arguments are accepted and ignored (MARC-8 is always converted to Unicode).
    """
    return read(marc_target, format="iso2709", lenient=bool(permissive))


def JSONReader(marc_target, encoding="utf-8", stream=False):  # noqa: N802 - pymarc's name
    """pymarc's ``JSONReader``: MARC-in-JSON from a path, bytes, str or file object."""
    if isinstance(marc_target, str) and marc_target.lstrip()[:1] in ("{", "["):
        marc_target = marc_target.encode(encoding)
    return read(marc_target, format="json")


def parse_xml_to_array(xml_file, strict=False, normalize_form=None):
    """pymarc's ``parse_xml_to_array``: every record of a MARCXML file, as a list."""
    return list(read(xml_file, format="marcxml"))


class MARCWriter:
    """pymarc's ``MARCWriter``: ISO 2709 (UTF-8) records to a binary file object."""

    def __init__(self, file_handle):
        self.file_handle = file_handle

    def write(self, record):
        """Writes one record (ours or pymarc's)."""
        if not isinstance(record, Record):
            record = Record.from_pymarc(record)
        self.file_handle.write(record.as_marc())

    def close(self, close_fh=True):
        """Closes the writer, and the file handle unless ``close_fh`` is false."""
        if close_fh:
            self.file_handle.close()
        self.file_handle = None


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
