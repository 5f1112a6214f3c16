"""pustaka.Library: catalogue, items, members, import, read-only SQL and circulation, with
exact values on the bundled LoC sample."""

import datetime
import pathlib
import sqlite3

import pytest

import pustaka
import pustaka.marc

FIXTURES = pathlib.Path(__file__).resolve().parents[3] / "fixtures"
SAMPLE = FIXTURES / "marc" / "loc-booksall" / "BooksAll.2016.part01.utf8.first1000"
SETUP = "2025-01-06T08:00:00"
# The first record of the sample imported in January 2025.
BIBID = "0010-0125000001"
TITLE = (
    "Botanical materia medica and pharmacology; drugs considered from a botanical, "
    "pharmaceutical, physiological, therapeutical and toxicological standpoint. "
    "By S. H. Aurand."
)


@pytest.fixture
def lib(tmp_path):
    library = pustaka.Library.create(tmp_path / "lib")
    summary = library.import_marc(str(SAMPLE), at=SETUP)
    assert summary["imported"] == 1000
    assert summary["rejected"] == 0
    assert summary["warnings"] == 0
    assert summary["complete"] is True
    assert summary["rejections"] == []
    assert isinstance(summary["seconds"], float)
    return library


def test_import_then_read_by_bibid_and_sql(lib, tmp_path):
    catalog = lib.catalog.get_by_bibid(BIBID)
    assert catalog.id == 1
    assert catalog.bibid == BIBID
    assert catalog.control_number == "INLIS000000000000001"
    assert catalog.title == TITLE
    assert catalog.author == "Aurand, Samuel Herbert,"
    assert catalog.record["001"].data == "INLIS000000000000001"
    assert catalog.record["245"]["a"] == "Botanical materia medica and pharmacology;"
    assert lib.catalog.get(1000).bibid == "0010-0125001000"
    assert len(lib.catalog) == 1000
    assert [c.id for c in lib.catalog][:3] == [1, 2, 3]
    assert sum(1 for _ in lib.catalog) == 1000

    assert lib.sql("SELECT COUNT(*) AS n FROM catalogs") == [{"n": 1000}]
    assert lib.sql("SELECT BIBID FROM catalogs WHERE ID = ?", (2,)) == [
        {"BIBID": "0010-0125000002"}
    ]
    assert lib.sql("SELECT BIBID FROM catalogs WHERE ID = :id", {"id": 3}) == [
        {"BIBID": "0010-0125000003"}
    ]
    with pytest.raises(pustaka.QueryError, match="read-only"):
        lib.sql("DELETE FROM catalogs")
    with pytest.raises(pustaka.QueryError, match="read-only"):
        lib.sql("INSERT INTO holidays (Dates, Names) VALUES (?, ?)", ("2025-01-01", "x"))
    with pytest.raises(pustaka.QueryError):
        lib.sql("SELEKT 1")
    assert lib.sql("SELECT COUNT(*) AS n FROM catalogs") == [{"n": 1000}]

    # The library opens again with everything in it.
    again = pustaka.Library.open(tmp_path / "lib")
    assert again.catalog.get_by_bibid(BIBID).title == TITLE
    with pytest.raises(pustaka.NotFound):
        pustaka.Library.open(tmp_path / "nowhere")
    with pytest.raises(pustaka.Conflict):
        pustaka.Library.create(tmp_path / "lib")


def test_catalog_add_update_delete_restore(tmp_path):
    lib = pustaka.Library.create(tmp_path / "lib")
    record = pustaka.marc.Record()
    record.add_field(
        pustaka.marc.Field(
            tag="245",
            indicators=["1", "0"],
            subfields=[
                pustaka.marc.Subfield("a", "Laskar pelangi /"),
                pustaka.marc.Subfield("c", "Andrea Hirata."),
            ],
        )
    )
    added = lib.catalog.add(record, at=datetime.datetime(2024, 1, 15, 9, 30))
    assert added.bibid == "0010-0124000001"
    assert added.control_number == "INLIS000000000000001"
    assert added.title == "Laskar pelangi / Andrea Hirata."
    assert added.create_date == "2024-01-15 09:30:00"
    assert added.record["001"].data == "INLIS000000000000001"

    record["245"]["a"] = "Sang pemimpi /"
    updated = lib.catalog.update(added.id, record, at="2024-02-01")
    assert updated.bibid == added.bibid
    assert updated.title == "Sang pemimpi / Andrea Hirata."

    lib.catalog.delete(added.id, at="2024-02-02 10:00:00")
    with pytest.raises(pustaka.NotFound):
        lib.catalog.get(added.id)
    assert len(lib.catalog) == 0
    restored = lib.catalog.restore(added.id, at="2024-02-03")
    assert restored.title == "Sang pemimpi / Andrea Hirata."
    assert len(lib.catalog) == 1

    with pytest.raises(pustaka.ValidationError):
        lib.catalog.add(record, at="2024-13-01")
    with pytest.raises(TypeError):
        lib.catalog.add("not a record")


def test_items_and_members(lib):
    item = lib.items.add(BIBID, "B001", no_induk="INV-1", price=50000, at=SETUP)
    assert item.barcode == "B001"
    assert item.catalog_id == 1
    assert item.no_induk == "INV-1"
    assert item.price == 50000
    assert item.status_id == 9
    assert lib.items.get_by_barcode("B001").id == item.id
    assert lib.catalog.get(1).record["990"]["a"] == "INV-1"
    assert [i.barcode for i in lib.items.for_catalog(BIBID)] == ["B001"]
    with pytest.raises(pustaka.Conflict, match="B001"):
        lib.items.add(2, "B001", at=SETUP)
    with pytest.raises(pustaka.NotFound):
        lib.items.get_by_barcode("NOPE")
    with pytest.raises(pustaka.NotFound):
        lib.items.add("0010-0199999999", "B002", at=SETUP)

    member = lib.members.add(
        "A001",
        "Siti Aminah",
        "Umum",
        create_type=True,
        register_date=datetime.date(2025, 1, 6),
        end_date="2026-12-31",
        at=SETUP,
    )
    assert member.member_no == "A001"
    assert member.name == "Siti Aminah"
    assert member.status_id == 3
    assert member.register_date == "2025-01-06"
    assert member.end_date == "2026-12-31"
    assert lib.members.types() == [(member.member_type_id, "Umum")]
    assert lib.members.get("A001").id == member.id
    with pytest.raises(pustaka.NotFound):
        lib.members.get("Z999")
    with pytest.raises(pustaka.Conflict):
        lib.members.add("A001", "Someone Else", member.member_type_id, at=SETUP)
    with pytest.raises(pustaka.ValidationError) as err:
        lib.members.add("A002", "Budi", "Nobody", at=SETUP)
    assert err.value.field == "member_type"
    with pytest.raises(pustaka.ValidationError) as err:
        lib.members.add("A003", "  ", member.member_type_id, at=SETUP)
    assert err.value.field == "Fullname"
    for cls in (pustaka.NotFound, pustaka.Conflict, pustaka.ValidationError,
                pustaka.CirculationError, pustaka.QueryError):
        assert issubclass(cls, pustaka.PustakaError)


def town(lib):
    """A library open six days a week (Sundays closed) with one holiday (2025-01-16), one
    circulation room SIRK, one category, items B001..B003 and member A001 of type Umum
    lending 7 days, 3 items, one renewal of 7 days, a `Berkelipatan` fine of Rp 500 per 2
    days times 2 and a 3-day suspension (the setup of the CLI's loan tests). Settings,
    location, category, authorisations and the type's rules have no API yet: SQL."""
    db = sqlite3.connect(lib.database_path)
    db.executescript(
        """INSERT INTO settingparameters (Name, Value) VALUES ('IsSaturdayHoliday', 'False'),
               ('IsSundayHoliday', 'True');
           INSERT INTO holidays (Dates, Names) VALUES ('2025-01-16 00:00:00', 'Libur');
           INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Ruang Sirkulasi');
           INSERT INTO collectioncategorys (ID, Code, Name) VALUES (1, 'UM', 'Koleksi Umum');"""
    )
    db.commit()
    for barcode in ["B001", "B002", "B003"]:
        lib.items.add(
            BIBID,
            barcode,
            status_id=1,
            rule_id=1,
            category_id=1,
            location_id=1,
            location_library_id=1,
            at=SETUP,
        )
    lib.members.add("A001", "Siti Aminah", "Umum", create_type=True, at=SETUP)
    db.executescript(
        """UPDATE jenis_anggota SET MaxLoanDays = 7, MaxPinjamKoleksi = 3,
               CountPerpanjang = 1, DayPerpanjang = 7,
               DendaType = 'Berkelipatan', DendaPerTenor = 500, DendaTenorJumlah = 2,
               DendaTenorSatuan = 'Hari', DendaTenorMultiply = 2,
               SuspendType = 'Konstan', DaySuspend = 3
               WHERE jenisanggota = 'Umum';
           INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id)
               SELECT ID, 1 FROM members WHERE MemberNo = 'A001';
           INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id)
               SELECT ID, 1 FROM members WHERE MemberNo = 'A001';"""
    )
    db.commit()
    db.close()


def test_circulation_scenario(lib):
    town(lib)
    circ = lib.circulation

    dry = circ.checkout("A001", ["B003"], "2025-01-06T09:00:00", dry_run=True)
    assert dry["items"][0]["due_date"] == "2025-01-14"
    assert circ.loans("A001") == []

    # Monday 6 January, 7 days: the walk meets Sunday the 12th, so due Tuesday the 14th.
    checkout = circ.checkout(
        "A001", ["B001", "B002"], at=datetime.datetime(2025, 1, 6, 9, 0, 0)
    )
    assert checkout == {
        "loan_id": "SIRK25010600001",
        "member_no": "A001",
        "items": [
            {"barcode": "B001", "loan_date": "2025-01-06T09:00:00", "due_date": "2025-01-14"},
            {"barcode": "B002", "loan_date": "2025-01-06T09:00:00", "due_date": "2025-01-14"},
        ],
    }
    assert lib.items.get_by_barcode("B001").status_id == 5
    loans = circ.loans("A001")
    assert [(l["loan_id"], l["barcode"], l["due_date"], l["renewals"]) for l in loans] == [
        ("SIRK25010600001", "B001", "2025-01-14", 0),
        ("SIRK25010600001", "B002", "2025-01-14", 0),
    ]

    # The same item again: refused by kind.
    with pytest.raises(pustaka.CirculationError) as err:
        circ.checkout("A001", "B001", "2025-01-07T09:00:00")
    assert err.value.kind == "item_unavailable"
    assert "B001" in err.value.message
    with pytest.raises(pustaka.CirculationError) as err:
        circ.checkout("A001", ["B003"], "yesterday")
    assert err.value.kind == "invalid_time"
    with pytest.raises(pustaka.CirculationError) as err:
        circ.checkout("Z999", ["B003"], "2025-01-07T09:00:00")
    assert err.value.kind == "not_found"

    # Renewal on Friday the 10th: the 16th is a holiday, Sunday the 19th is closed.
    assert circ.renew("B002", "2025-01-10T10:00:00") == {
        "barcode": "B002",
        "due_date": "2025-01-20",
        "renewals": 1,
    }
    with pytest.raises(pustaka.CirculationError) as err:
        circ.renew("B002", "2025-01-11T10:00:00")
    assert err.value.kind == "renewal_limit"

    overdue = circ.overdue(datetime.date(2025, 1, 15))
    assert [(l["barcode"], l["due_date"]) for l in overdue] == [("B001", "2025-01-14")]
    assert circ.overdue("2025-01-14") == []

    # Back Monday the 20th, due the 14th: 4 late days (less Sunday and the holiday);
    # floor(4 / 2) = 2 tenors x Rp 500 x 2 = Rp 2.000; 3 days' suspension.
    assert circ.return_item("B001", "2025-01-20T11:00:00") == {
        "barcode": "B001",
        "member_no": "A001",
        "returned_at": "2025-01-20T11:00:00",
        "due_date": "2025-01-14",
        "late_days": 4,
        "fine": 2000,
        "suspension_days": 3,
    }
    on_time = circ.return_item("B002", "2025-01-20T12:00:00")
    assert (on_time["late_days"], on_time["fine"], on_time["due_date"]) == (0, 0, "2025-01-20")
    with pytest.raises(pustaka.CirculationError) as err:
        circ.return_item("B002", "2025-01-20T12:00:00")
    assert err.value.kind == "not_found"
    with pytest.raises(pustaka.CirculationError) as err:
        circ.checkout("A001", ["B003"], "2025-01-21T09:00:00")
    assert err.value.kind == "member_suspended"

    fines = circ.fines("A001")
    assert [(f["barcode"], f["fine"], f["suspension_days"], f["paid"]) for f in fines] == [
        ("B001", 2000, 3, False)
    ]
    assert circ.pay("A001", amount=1000, at="2025-01-21T09:00:00") == {
        "member_no": "A001",
        "paid": [],
        "total": 0,
    }
    paid = circ.pay("A001", violations=[fines[0]["id"]], at="2025-01-21T09:00:00")
    assert paid == {"member_no": "A001", "paid": [fines[0]["id"]], "total": 2000}
    assert circ.fines("A001") == []

    later = circ.checkout("A001", ["B003"], "2025-01-23T09:00:00")
    assert later["loan_id"] == "SIRK25012300001"

    # Booking and reading in place.
    booking = circ.book("A001", "B001", "2025-01-23T10:00:00")
    assert booking["barcode"] == "B001"
    assert booking["member_no"] == "A001"
    assert booking["booked_at"] == "2025-01-23T10:00:00"
    reading = circ.read_in_place("B002", "2025-01-23T10:30:00")
    assert reading["barcode"] == "B002"
    assert reading["member_no"] is None
    assert reading["started_at"] == "2025-01-23T10:30:00"
    assert lib.items.get_by_barcode("B002").status_id == 11
    circ.return_read_in_place("B002", "2025-01-23T11:30:00")
    assert lib.items.get_by_barcode("B002").status_id == 1


def test_import_errors_and_threads(tmp_path):
    import threading

    lib = pustaka.Library.create(tmp_path / "lib")
    with pytest.raises(pustaka.MarcError):
        lib.import_marc(str(tmp_path / "missing.mrc"))
    with pytest.raises(pustaka.ValidationError):
        lib.import_marc(str(SAMPLE), items_from="999")
    # Another thread keeps using the library while an import runs with the GIL released.
    counts = []
    worker = threading.Thread(
        target=lambda: counts.extend(
            lib.sql("SELECT COUNT(*) AS n FROM catalogs")[0]["n"] for _ in range(20)
        )
    )
    worker.start()
    summary = lib.import_marc(SAMPLE, at=SETUP)
    worker.join()
    assert summary["imported"] == 1000
    assert len(counts) == 20 and all(0 <= n <= 1000 for n in counts)
    assert len(lib.catalog) == 1000
