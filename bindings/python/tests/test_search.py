"""pustaka.Library.search: hits, sort, paging, snippets, facets (location and availability
from items, following a checkout), fallback rungs and QueryError, with exact values on a
small library built here."""

import sqlite3
import threading

import pytest

import pustaka
import pustaka.marc

SETUP = "2025-01-06T08:00:00"


def record(title, author, year, subject=None, note=None):
    r = pustaka.marc.Record()
    r.add_field(
        pustaka.marc.Field(
            tag="100", indicators=["1", " "], subfields=[pustaka.marc.Subfield("a", author)]
        )
    )
    r.add_field(
        pustaka.marc.Field(
            tag="245",
            indicators=["1", "0"],
            subfields=[pustaka.marc.Subfield("a", title)],
        )
    )
    r.add_field(
        pustaka.marc.Field(
            tag="260",
            indicators=[" ", " "],
            subfields=[
                pustaka.marc.Subfield("a", "Jakarta :"),
                pustaka.marc.Subfield("b", "Balai Pustaka,"),
                pustaka.marc.Subfield("c", str(year)),
            ],
        )
    )
    if subject:
        r.add_field(
            pustaka.marc.Field(
                tag="650", indicators=[" ", "4"], subfields=[pustaka.marc.Subfield("a", subject)]
            )
        )
    if note:
        r.add_field(
            pustaka.marc.Field(
                tag="500", indicators=[" ", " "], subfields=[pustaka.marc.Subfield("a", note)]
            )
        )
    return r


@pytest.fixture
def lib(tmp_path):
    library = pustaka.Library.create(tmp_path / "lib")
    books = [
        record("Laskar pelangi", "Hirata, Andrea", 2005, "Novel Indonesia"),
        record("Sang pemimpi", "Hirata, Andrea", 2006, "Novel Indonesia"),
        record("Di bawah bendera revolusi", "Soekarno", 1963, "Politik"),
        record(
            "Petani dan tanah",
            "Budiman, Arief",
            1990,
            "Pertanian",
            "Kisah para petani di lereng Merapi yang menanam padi.",
        ),
        record("Bertani sayur di pekarangan", "Lestari, Dewi", 2010, "Pertanian"),
    ]
    for book in books:
        library.catalog.add(book, at=SETUP)
    db = sqlite3.connect(library.database_path)
    db.executescript(
        """INSERT INTO location_library (ID, Code, Name) VALUES (1, 'PUSDA', 'Pusda');
           INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Ruang Sirkulasi'),
               (2, 'REF', 'Ruang Referensi');
           INSERT INTO collectioncategorys (ID, Code, Name) VALUES (1, 'UM', 'Koleksi Umum');"""
    )
    db.commit()
    for catalog, barcode, location in [(1, "B001", 1), (1, "B002", 2), (2, "B003", 1)]:
        library.items.add(
            catalog,
            barcode,
            status_id=1,
            rule_id=1,
            category_id=1,
            location_id=location,
            location_library_id=1,
            at=SETUP,
        )
    library.members.add("A001", "Siti Aminah", "Umum", create_type=True, at=SETUP)
    db.executescript(
        """UPDATE jenis_anggota SET MaxLoanDays = 7, MaxPinjamKoleksi = 3
               WHERE jenisanggota = 'Umum';
           INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id)
               SELECT ID, 1 FROM members WHERE MemberNo = 'A001';
           INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id)
               SELECT ID, 1 FROM members WHERE MemberNo = 'A001';"""
    )
    db.commit()
    db.close()
    return library


def test_hits_sort_and_paging(lib):
    r = lib.search("hirata")
    assert isinstance(r, pustaka.SearchResults)
    assert r.total == 2
    assert r.rung == "and"
    assert r.suggestion is None
    assert len(r) == 2
    hit = r.hits[0]
    assert isinstance(hit, pustaka.Hit)
    assert {h.title for h in r} == {"Laskar pelangi", "Sang pemimpi"}
    assert hit.author == "Hirata, Andrea"
    assert hit.publisher == "Balai Pustaka"
    assert hit.bibid == lib.catalog.get(hit.catalog_id).bibid
    assert hit.score > 0

    by = lambda sort: [(h.catalog_id, h.year) for h in lib.search("hirata", sort=sort).hits]
    assert by("year") == [(1, 2005), (2, 2006)]
    assert by("-year") == [(2, 2006), (1, 2005)]
    assert by("title") == [(1, 2005), (2, 2006)]
    assert [h.title for h in lib.search("pertanian", sort="title").hits] == [
        "Bertani sayur di pekarangan",
        "Petani dan tanah",
    ]

    page = lib.search("tahun:1900..2100", limit=2, offset=1, sort="-year")
    assert page.total == 5
    assert [h.year for h in page.hits] == [2006, 2005]
    assert lib.search("hirata", limit=0).hits == []
    assert lib.search("hirata", limit=0).total == 2
    with pytest.raises(pustaka.QueryError, match="unknown sort"):
        lib.search("hirata", sort="popularity")


def test_snippets_mark_the_matching_words(lib):
    r = lib.search("sukarno")
    assert [(h.title, h.snippet, h.highlights) for h in r.hits] == [
        ("Di bawah bendera revolusi", "Soekarno", [(0, 8)])
    ]
    # An exact word scores above a stem match; both are found, the stem match is marked.
    r = lib.search("petani")
    assert [h.catalog_id for h in r.hits] == [4, 5]
    assert r.hits[0].snippet == "Petani dan tanah"
    assert r.hits[0].highlights == [(0, 6)]
    assert r.hits[1].snippet == "Bertani sayur di pekarangan"
    assert r.hits[1].highlights == [(0, 7)]
    # A note: the note is the snippet when only it matches.
    r = lib.search("merapi")
    hit = r.hits[0]
    assert hit.snippet == "Kisah para petani di lereng Merapi yang menanam padi."
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Merapi"]


def test_fallbacks_and_suggestion(lib):
    r = lib.search("pemimpy")
    assert r.rung == "fuzzy"
    assert r.suggestion == "pemimpi"
    assert [h.title for h in r.hits] == ["Sang pemimpi"]
    r = lib.search("laskar zebra")
    assert r.rung == "or"
    assert [h.title for h in r.hits] == ["Laskar pelangi"]


def test_facets_follow_items_and_checkouts(lib):
    r = lib.search("hirata")
    assert list(r.facets) == [
        "author",
        "subject",
        "year",
        "decade",
        "language",
        "material_type",
        "location",
        "availability",
    ]
    assert r.facets["author"] == [("Hirata, Andrea", 2)]
    assert r.facets["year"] == [("2005", 1), ("2006", 1)]
    assert r.facets["decade"] == [("2000s", 2)]
    assert r.facets["location"] == [("Ruang Sirkulasi", 2), ("Ruang Referensi", 1)]
    assert r.facets["availability"] == [("available", 2)]
    assert lib.search("hirata", facets=False).facets == {}

    lib.circulation.checkout("A001", ["B003"], "2025-01-06T09:00:00")
    r = lib.search("hirata")
    assert r.facets["availability"] == [("available", 1), ("on loan", 1)]
    on_loan = lib.search("hirata", filters={"availability": "on loan"})
    assert [h.title for h in on_loan.hits] == ["Sang pemimpi"]
    here = lib.search("hirata", filters=[("location", "Ruang Referensi")])
    assert [h.title for h in here.hits] == ["Laskar pelangi"]
    with pytest.raises(pustaka.QueryError, match="unknown facet"):
        lib.search("hirata", filters={"shelf": "x"})

    lib.circulation.return_item("B003", "2025-01-07T09:00:00")
    assert lib.search("hirata").facets["availability"] == [("available", 2)]
    assert lib.reindex() == 5
    assert lib.search("hirata").facets["availability"] == [("available", 2)]


def test_malformed_query_raises_query_error_with_position(lib):
    with pytest.raises(pustaka.QueryError) as info:
        lib.search('judul:"laskar')
    assert isinstance(info.value, pustaka.PustakaError)
    assert info.value.position == 6
    assert info.value.message == "unterminated phrase: this quote has no closing quote"
    assert "byte 6" in str(info.value)
    with pytest.raises(pustaka.QueryError) as info:
        lib.search("tahun:2010..2000")
    assert info.value.position == 6


def test_searches_from_threads(lib):
    results = []

    def worker():
        for _ in range(20):
            results.append(lib.search("hirata", facets=False).total)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [2] * 80
