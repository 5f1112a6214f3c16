"""pustaka.marc read as pymarc reads: exact values on the bundled fixtures."""

import json
import pathlib

import pytest

import pustaka
import pustaka.marc

FIXTURES = pathlib.Path(__file__).resolve().parents[3] / "fixtures"


def expected_lines(rel):
    path = FIXTURES / "marc-expected" / (rel + ".pymarc.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_marc8_records_read_like_pymarc():
    rel = "pymarc/test.dat"
    records = list(pustaka.marc.read(str(FIXTURES / "marc" / rel)))
    assert [r.as_dict() for r in records] == expected_lines(rel)
    assert records[0]["245"]["a"] == "ActivePerl with ASP and ADO /"


def test_path_bytes_and_file_object_give_the_same_records():
    path = FIXTURES / "marc" / "nlnz-pymarc_basics" / "NLNZ_100_example_marc.marc"
    from_path = [r.as_dict() for r in pustaka.marc.read(str(path))]
    from_bytes = [r.as_dict() for r in pustaka.marc.read(path.read_bytes())]
    with open(path, "rb") as fh:
        from_file = [r.as_dict() for r in pustaka.marc.read(fh)]
    assert len(from_path) == 101
    assert from_path == from_bytes == from_file


def test_strict_error_names_record_and_offset():
    with pytest.raises(pustaka.MarcError) as info:
        list(pustaka.marc.read(str(FIXTURES / "marc" / "pymarc" / "bad_records.mrc")))
    err = info.value
    assert isinstance(err, pustaka.PustakaError)
    assert err.record_number == 2
    assert err.offset == 139


def test_as_marc_round_trip():
    rel = "loc-booksall/BooksAll.2016.part01.utf8.first1000"
    records = list(pustaka.marc.read(str(FIXTURES / "marc" / rel)))
    assert len(records) == 1000
    again = list(pustaka.marc.read(b"".join(r.as_marc() for r in records)))
    assert [r.as_dict() for r in again] == [r.as_dict() for r in records]
