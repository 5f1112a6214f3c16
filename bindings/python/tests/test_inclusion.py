"""The guest book, community activities and the periodic report from Python, on the demo
INLISLite library (fixtures/inlislite/perpus-demo.sql). New check-ins and activities are
dated March 2027, after the demo's own data (2025-01-02 to 2026-02-13), so their figures
are exactly what the tests add."""

import pathlib

import pytest

import pustaka
from pustaka import inlislite

DEMO = pathlib.Path(__file__).resolve().parents[3] / "fixtures" / "inlislite" / "perpus-demo.sql"
DAY = "2027-03-01"


@pytest.fixture
def lib(tmp_path):
    lib = pustaka.Library.create(tmp_path / "perpus")
    inlislite.import_dump(lib, DEMO)
    return lib


def one_day_of_visits(lib):
    """A member twice (counted once: the demo counts members once a day), a non-member and
    a school group of 12."""
    visits = lib.visits
    first = visits.add(member_no="202500001", purpose_id=1, location_id=1, at=f"{DAY} 09:15:00")
    again = visits.add(member_no="202500001", purpose_id=1, location_id=1, at=f"{DAY} 10:30:00")
    guest = visits.add(
        name="Budi Santoso",
        gender_id=1,
        address="Jl. Merdeka 5",
        occupation_id=2,
        education_id=7,
        purpose_id=4,
        location_id=3,
        information="lowongan kerja",
        at=f"{DAY} 10:05:00",
    )
    group = visits.add_group(
        "Sari Wulandari",
        "SMP Negeri 1 Sukamaju",
        "Jl. Sekolah 1",
        12,
        occupation={"guru": 2, "pelajar": 10},
        education={"smp": 10, "s1": 2},
        men=5,
        women=7,
        purpose_id=5,
        location_id=1,
        at=f"{DAY} 13:00:00",
    )
    return first, again, guest, group


def test_a_member_counts_once_a_day_and_groups_add_their_persons(lib):
    assert lib.visits.counts_every_checkin is False
    first, again, guest, group = one_day_of_visits(lib)
    assert first["counted"] is True
    assert again == {"id": first["id"], "counted": False}
    assert guest["counted"] is True and guest["id"] == first["id"] + 1
    assert isinstance(group, int)
    rows = lib.sql(
        "SELECT NoAnggota, Nama, JenisKelamin_id, Profesi_id FROM memberguesses WHERE ID >= ?",
        [first["id"]],
    )
    assert rows == [
        {"NoAnggota": "202500001", "Nama": "Euis Saputra", "JenisKelamin_id": 2, "Profesi_id": 9},
        {"NoAnggota": None, "Nama": "Budi Santoso", "JenisKelamin_id": 1, "Profesi_id": 2},
    ]
    figures = lib.visits.count(DAY, DAY)
    assert figures["members"] == 1
    assert figures["non_members"] == 1
    assert figures["group_persons"] == 12
    assert figures["total"] == 14
    assert figures["daily_average"] == 14.0
    assert figures["by_gender"] == {"Laki-laki": 6, "Perempuan": 8}
    assert figures["by_occupation"] == {"Guru": 2, "Pegawai Swasta": 1, "Pelajar": 11}
    assert figures["by_education"] == {"S1": 3, "SD": 1, "SMP": 10}
    assert figures["by_purpose"] == {
        "Kunjungan rombongan / studi banding": 12,
        "Membaca": 1,
        "Menggunakan internet": 1,
    }
    assert figures["by_location"] == {"Ruang Referensi": 1, "Ruang Sirkulasi Dewasa": 13}
    assert list(figures["by_hour"]) == [f"{h:02}" for h in range(24)]
    assert {h: n for h, n in figures["by_hour"].items() if n} == {"09": 1, "10": 1, "13": 12}


def test_counting_every_checkin_counts_the_member_twice(lib):
    lib.visits.set_counts_every_checkin(True, at=f"{DAY} 08:00:00")
    assert lib.visits.counts_every_checkin is True
    first, again, _, _ = one_day_of_visits(lib)
    assert again["counted"] is True and again["id"] != first["id"]
    assert lib.visits.count(DAY, DAY)["members"] == 2


def test_counts_by_day_give_one_bucket_per_day(lib):
    one_day_of_visits(lib)
    buckets = lib.visits.count("2027-02-28", "2027-03-02", by="day")
    assert [b["label"] for b in buckets] == ["2027-02-28", "2027-03-01", "2027-03-02"]
    assert [b["visits"]["total"] for b in buckets] == [0, 14, 0]
    assert buckets[1]["from"] == buckets[1]["to"] == DAY
    by_month = lib.visits.count("2025-01-01", "2025-12-31", by="bulanan")
    assert len(by_month) == 12
    assert sum(b["visits"]["total"] for b in by_month) == lib.visits.count(
        "2025-01-01", "2025-12-31"
    )["total"]


def test_guest_book_errors_name_the_field(lib):
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.add(name="Budi", gender_id=1, at=f"{DAY} 10:00:00")
    assert e.value.field == "Alamat"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.add(name="Budi", gender_id=1, address="Jl. A", purpose_id=2, at=DAY)
    assert e.value.field == "TujuanKunjungan_Id"
    with pytest.raises(pustaka.NotFound):
        lib.visits.add(member_no="NOPE", at=DAY)
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.add_group(
            "Sari", "SMPN 1", "Jl. Sekolah 1", 12,
            occupation={"guru": 2, "pelajar": 9}, education={"smp": 12}, men=6, women=6, at=DAY,
        )
    assert e.value.field == "occupation counts (CountPNS..CountLainnya)"
    assert "1" in str(e.value)
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.add_group("Sari", "SMPN 1", "Jl. Sekolah 1", 3, occupation={"petani": 3})
    assert e.value.field == "occupation.petani"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.add_group("Sari", "SMPN 1", "Jl. Sekolah 1", 3, education={"sd": "3"})
    assert e.value.field == "education.sd"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.count("2027-03-02", "2027-03-01")
    assert e.value.field == "period"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.count("2027-03-01", "2027-03-01", by="week")
    assert e.value.field == "by"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.visits.count("1 Maret 2027", "2027-03-01")
    assert e.value.field == "date"
    assert isinstance(e.value, pustaka.PustakaError)


def sewing_training(lib):
    return lib.activities.add(
        "Pelatihan menjahit untuk ibu rumah tangga",
        "pelibatan_masyarakat",
        "pelatihan",
        "2027-03-05",
        "2027-03-06",
        20,
        description="Dua hari, mesin dari Dinas Koperasi",
        venue="Balai Desa Sukamaju",
        funding_source="APBDes",
        impact_areas=["pengembangan_usaha", "ekonomi_digital"],
        outside_library=True,
        tallies={"gender": {"Perempuan": 18, "Laki-laki": 2}, "disability": {"none": 19, "fisik": 1}},
        roster=[{"name": "Siti Aminah", "gender": "Perempuan", "consent": True}],
        stakeholders=[
            {"name": "Dinas Koperasi", "sector": "pemerintah", "role": "narasumber", "representatives": 2}
        ],
        attachments=[{"kind": "foto", "uri": "foto/pelatihan-1.jpg", "caption": "Hari pertama"}],
        at="2027-03-06 16:00:00",
    )


def test_an_activity_is_stored_with_its_tallies_roster_and_stakeholders(lib):
    activity = sewing_training(lib)
    assert activity["title"] == "Pelatihan menjahit untuk ibu rumah tangga"
    assert activity["strategy"] == "pelibatan_masyarakat"
    assert activity["activity_type"] == "pelatihan"
    assert activity["start"] == "2027-03-05" and activity["end"] == "2027-03-06"
    assert activity["participants"] == 20
    assert activity["outside_library"] is True
    assert sorted(activity["impact_areas"]) == ["ekonomi_digital", "pengembangan_usaha"]
    assert activity["tallies"] == {
        "disability": {"fisik": 1, "none": 19},
        "gender": {"Laki-laki": 2, "Perempuan": 18},
    }
    assert activity["roster"][0]["name"] == "Siti Aminah"
    assert activity["roster"][0]["consent"] is True
    assert activity["stakeholders"][0]["representatives"] == 2
    assert activity["attachments"][0]["uri"] == "foto/pelatihan-1.jpg"
    assert lib.activities.get(activity["id"]) == activity
    assert lib.activities.list("2027-03-01", "2027-03-31") == [activity]
    assert lib.activities.list(until="2027-03-04") == []
    assert lib.activities.codes("strategy")["advokasi"] == "Advokasi"


def test_an_impact_story_belongs_to_its_activity(lib):
    activity = sewing_training(lib)
    story = lib.activities.add_story(
        "pengembangan_usaha",
        "Ibu S.",
        "Menerima pesanan seragam sekolah dari rumah",
        activity_id=activity["id"],
        evidence="Buku pesanan April 2027",
        outcome={"description": "Pendapatan per bulan", "before": 0, "after": 1500000, "unit": "Rp"},
        publications=[{"url": "https://sukamaju.desa.id/berita/1", "outlet": "Web desa", "date": "2027-04-20"}],
        consent=True,
        at="2027-04-21 10:00:00",
    )
    assert story["activity_id"] == activity["id"]
    assert story["outcome"] == {
        "description": "Pendapatan per bulan", "before": 0.0, "after": 1500000.0, "unit": "Rp"
    }
    assert story["publications"][0]["outlet"] == "Web desa"
    assert lib.activities.story(story["id"]) == story
    assert lib.activities.get(activity["id"])["stories"] == [story]


def test_activity_errors_name_the_field(lib):
    args = ("Diskusi buku", "pelibatan_masyarakat", "diskusi", "2027-03-05", "2027-03-05", 10)
    with pytest.raises(pustaka.ValidationError) as e:
        lib.activities.add(*args, tallies={"gender": {"Perempuan": 4, "Laki-laki": 5}})
    assert e.value.field == "tallies.gender"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.activities.add("Diskusi", "hiburan", "diskusi", "2027-03-05", "2027-03-05", 1)
    assert e.value.field == "strategy"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.activities.add(*args, roster=[{"name": "Siti", "umur": 40}])
    assert e.value.field == "roster[0].umur"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.activities.add(*args, stakeholders=[{"name": "Dinas", "sector": "pemerintah"}])
    assert e.value.field == "stakeholders[0].role"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.activities.add("Diskusi", "advokasi", "diskusi", "2027-03-05", "2027-03-04", 1)
    assert e.value.field == "end"
    with pytest.raises(pustaka.NotFound):
        lib.activities.get(999)


def test_the_report_is_a_dict_with_the_json_keys_and_writes_html(lib, tmp_path):
    one_day_of_visits(lib)
    sewing_training(lib)
    report = lib.report("2027-03-01", "2027-03-31", by="day", population=10000)
    assert isinstance(report, pustaka.Report) and isinstance(report, dict)
    assert report["period"] == {"from": "2027-03-01", "to": "2027-03-31", "days": 31}
    assert report["by"] == "day"
    assert report["visits"]["total"] == 14
    assert len(report["series"]) == 31
    assert report["series"][0]["visits"]["total"] == 14
    assert report["activities"]["count"] == 1
    assert report["activities"]["participants"] == 20
    assert report["activities"]["by_strategy"] == {
        "pelibatan_masyarakat": {"activities": 1, "participants": 20}
    }
    assert report["activities"]["outside_library"] == 1
    assert report["activities"]["stakeholder_representatives"] == 2
    assert report["indicators"]["population"] == 10000
    assert report["indicators"]["community_involvement_rate"] == pytest.approx(0.2)

    path = report.to_html(tmp_path / "laporan.html")
    assert path == tmp_path / "laporan.html"
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('<g class="bucket"') == 31
    # 1 member, 1 non-member, 12 group persons on 1 March; hours 09, 10, 13; one strategy
    # with activities and participants.
    assert html.count('<rect class="bar') == 3 + 3 + 2
    assert pustaka.report_to_html(dict(report)) == html
    assert report.to_html() == html


def test_the_demo_librarys_report_matches_sql(lib):
    report = lib.report("2025-01-02", "2026-02-13")
    assert report["by"] == "month"
    assert report["indicators"] is None
    assert [s["label"] for s in report["series"]][:2] == ["2025-01", "2025-02"]
    assert len(report["series"]) == 14
    (visits,) = lib.sql(
        "SELECT (SELECT count(*) FROM memberguesses)"
        " + (SELECT sum(CountPersonel) FROM groupguesses) AS n"
    )
    assert report["visits"]["total"] == visits["n"] == 1051
    (loans,) = lib.sql(
        "SELECT count(*) AS n FROM collectionloanitems"
        " WHERE substr(LoanDate, 1, 10) BETWEEN '2025-01-02' AND '2026-02-13'"
    )
    assert report["circulation"]["loans"] == loans["n"] == 541
    assert report["members"]["total"] == 80
    assert sum(s["visits"]["total"] for s in report["series"]) == 1051
    with pytest.raises(pustaka.ValidationError) as e:
        lib.report("2026-02-13", "2025-01-02")
    assert e.value.field == "period"
    with pytest.raises(pustaka.ValidationError) as e:
        lib.report("2025-01-02", "2026-02-13", population=0)
    assert e.value.field == "population"
