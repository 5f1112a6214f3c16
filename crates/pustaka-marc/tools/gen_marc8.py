#!/usr/bin/env python3
"""Generate crates/pustaka-marc/src/marc8/tables.rs from the LoC MARC-8 code tables.

Usage (from anywhere; Python 3 standard library only):

    python3 crates/pustaka-marc/tools/gen_marc8.py [--input codetables.xml] [--output tables.rs]
    python3 crates/pustaka-marc/tools/gen_marc8.py --check-against path/to/pymarc/marc8_mapping.py
    python3 crates/pustaka-marc/tools/gen_marc8.py --edge-vectors path/to/pymarc-5.4.0

The input is the Library of Congress `codetables.xml` (as shipped by marc4j); by default the
project's shared copy `shared/fixtures/marc8/codetables.xml` beside the repository is used.

The decoder in `src/marc8/mod.rs` reproduces pymarc 5.4.0's `marc8_to_unicode`, so these tables
must reproduce pymarc's `marc8_mapping.CODESETS`. pymarc's table was built from an older edition
of the LoC tables, with a few choices of its own. The rules below turn codetables.xml into
exactly pymarc's table; `--check-against` verifies that claim entry by entry and reports every
(charset, code) -> (unicode, combining) difference before and after each rule.

Rules (applied in this order):

1. `<alt>` is preferred over `<ucs>` when present, except where `<alt>` is U+3013 GETA MARK.
   In codetables.xml `<alt>` appears 65 times: on the four ANSEL combining half marks
   (EB, EC, FA, FB), where pymarc uses the U+FE20..U+FE23 half marks (EC and FB have no
   `<ucs>` at all), and on 61 EACC ancient-hangul codes whose `<alt>` is the placeholder
   U+3013, where pymarc keeps the private-use `<ucs>` (despite its own docstring).
2. A `<ucs>` outside the Basic Multilingual Plane becomes U+3013 GETA MARK: pymarc's EACC
   table is BMP-only and marks the three CJK Extension B ideographs "not found in unified han".
3. OVERRIDES below: ten EACC codes where pymarc's older source table differs from the current
   LoC table and no rule explains the difference.
"""

import argparse
import ast
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(CRATE))
DEFAULT_INPUT = os.path.join(os.path.dirname(REPO), "shared", "fixtures", "marc8", "codetables.xml")
DEFAULT_OUTPUT = os.path.join(CRATE, "src", "marc8", "tables.rs")
EDGE_VECTORS = os.path.join(REPO, "fixtures", "marc8", "pymarc_edge_cases.tsv")

GETA_MARK = 0x3013

# (charset, marc code) -> unicode scalar, where pymarc 5.4.0 differs from codetables.xml.
OVERRIDES = {
    # Eight EACC "variant of EACC ..." ideographs: codetables.xml maps them to the unified
    # ideograph, pymarc to the CJK compatibility ideograph whose canonical decomposition is that
    # same unified ideograph. NFC maps the compatibility ideograph back, so the decoded (NFC)
    # text is identical either way; the overrides only keep the table equal to pymarc's.
    (0x31, 0x214339): 0xFA12,
    (0x31, 0x215061): 0xFA1D,
    (0x31, 0x215C32): 0xFA25,
    (0x31, 0x215F71): 0xFA1C,
    (0x31, 0x4B333E): 0xF92E,
    (0x31, 0x4B4B3E): 0xF9AD,
    (0x31, 0x4B5F58): 0xF9B2,
    (0x31, 0x4B7421): 0xF9A9,
    # Two EACC Korean hangul codes that codetables.xml now maps to standard characters
    # (U+318D HANGUL LETTER ARAEA, U+C717) but pymarc still maps to the private-use area,
    # like the rest of the 0x6F76xx/0x6F77xx ancient-hangul block. Visible in the output.
    (0x31, 0x6F7625): 0xE8B1,
    (0x31, 0x6F773C): 0xE8CB,
}

# pymarc's ODD_MAP: three-byte codes (from Innovative Interfaces systems) that are not in the LoC
# tables. pymarc consults it, whatever the current character sets, for any code point that the
# current table lacks; the result never takes part in combining-character reordering.
ODD_MAP = {
    0x21203D: 0x2026,  # HORIZONTAL ELLIPSIS
    0x212040: 0x201C,  # LEFT DOUBLE QUOTATION MARK
    0x7F2014: 0x2014,  # EM DASH
    0x7F2019: 0x2019,  # RIGHT SINGLE QUOTATION MARK
    0x7F2020: 0x201D,  # RIGHT DOUBLE QUOTATION MARK
    0x7F2122: 0x2122,  # TRADE MARK SIGN
}


def short_name(name):
    """'Extended Latin (ANSEL)' -> 'ANSEL'; names without a parenthesised tail are kept."""
    if name.endswith(")") and "(" in name:
        return name[name.rindex("(") + 1 : -1]
    return name


def text(code, tag):
    el = code.find(tag)
    if el is None or el.text is None or not el.text.strip():
        return None
    return el.text.strip()


def parse(path):
    """Returns [(iso_code, name, {marc: (ucs, alt, combining)})] in document order."""
    sets = []
    for cs in ET.parse(path).getroot().iter("characterSet"):
        iso = int(cs.get("ISOcode"), 16)
        entries = {}
        for code in cs.iter("code"):
            marc = int(text(code, "marc"), 16)
            ucs = text(code, "ucs")
            alt = text(code, "alt")
            combining = text(code, "isCombining") == "true"
            if marc in entries:
                sys.exit(f"duplicate code 0x{marc:X} in character set 0x{iso:02X}")
            entries[marc] = (
                int(ucs, 16) if ucs else None,
                int(alt, 16) if alt else None,
                combining,
            )
        sets.append((iso, cs.get("name"), entries))
    return sets


def choose(iso, marc, ucs, alt, stage=3):
    """The Unicode scalar pymarc uses; `stage` limits which rules apply (for --check-against)."""
    value = ucs
    if stage >= 1 and alt is not None and alt != GETA_MARK:
        value = alt
    if value is None:
        value = alt
    if stage >= 2 and value is not None and value > 0xFFFF:
        value = GETA_MARK
    if stage >= 3 and (iso, marc) in OVERRIDES:
        value = OVERRIDES[(iso, marc)]
    if value is None:
        sys.exit(f"no mapping for 0x{marc:X} in character set 0x{iso:02X}")
    return value


def build(sets, stage=3):
    """{iso: {marc: (unicode, combining)}}"""
    return {
        iso: {m: (choose(iso, m, u, a, stage), c) for m, (u, a, c) in entries.items()}
        for iso, _, entries in sets
    }


RUST_NAMES = {
    0x42: "BASIC_LATIN",
    0x45: "ANSEL",
    0x67: "GREEK_SYMBOLS",
    0x62: "SUBSCRIPTS",
    0x70: "SUPERSCRIPTS",
    0x32: "BASIC_HEBREW",
    0x4E: "BASIC_CYRILLIC",
    0x51: "EXTENDED_CYRILLIC",
    0x33: "BASIC_ARABIC",
    0x34: "EXTENDED_ARABIC",
    0x53: "BASIC_GREEK",
    0x31: "EACC",
}


def render(sets, table):
    out = []
    w = out.append
    w("// @generated by crates/pustaka-marc/tools/gen_marc8.py from the LoC MARC-8 code tables")
    w("// (codetables.xml). Do not edit by hand; rerun the generator instead.")
    w("")
    w("/// A MARC-8 graphic character set: its final byte in escape sequences, a short name and")
    w("/// its mappings `(MARC-8 code, Unicode scalar, is combining)`, sorted by code.")
    w("pub(super) struct Charset {")
    w("    /// Final byte of the escape sequence that designates the set.")
    w("    pub(super) code: u8,")
    w("    /// Short name for messages.")
    w("    pub(super) name: &'static str,")
    w("    /// `(MARC-8 code, Unicode scalar value, combining)`, sorted by MARC-8 code.")
    w("    pub(super) entries: &'static [(u32, u32, bool)],")
    w("}")
    w("")
    w("/// The character set designated by final byte `code`, if MARC-8 (pymarc) knows it.")
    w("pub(super) fn charset(code: u8) -> Option<&'static Charset> {")
    w("    match code {")
    for iso, _, _ in sets:
        w(f"        0x{iso:02X} => Some(&{RUST_NAMES[iso]}),")
    w("        _ => None,")
    w("    }")
    w("}")
    w("")
    w("/// pymarc's ODD_MAP: extra three-byte codes tried when the current set lacks a code.")
    w("pub(super) static ODD_MAP: &[(u32, u32)] = &[")
    for k in sorted(ODD_MAP):
        w(f"    (0x{k:06X}, 0x{ODD_MAP[k]:04X}),")
    w("];")
    for iso, name, _ in sets:
        entries = table[iso]
        ident = RUST_NAMES[iso]
        w("")
        w(f"/// {name} (final byte 0x{iso:02X}), {len(entries)} codes.")
        w(f"static {ident}: Charset = Charset {{")
        w(f"    code: 0x{iso:02X},")
        w(f"    name: {short_name(name)!r},".replace("'", '"'))
        w(f"    entries: &{ident}_ENTRIES,")
        w("};")
        w("")
        w(f"static {ident}_ENTRIES: [(u32, u32, bool); {len(entries)}] = [")
        items = [
            f"(0x{m:X},0x{u:X},{'true' if c else 'false'})," for m, (u, c) in sorted(entries.items())
        ]
        for i in range(0, len(items), 6):
            w("    " + "".join(items[i : i + 6]))
        w("];")
    return "\n".join(out) + "\n"


def sanity(table):
    latin = table[0x42]
    for b in range(0x20, 0x7F):
        if latin.get(b) != (b, False):
            sys.exit(f"basic Latin 0x{b:02X} does not map to itself")


def load_pymarc(path):
    """Reads CHARSET_xx dicts, CODESETS and ODD_MAP from pymarc's marc8_mapping.py without
    importing it (literal evaluation only)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = node.targets[0].id
            if name == "CODESETS":
                values[name] = {
                    ast.literal_eval(k): values[v.id] for k, v in zip(node.value.keys, node.value.values)
                }
            else:
                values[name] = ast.literal_eval(node.value)
    return values["CODESETS"], values["ODD_MAP"]


def diff(table, pymarc_sets):
    rows = []
    for iso in sorted(set(table) | set(pymarc_sets)):
        ours, theirs = table.get(iso, {}), pymarc_sets.get(iso, {})
        for code in sorted(set(ours) | set(theirs)):
            a = ours.get(code)
            b = theirs.get(code)
            b = (b[0], bool(b[1])) if b is not None else None
            if a != b:
                rows.append((iso, code, a, b))
    return rows


def fmt(v):
    return "missing" if v is None else f"U+{v[0]:04X}{' (combining)' if v[1] else ''}"


def check(sets, path):
    pymarc_sets, pymarc_odd = load_pymarc(path)
    stages = [
        "codetables.xml <ucs> (falling back to <alt> only where <ucs> is empty)",
        "+ rule 1: prefer <alt> unless it is U+3013",
        "+ rule 2: non-BMP -> U+3013",
        "+ rule 3: OVERRIDES",
    ]
    for stage, label in enumerate(stages):
        rows = diff(build(sets, stage), pymarc_sets)
        print(f"{label}: {len(rows)} difference(s) from pymarc")
        if stage in (0, 3) or len(rows) <= 20:
            for iso, code, a, b in rows:
                print(f"    charset 0x{iso:02X} code 0x{code:X}: ours {fmt(a)}, pymarc {fmt(b)}")
    odd = {k: v for k, v in pymarc_odd.items()} != ODD_MAP
    print(f"ODD_MAP: {'DIFFERS' if odd else 'identical'} ({len(pymarc_odd)} entries in pymarc)")
    final = diff(build(sets), pymarc_sets)
    return 1 if final or odd else 0


EDGE_CASES = [
    # Escape sequences at and near the end of the string (pymarc raises on some).
    b"\x1b", b"a\x1b", b"\x1b(", b"a\x1b(", b"\x1b,", b"\x1b$", b"\x1b)", b"a\x1b)", b"\x1b-",
    b"\x1b$,", b"\x1b$,1", b"\x1b$,1!0-", b"\x1b(B", b"\x1b)E", b"\x1bs", b"a\x1bs", b"\x1bsb",
    b"\x1bB", b"a\x1bN", b"\x1b1", b"a\x1b1", b"\x1b1!", b"\x1b1!0-", b"\x1bSa", b"\x1bga",
    b"\x1bb1", b"\x1bp2", b"\x1bx", b"a\x1bxb", b"\x1b\x1b", b"\x1b\x1b(B",
    # ESC + known final byte decodes the next byte directly, even an ESC.
    b"\x1bB\x1b(Sa", b"\x1bN\x1b(Ba", b"\x1bsa\x1b(Bb",
    # G0/G1 designation oddities.
    b"\x1b$)1!0-", b"\x1b$-1abc", b"\x1b)1\xe1a", b"\x1b-Q\xc0", b"\x1b)Q\xc0\xe1a",
    b"\x1b(Z abc", b"\x1b)Z\xe1a\xb0", b"\x1b(2\x1b)4\xa1 ab", b"\x1b)!E\xe1a",
    # Combining marks: reordering, several marks, dangling marks, control codes between.
    b"\xe1a", b"\xe1\xe2a", b"\xf0c\xe1", b"\xe1", b"a\xe1\xe2", b"\xe1\x1fa", b"\xe1\x88a",
    b"\xeb\xeco", b"\xfa\xfbn", b"\xe1 ", b"\xe1\x7f", b"\xe1\x80", b"\xe1\xa0",
    # Control codes, C1 range, DEL, 0x80, 0xA0, 0xFF.
    b"a\x00b\x1dc\x1ed\x1fe", b"\x88The\x89 title", b"x\x8dy\x8ez", b"\x7f\x80\x81\x9f\xa0\xff",
    # EACC: normal, truncated, ODD_MAP, combining pending across ODD_MAP, ASCII inside EACC.
    b"\x1b$1!0-\x1b(B", b"\x1b$1!0-!", b"\x1b$1!0-!0", b"\x1b$1! =\x7f!\"",
    b"\xe1\x1b$1! =\x1b(Ba", b"\x1b$1abc", b"\x1b$1!#(", b"\x1b$1\x00\x00\x1f",
    b"\x1b$1\x00\x00\x81!0-", b"\x1b$1\x1b(B", b"\x1b$1\x1bsa", b"\x1b$1\x1bxab",
    b"\x1b$1!u\"!uY\"*4\"39", b"\x1b$1ov%ow<", b"\x1b$1!C9", b"\x1b$1KC9",
    # Other scripts, subscripts, superscripts, Greek symbols.
    b"\x1b(S\x41\x42abc\x1bs", b"\x1b(NABC\x1b(B", b"\x1b(2`abc d\x1b(B", b"\x1b(3GHI J\x1b(B",
    b"H\x1bb2\x1bsO", b"x\x1bp2\x1bs", b"\x1bgabc\x1bs", b"\x1b)Q\xc0\xc1", b"\x1b)4\xa1\xa2",
    # Latin extended characters, spacing marks, NCR-like text (pymarc leaves NCRs alone).
    b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae", b"\xb0\xb1\xb2\xb3\xb9\xc0\xc8",
    b"&#x0E25;", b"&#x0E25%x;", b"caf\xe2e", b"",
]

# Bytes that make interesting random inputs.
FUZZ_ALPHABET = (
    list(b"\x1b" * 6) + list(b"()$,-)s") + list(b"BE4321pQSbgN") + list(b"aeo! \"#&;x0")
    + [0x00, 0x1d, 0x1f, 0x7f, 0x80, 0x88, 0x9f, 0xa0, 0xa1, 0xb0, 0xc0, 0xe1, 0xe2, 0xf0, 0xfa, 0xfb, 0xff]
)


def edge_vectors(pymarc_dir):
    """Writes pymarc's output for EDGE_CASES and pseudo-random inputs to EDGE_VECTORS."""
    import random

    sys.path.insert(0, pymarc_dir)
    from pymarc.marc8 import marc8_to_unicode

    rng = random.Random(20240501)
    cases = list(EDGE_CASES)
    for _ in range(600):
        cases.append(bytes(rng.choice(FUZZ_ALPHABET) for _ in range(rng.randrange(1, 12))))
    seen, lines = set(), []
    for case in cases:
        if case in seen:
            continue
        seen.add(case)
        try:
            expected = marc8_to_unicode(case, hide_utf8_warnings=True).encode("utf-8").hex()
        except UnicodeDecodeError:
            expected = "ERROR"
        lines.append(f"{case.hex()}\t{expected}\n")
    with open(EDGE_VECTORS, "w", encoding="ascii", newline="\n") as f:
        f.write("# pymarc 5.4.0 marc8_to_unicode: input hex <TAB> UTF-8 output hex, or ERROR where\n")
        f.write("# pymarc raises UnicodeDecodeError. Generated by crates/pustaka-marc/tools/gen_marc8.py\n")
        f.write("# --edge-vectors; do not edit.\n")
        f.writelines(lines)
    errors = sum(1 for l in lines if l.endswith("ERROR\n"))
    print(f"wrote {EDGE_VECTORS}: {len(lines)} cases, {errors} that pymarc rejects")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", default=DEFAULT_INPUT, help="codetables.xml")
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="tables.rs to write")
    ap.add_argument("--check-against", metavar="MARC8_MAPPING_PY", help="compare with pymarc; write nothing")
    ap.add_argument("--edge-vectors", metavar="PYMARC_DIR", help="write pymarc's output for edge cases; write nothing else")
    args = ap.parse_args()
    if args.edge_vectors:
        return edge_vectors(args.edge_vectors)
    sets = parse(args.input)
    missing = [iso for iso, _, _ in sets if iso not in RUST_NAMES]
    if missing:
        sys.exit(f"unexpected character sets: {missing}")
    if args.check_against:
        sys.exit(check(sets, args.check_against))
    table = build(sets)
    sanity(table)
    src = render(sets, table)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(src)
    total = sum(len(t) for t in table.values())
    print(f"wrote {args.output}: {len(sets)} character sets, {total} codes, {len(src)} bytes")


if __name__ == "__main__":
    main()
