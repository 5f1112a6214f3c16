"""pustaka.inlislite: importing the demo INLISLite v3 dump, exporting it back, reading its
raw rows, with exact values from fixtures/inlislite/perpus-demo.expected.json."""

import json
import pathlib

import pytest

import pustaka
import pustaka.inlislite as inlislite

FIXTURES = pathlib.Path(__file__).resolve().parents[3] / "fixtures" / "inlislite"
DEMO = FIXTURES / "perpus-demo.sql"
EXPECTED = json.loads((FIXTURES / "perpus-demo.expected.json").read_text(encoding="utf-8"))


def q(lib, query, params=None):
    """The rows of a read-only query as tuples."""
    return [tuple(r.values()) for r in lib.sql(query, params)]


def as_manifest(record):
    """The record as the manifest writes it: pustaka's stored leader says UTF-8 ('a') at
    position 9, where the leader INLISLite's export writes leaves a blank."""
    d = record.as_dict()
    leader = d["leader"]
    assert leader[9] == "a", leader
    d["leader"] = leader[:9] + " " + leader[10:]
    return d


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    lib = pustaka.Library.create(tmp_path_factory.mktemp("inlis") / "lib")
    report = inlislite.import_dump(lib, DEMO)
    return lib, report


def test_import_report_has_every_row_count_of_the_manifest(imported):
    lib, report = imported
    counts = EXPECTED["row_counts"]
    assert sorted(report["tables"]) == sorted(counts)
    for table, n in counts.items():
        assert report["tables"][table] == {
            "read": n,
            "imported": n,
            "rejected": 0,
            "destination": "core",
        }, table
        assert q(lib, f'SELECT count(*) FROM "{table}"')[0][0] == n, table
    assert report["rejections"] == []
    assert report["marc_rebuilt"] == 153
    assert report["bytes"] == DEMO.stat().st_size
    assert isinstance(report["seconds"], float)
    # The one warning: the zero date, kept verbatim.
    assert len(report["warnings"]) == 1
    w = report["warnings"][0]
    assert w["table"] == "collections"
    assert "zero date 0000-00-00 00:00:00 kept verbatim" in w["message"]
    assert isinstance(w["line"], int) and w["line"] > 1
    assert q(lib, 
        "SELECT TanggalPengadaan FROM collections WHERE Catalog_id IS NULL"
    ) == [("0000-00-00 00:00:00",)]


def test_named_catalogs_have_their_ids_marc_and_items(imported):
    lib, _ = imported
    for c in EXPECTED["catalogs"]:
        catalog = lib.catalog.get_by_bibid(c["BIBID"])
        assert catalog.control_number == c["ControlNumber"]
        assert catalog.title == c["Title"]
        assert as_manifest(catalog.record) == c["marc"], c["BIBID"]
        barcodes = [
            r[0]
            for r in q(lib, 
                "SELECT NomorBarcode FROM collections WHERE Catalog_id = ? ORDER BY NomorBarcode",
                [catalog.id],
            )
        ]
        assert barcodes == sorted(c["item_barcodes"]), c["BIBID"]


def test_every_catalog_has_the_marc_of_the_manifest(imported):
    lib, _ = imported
    all_marc = EXPECTED["all_marc_by_bibid"]
    bibids = [r[0] for r in q(lib, "SELECT BIBID FROM catalogs ORDER BY ID")]
    assert sorted(bibids) == sorted(all_marc)
    for bibid in bibids:
        assert as_manifest(lib.catalog.get_by_bibid(bibid).record) == all_marc[bibid], bibid


def test_named_members_have_their_active_loans_and_unpaid_fines(imported):
    lib, _ = imported
    for m in EXPECTED["members"]:
        [(member_id, name)] = q(lib, 
            "SELECT ID, Fullname FROM members WHERE MemberNo = ?", [m["MemberNo"]]
        )
        assert name == m["Fullname"]
        loans = q(lib, 
            "SELECT c.NomorBarcode, i.CollectionLoan_id, i.LoanDate, i.DueDate,"
            " (SELECT count(*) FROM collectionloanextends e WHERE e.CollectionLoanItem_id = i.ID)"
            " FROM collectionloanitems i JOIN collections c ON c.ID = i.Collection_id"
            " WHERE i.member_id = ? AND i.LoanStatus = 'Loan' ORDER BY c.NomorBarcode",
            [member_id],
        )
        want = sorted(
            (
                a["barcode"],
                a["CollectionLoan_id"],
                a["LoanDate"],
                a["DueDate"],
                a["renewals"],
            )
            for a in m["active_loans"]
        )
        assert [tuple(r) for r in loans] == want, m["MemberNo"]
        [(unpaid,)] = q(lib, 
            "SELECT coalesce(sum(JumlahDenda), 0) FROM pelanggaran WHERE Member_id = ? AND Paid = 0",
            [member_id],
        )
        assert unpaid == m["unpaid_fine_total"], m["MemberNo"]
    [(total,)] = q(lib, "SELECT sum(JumlahDenda) FROM pelanggaran WHERE Paid = 0")
    assert total == EXPECTED["total_unpaid_fines"]
    settings = dict(q(lib, "SELECT Name, Value FROM settingparameters"))
    for k, v in EXPECTED["settings"].items():
        assert settings[k] == v


def test_importing_twice_changes_nothing(tmp_path):
    lib = pustaka.Library.create(tmp_path / "lib")
    first = inlislite.import_dump(lib, DEMO, tables="all")
    second = inlislite.import_dump(lib, str(DEMO), "all")
    assert first["tables"] == second["tables"]
    for table, n in EXPECTED["row_counts"].items():
        assert q(lib, f'SELECT count(*) FROM "{table}"')[0][0] == n, table
    assert len(lib.catalog) == 153


def test_read_dump_streams_typed_rows():
    rows = inlislite.read_dump(DEMO)
    assert iter(rows) is rows
    seen = {}
    zero = None
    paid = set()
    laskar_ruas = None
    for table, row in rows:
        seen[table] = seen.get(table, 0) + 1
        if table == "collections" and row["Catalog_id"] is None:
            zero = row["TanggalPengadaan"]
        elif table == "pelanggaran":
            paid.add(row["Paid"])
        elif table == "catalogs" and row["BIBID"] == "0010-0223000001":
            laskar_ruas = row
    assert seen == EXPECTED["row_counts"]
    assert zero == "0000-00-00 00:00:00"
    assert paid == {0, 1}
    assert laskar_ruas["ControlNumber"] == "INLIS000000000000001"
    assert laskar_ruas["Title"] == "Laskar pelangi / Andrea Hirata"
    assert isinstance(laskar_ruas["ID"], int)
    assert rows.bytes_read == DEMO.stat().st_size
    with pytest.raises(StopIteration):
        next(rows)


def test_read_dump_value_types(tmp_path):
    dump = tmp_path / "types.sql"
    dump.write_bytes(
        b"CREATE TABLE `t` (\n"
        b"  `a` int(11), `b` decimal(10,2), `c` varchar(20), `d` datetime,\n"
        b"  `e` blob, `f` bigint(20) unsigned, `g` bit(1)\n"
        b") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
        b"INSERT INTO `t` VALUES (-7,12.50,'it\\'s\\nA','2026-02-13 10:00:00',"
        b"0x00FF,18446744073709551615,b'1'),(NULL,NULL,'',NULL,'',0,'\\0');\n"
    )
    assert list(inlislite.read_dump(dump)) == [
        (
            "t",
            {
                "a": -7,
                "b": 12.5,
                "c": "it's\nA",
                "d": "2026-02-13 10:00:00",
                "e": b"\x00\xff",
                "f": 18446744073709551615,
                "g": 1,
            },
        ),
        ("t", {"a": None, "b": None, "c": "", "d": None, "e": b"", "f": 0, "g": 0}),
    ]


def test_malformed_dump_raises_import_failed_with_line_and_column(tmp_path):
    bad = tmp_path / "bad.sql"
    bad.write_bytes(b"CREATE TABLE `t` (`a` int);\nINSERT INTO `t` VALUES (1),(2 3);\n")
    rows = inlislite.read_dump(bad)
    with pytest.raises(pustaka.ImportFailed) as e:
        list(rows)
    assert isinstance(e.value, pustaka.PustakaError)
    assert (e.value.kind, e.value.line, e.value.column) == ("dump", 2, 31)
    assert "line 2, column 31" in str(e.value)

    lib = pustaka.Library.create(tmp_path / "lib")
    with pytest.raises(pustaka.ImportFailed) as e:
        inlislite.import_dump(lib, bad)
    assert (e.value.kind, e.value.line, e.value.column) == ("dump", 2, 31)
    # Nothing was written.
    assert q(lib, "SELECT count(*) FROM catalogs") == [(0,)]

    with pytest.raises(pustaka.ImportFailed) as e:
        inlislite.read_dump(tmp_path / "missing.sql")
    assert (e.value.kind, e.value.line, e.value.column) == ("io", None, None)
    with pytest.raises(pustaka.ImportFailed) as e:
        inlislite.import_dump(lib, tmp_path / "missing.sql")
    assert e.value.kind == "io"
    with pytest.raises(pustaka.ValidationError):
        inlislite.import_dump(lib, DEMO, tables="some")


def test_v2_dump_is_refused(tmp_path):
    v2 = tmp_path / "v2.sql"
    v2.write_bytes(
        b"CREATE TABLE `collections` (`ID` int(11) NOT NULL, `Title` varchar(255),"
        b" PRIMARY KEY (`ID`)) ENGINE=InnoDB;\nINSERT INTO `collections` VALUES (1,'x');\n"
    )
    lib = pustaka.Library.create(tmp_path / "lib")
    with pytest.raises(pustaka.ImportFailed) as e:
        inlislite.import_dump(lib, v2)
    assert e.value.kind == "v2_dump"
    assert e.value.line == 1
    assert "v2-era" in str(e.value)


def test_export_then_import_gives_the_same_rows(imported, tmp_path):
    lib, _ = imported
    out = tmp_path / "export.sql"
    report = inlislite.export(lib, out)
    counts = EXPECTED["row_counts"]
    for table, n in counts.items():
        assert report["tables"][table] == n, table
    assert report["rows"] == sum(report["tables"].values())
    assert report["bytes"] == out.stat().st_size
    assert not (tmp_path / "export.sql.partial").exists()
    text = out.read_text(encoding="utf-8")
    assert "CREATE TABLE IF NOT EXISTS `catalog_ruas`" in text
    again = pustaka.Library.create(tmp_path / "again")
    back = inlislite.import_dump(again, out)
    assert back["rejections"] == []
    for table, n in counts.items():
        assert back["tables"][table]["imported"] == n, table
    for bibid, marc in list(EXPECTED["all_marc_by_bibid"].items())[:20]:
        assert as_manifest(again.catalog.get_by_bibid(bibid).record) == marc, bibid
    # Rows with the same ids and values, table by table.
    for table in ("members", "collections", "pelanggaran", "catalog_subruas"):
        query = f'SELECT * FROM "{table}" ORDER BY 1'
        assert again.sql(query) == lib.sql(query), table


def test_import_failed_raised_by_python_code_has_the_class_defaults():
    e = pustaka.ImportFailed("by hand")
    assert (e.kind, e.line, e.column, e.message) == ("other", None, None, "")
