"""INLISLite v3 interchange: move a whole INLISLite library into pustaka and back.

Importing a ``mysqldump`` of an INLISLite v3 database (catalogue with its MARC rebuilt
from ``catalog_ruas``/``catalog_subruas``, items, members, loans, fines, guest book, ...),
keeping INLISLite's ids::

    import pustaka
    import pustaka.inlislite as inlislite

    lib = pustaka.Library.create("perpus")
    report = inlislite.import_dump(lib, "inlislite_v3.sql")           # tables="core"
    report["tables"]["catalogs"]    # {"read": 153, "imported": 153, "rejected": 0,
                                    #  "destination": "core"}
    report["rejections"]            # [{"table", "line", "reason"}, ...]

Writing the library back as a dump that ``mysql inlislite_v3 < OUT.sql`` loads::

    inlislite.export(lib, "out.sql")   # {"tables": {name: rows}, "rows", "bytes", "seconds"}

Reading the raw rows of a dump, as a stream (constant memory on any size)::

    for table, row in inlislite.read_dump("inlislite_v3.sql"):
        if table == "members":
            print(row["MemberNo"], row["Fullname"])

A dump that cannot be read or imported raises ``pustaka.ImportFailed`` with ``kind``
(``"dump"``, ``"v2_dump"`` or ``"io"``), ``line`` and ``column`` (where in the dump, or
None) and ``message``; a failed import leaves the library as it was.
"""

from pustaka._pustaka import inlislite as _native

DumpRows = _native.DumpRows
import_dump = _native.import_dump
export = _native.export
read_dump = _native.read_dump

__all__ = ["DumpRows", "export", "import_dump", "read_dump"]
