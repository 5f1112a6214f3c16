#!/usr/bin/env python3
"""Regenerates the fuzz seed corpora in fuzz/seeds/<target>/ (run from the project root).

Small, valid-looking inputs give libFuzzer a head start past the framing checks. The ISO 2709
and MARCXML seeds are byte copies of small files from the project's own `fixtures/marc/`
(licences in `fixtures/README.md`); the MARC-in-JSON and mnemonic seeds are converted from
those ISO 2709 files here, plus hand-written edge cases; the MARC-8 seeds are lines of
`fixtures/marc8/test_marc8.txt` and hand-written escape sequences. Standard library only.
"""

import hashlib
import json
import os
import shutil
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "fixtures", "marc")
OUT = os.path.join(ROOT, "fuzz", "seeds")
MAX_SEED = 4096

ISO_FILES = [
    "mrrc/simple_book.mrc",
    "mrrc/simple_authority.mrc",
    "mrrc/simple_holdings.mrc",
    "mrrc/multi_records.mrc",
    "mrrc/error_fixtures/e001_record_length_non_digit.bin",
    "mrrc/error_fixtures/e002_indicator_count_not_two.bin",
    "mrrc/error_fixtures/e003_base_address_below_24.bin",
    "mrrc/error_fixtures/e003_base_address_non_digit.bin",
    "mrrc/error_fixtures/e004_base_address_past_record.bin",
    "mrrc/error_fixtures/e005_truncated_record.bin",
    "mrrc/error_fixtures/e006_no_record_terminator.bin",
    "mrrc/error_fixtures/e101_directory_no_terminator.bin",
    "mrrc/error_fixtures/e101_directory_non_digit_length.bin",
    "mrrc/error_fixtures/e101_non_ascii_tag.bin",
    "mrrc/error_fixtures/e106_field_length_past_data.bin",
    "mrrc/error_fixtures/e202_non_printable_subfield_code.bin",
    "mrrc/error_fixtures/e301_invalid_utf8_in_subfield.bin",
    "pymarc/one.dat",
    "pymarc/bad_subfield_code.dat",
    "pymarc/marc8.dat",
    "pymarc/utf8_with_leader_flag.dat",
    "pymarc/alphatag.dat",
    "pymarc/bad_marc8_escape.dat",
    "pymarc/bad_eacc_encoding.dat",
    "pymarc/bad_indicator.dat",
    "pymarc/bad_records.mrc",
    "pymarc/utf8_invalid.mrc",
    "rust-marc/marc-8.sample.mrc",
    "rust-marc/3records.mrc",
]

XML_FILES = [
    "mrrc/error_fixtures/e401_no_record_element.xml",
    "mrrc/error_fixtures/e401_unexpected_eof_in_subfield.xml",
    "mrrc/error_fixtures/e401_malformed_marcxml.xml",
    "mrrc/error_fixtures/e401_bad_char_reference.xml",
    "mrrc/bibframe-baselines/marc-input/leader-types.xml",
    "pymarc/utf8.xml",
    "pymarc/bad_tag.xml",
    "mrrc/bibframe-baselines/marc-input/titles.xml",
]

JSON_FILES = [
    "pymarc/one.json",
    "mrrc/error_fixtures/e402_malformed_marcjson.json",
]

HAND_XML = [
    b'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">'
    b'<record><leader>00000nam a2200000 a 4500</leader>'
    b'<controlfield tag="001">x1</controlfield>'
    b'<datafield tag="245" ind1="1" ind2="0"><subfield code="a">A &amp; B &lt;c&gt; &#x263A; &#233;</subfield>'
    b'<subfield code="c"><![CDATA[cdata <x>]]></subfield></datafield>'
    b'<datafield tag="500" ind1=" " ind2=" "/></record></collection>\n',
    b'<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:leader>00000cam  2200000   4500</marc:leader>'
    b'<marc:datafield tag="FMT" ind1="" ind2="12"><marc:subfield code="ab">x</marc:subfield></marc:datafield></marc:record>',
    b'\xef\xbb\xbf<record><leader/><controlfield/><datafield tag="24"><subfield>v</subfield></datafield></record>'
    b'<record><leader>x</leader></record>',
]

HAND_JSON = [
    b'{"leader":"00000nam a2200000 a 4500","fields":[{"001":"x1"},{"245":{"ind1":"1","ind2":"0",'
    b'"subfields":[{"a":"Judul"},{"c":"Penulis \\u00e9\\"q\\""}]}}]}\n',
    b'[{"leader":"x","fields":[]},{"leader":"y","fields":[{"FMT":"BK"}]}]',
    b'{"leader":"l","fields":[{"500":{"ind1":"","ind2":"ab","subfields":[{"ab":"v","c":"w"},{}]}}]}'
    b'\n{"leader":"l","fields":[{"500":{"subfields":[]}}]}\n{"leader":"raw\ttab\x01","fields":[]}',
    b'{"leader":"l","fields":[{"001":1},{"245":{"subfields":"x"}},{"24":"short"}]} 17 null',
]

HAND_MRK = [
    b"=LDR  00000nam\\\\2200000\\a\\4500\n=001  x1\n=008  200101s2020\\\\\\\\io\\\\\\\\\\\\\\\\\\\\\\\\000\\0\\ind\\d\n"
    b"=245  10$aLaskar pelangi /$cAndrea Hirata.\n=500  \\\\$aHarga {dollar}5 {lcub}x{rcub} {bsol} {esc}(3 {copy}\n\n"
    b"=LDR  00000cam\\\\2200000\\\\\\4500\n=FMT  \\\\BK\n=650  \\0$aSubject$xSub$vForm.\n",
    b"\xef\xbb\xbf=LDR 00000nam\r\n=245 10 $a no double space\r\n=500  \r\n=50\n= \n$a\n=020  \\\\$a979-3062-79-7 (pbk.)$\n",
    b"=LDR  short\n=001  \n=245  1\n=246  123$a\n=999  \\\\$a{U+00E9}{xe9}{unknown}{\n",
]

MARC8_HAND = [
    b"\x1b(2\xe0\xed\x1b(B end",
    b"\x1b$1!0!\x1b(B",
    b"\x1b$1",
    b"\x1b)",
    b"\x1b$,1!1!",
    b"\xe2e\xf0c\xe1",
    b"&#x263A; &#X1F600; &#x110000; &#xZZ;",
    b"\x1bg\xa1\x1bs \x1bb1\x1bs",
    b"\x1b(N\xd1\xc1\x1b(B",
    b"\x88The\x89 \x7f\x80\x9f",
]


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def copy(target, rel):
    src = os.path.join(FIX, rel)
    name = rel.replace("/", "_")
    with open(src, "rb") as f:
        data = f.read()
    if len(data) > MAX_SEED:
        data = data[:MAX_SEED]
    write(target, name, data)
    return data


def iso_records(data):
    """Splits ISO 2709 bytes and parses UTF-8 records into (leader, fields)."""
    out = []
    for chunk in data.split(b"\x1d"):
        if len(chunk) < 25:
            continue
        try:
            leader = chunk[:24].decode("ascii")
            base = int(chunk[12:17])
            directory = chunk[24 : base - 1]
            fields = []
            for i in range(0, len(directory) - 11, 12):
                e = directory[i : i + 12]
                tag = e[:3].decode("ascii")
                ln, off = int(e[3:7]), int(e[7:12])
                body = chunk[base + off : base + off + ln - 1].decode("utf-8")
                fields.append((tag, body))
        except (ValueError, UnicodeDecodeError):
            continue
        out.append((leader, fields))
    return out


def as_json(leader, fields):
    fs = []
    for tag, body in fields:
        if tag < "010" and tag.isdigit():
            fs.append({tag: body})
        else:
            parts = body.split("\x1f")
            inds = parts[0].ljust(2)
            subs = [{p[0]: p[1:]} for p in parts[1:] if p]
            fs.append({tag: {"ind1": inds[0], "ind2": inds[1], "subfields": subs}})
    return json.dumps({"leader": leader, "fields": fs}, ensure_ascii=False)


def as_mrk(leader, fields):
    lines = ["=LDR  " + leader.replace(" ", "\\")]
    for tag, body in fields:
        if tag < "010" and tag.isdigit():
            lines.append("=%s  %s" % (tag, body.replace(" ", "\\")))
        else:
            parts = body.split("\x1f")
            inds = parts[0].ljust(2).replace(" ", "\\")
            subs = "".join("$" + p[0] + p[1:].replace("$", "{dollar}") for p in parts[1:] if p)
            lines.append("=%s  %s%s" % (tag, inds, subs))
    return "\n".join(lines) + "\n"


def main():
    if os.path.isdir(OUT):
        for t in ("iso2709", "marcxml", "json", "mrk", "marc8"):
            shutil.rmtree(os.path.join(OUT, t), ignore_errors=True)
    records = []
    for rel in ISO_FILES:
        data = copy("iso2709", rel)
        if "error_fixtures" not in rel:
            records.extend(iso_records(data))
    for rel in XML_FILES:
        copy("marcxml", rel)
    for rel in JSON_FILES:
        copy("json", rel)
    for i, data in enumerate(HAND_XML):
        write("marcxml", "hand_%d.xml" % i, data)
    for i, data in enumerate(HAND_JSON):
        write("json", "hand_%d.json" % i, data)
    for i, data in enumerate(HAND_MRK):
        write("mrk", "hand_%d.mrk" % i, data)
    for i, (leader, fields) in enumerate(records[:12]):
        write("json", "converted_%02d.json" % i, as_json(leader, fields).encode("utf-8"))
        write("mrk", "converted_%02d.mrk" % i, as_mrk(leader, fields).encode("utf-8"))
    with open(os.path.join(ROOT, "fixtures", "marc8", "test_marc8.txt"), "rb") as f:
        lines = [l for l in f.read().split(b"\n") if l]
    picked = lines[::60]
    for line in picked:
        write("marc8", hashlib.sha1(line).hexdigest()[:12], line)
    for i, data in enumerate(MARC8_HAND):
        write("marc8", "hand_%02d" % i, data)
    total = 0
    for dirpath, _, files in os.walk(OUT):
        for name in files:
            total += os.path.getsize(os.path.join(dirpath, name))
    print("seeds: %d bytes" % total, file=sys.stderr)


if __name__ == "__main__":
    main()
