#!/usr/bin/env python3
"""Reading MARC from Python: pustaka against pymarc, rmarc and mrrc, in one run.

Usage: python3 benches/marc_peers.py [--records N] [--quick] [--repeats R]

What it does, all by itself:

1. makes a virtual environment ``benches/.venv`` (git-ignored) and installs the peers at
   fixed versions (pymarc 5.4.0, rmarc 5.4.0, mrrc 0.9.2) and maturin;
2. builds pustaka's Python package in release mode (``maturin build --release``) and
   installs the wheel into that environment;
3. takes the Library of Congress file ``BooksAll.2016.part01.utf8`` (250,000 UTF-8
   records), from ``/work/peers/pymarc-5.4.0/`` or ``$PUSTAKA_LOC_FILE`` when there, else
   from the pymarc 5.4.0 source distribution (``pip download``), checks its sha256, and
   writes its first N records (default 50,000) to a temporary file;
4. runs the same two loops for every library: *read* (iterate the records) and *extract*
   (the title, every control field's value and every subfield's value, through the
   pymarc-shaped API), each library in a fresh process, the libraries taking turns, best
   of R runs (default 3);
5. prints a Markdown table and the ratios the project's targets are stated in
   (pustaka/mrrc for read, pustaka/rmarc for extract).

``--quick`` uses 5,000 records and one run: a smoke test, not a measurement.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import venv

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCHES = ROOT / "benches"
VENV = BENCHES / ".venv"
DATA = BENCHES / "data"  # git-ignored: the downloaded sdist and built wheels
BINDINGS = ROOT / "bindings" / "python"

PEERS = {"pymarc": "pymarc==5.4.0", "rmarc": "rmarc==5.4.0", "mrrc": "mrrc==0.9.2"}
LOC_NAME = "BooksAll.2016.part01.utf8"
LOC_SHA256 = "dfdcdad30e0e0a82b0aec831c1a08b61c6199eb8ee0d71ff7953213f20eb0e47"
LOC_CANDIDATES = [
    os.environ.get("PUSTAKA_LOC_FILE", ""),
    "/work/peers/pymarc-5.4.0/" + LOC_NAME,
    str(DATA / "pymarc-5.4.0" / LOC_NAME),
]
LIBRARIES = ["pymarc", "rmarc", "mrrc", "pustaka"]

# The loops, identical for every library. Where a peer's API differs from pymarc's, the
# difference is filled in here and nowhere else: mrrc's Field.subfields is a method
# (``field.subfields()``) where pymarc has a list attribute. ``record.get_fields()`` with no
# argument is pymarc's way to get every field (it returns ``record.fields``) and works in
# all four libraries (mrrc's ``record.fields`` is a method).
LOOPS = '''
def read_loop(reader):
    n = 0
    for record in reader:
        n += 1
    return n


def extract_loop(reader):
    n = 0
    for record in reader:
        n += 1
        title = record.title
        for field in record.get_fields():
            if field.is_control_field():
                value = field.data
            else:
                for subfield in field.subfields{call}:
                    value = subfield.value
    return n
'''

# How each library opens the file. pymarc and rmarc read from a binary file object (their
# MARCReader takes nothing else); mrrc and pustaka are given the path, their fastest way in
# (mrrc: "pure Rust I/O"; pustaka: reads in Rust with the GIL released).
OPENERS = {
    "pymarc": ("import pymarc", "lambda path: pymarc.MARCReader(open(path, 'rb'))", ""),
    "rmarc": ("import rmarc", "lambda path: rmarc.MARCReader(open(path, 'rb'))", ""),
    "mrrc": ("import mrrc", "lambda path: mrrc.MARCReader(path)", "()"),
    "pustaka": ("import pustaka.marc", "lambda path: pustaka.marc.read(path)", ""),
}

WORKER = '''
import json, sys, time, gc
{imports}
open_reader = {opener}
{loops}
path = sys.argv[1]
out = {{}}
for name, loop in (("read", read_loop), ("extract", extract_loop)):
    gc.collect()
    start = time.perf_counter()
    n = loop(open_reader(path))
    out[name] = (n, time.perf_counter() - start)
print(json.dumps(out))
'''


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd: list[str], **kw) -> None:
    log("$ " + " ".join(str(c) for c in cmd))
    subprocess.run(cmd, check=True, **kw)


def venv_python() -> pathlib.Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def setup_venv() -> pathlib.Path:
    py = venv_python()
    if not py.exists():
        log(f"making {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *PEERS.values(), "maturin>=1.7,<2"])
    return py


def build_pustaka(py: pathlib.Path) -> None:
    wheels = DATA / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for old in wheels.glob("pustaka-*.whl"):
        old.unlink()
    maturin = py.parent / ("maturin.exe" if os.name == "nt" else "maturin")
    run([maturin, "build", "--release", "--quiet", "--out", wheels, "--interpreter", py],
        cwd=BINDINGS)
    (wheel,) = wheels.glob("pustaka-*.whl")
    run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--force-reinstall", "--no-deps", wheel])


def sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def loc_file(py: pathlib.Path) -> pathlib.Path:
    for candidate in LOC_CANDIDATES:
        if candidate and pathlib.Path(candidate).is_file():
            path = pathlib.Path(candidate)
            break
    else:
        log("downloading the pymarc 5.4.0 source distribution for the LoC file")
        DATA.mkdir(parents=True, exist_ok=True)
        run([py, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             "--dest", DATA, PEERS["pymarc"]])
        (sdist,) = DATA.glob("pymarc-5.4.0.tar.gz")
        with tarfile.open(sdist) as tar:
            member = tar.getmember(f"pymarc-5.4.0/{LOC_NAME}")
            tar.extract(member, DATA)
        path = DATA / "pymarc-5.4.0" / LOC_NAME
    digest = sha256(path)
    if digest != LOC_SHA256:
        sys.exit(f"{path}: sha256 {digest}, expected {LOC_SHA256}")
    return path


def first_records(src: pathlib.Path, n: int, dest: pathlib.Path) -> int:
    """Copies the first n records (framed by their leader lengths) to dest."""
    data = src.read_bytes()
    pos = count = 0
    while count < n and pos < len(data):
        pos += int(data[pos:pos + 5])
        count += 1
    dest.write_bytes(data[:pos])
    return count


def measure(py: pathlib.Path, lib: str, path: pathlib.Path) -> dict:
    imports, opener, call = OPENERS[lib]
    code = WORKER.format(imports=imports, opener=opener, loops=LOOPS.format(call=call))
    out = subprocess.run([py, "-c", code, str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=50_000, help="records to read (default 50,000)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per library, best kept (default 3)")
    ap.add_argument("--quick", action="store_true", help="5,000 records, one run")
    ap.add_argument("--no-build", action="store_true", help="use the pustaka already installed in the venv")
    args = ap.parse_args()
    if args.quick:
        args.records, args.repeats = 5_000, 1

    py = setup_venv()
    if not args.no_build:
        build_pustaka(py)
    src = loc_file(py)
    with tempfile.TemporaryDirectory() as tmp:
        sample = pathlib.Path(tmp) / "loc-sample.mrc"
        n = first_records(src, args.records, sample)
        log(f"{n} records, {sample.stat().st_size:,} bytes; {args.repeats} run(s) per library")
        best: dict[tuple[str, str], float] = {}
        for rep in range(args.repeats):
            for lib in LIBRARIES:
                result = measure(py, lib, sample)
                for loop, (count, seconds) in result.items():
                    if count != n:
                        sys.exit(f"{lib} {loop}: read {count} records, expected {n}")
                    key = (lib, loop)
                    best[key] = min(best.get(key, float("inf")), seconds)
                log(f"run {rep + 1}: {lib} read {n / result['read'][1]:,.0f} rec/s, "
                    f"extract {n / result['extract'][1]:,.0f} rec/s")

    rate = {k: n / v for k, v in best.items()}
    print(f"\n{n:,} records of the LoC file {LOC_NAME}, best of {args.repeats}, Python "
          f"{sys.version.split()[0]} (driver)\n")
    print("| library | read rec/s | extract rec/s | read vs pymarc | extract vs pymarc |")
    print("|---|---:|---:|---:|---:|")
    for lib in LIBRARIES:
        r, e = rate[(lib, "read")], rate[(lib, "extract")]
        print(f"| {lib} | {r:,.0f} | {e:,.0f} | {r / rate[('pymarc', 'read')]:.1f}x "
              f"| {e / rate[('pymarc', 'extract')]:.1f}x |")
    read_ratio = rate[("pustaka", "read")] / rate[("mrrc", "read")]
    extract_ratio = rate[("pustaka", "extract")] / rate[("rmarc", "extract")]
    print(f"\npustaka/mrrc read: {read_ratio:.2f}x (target >= 3x); "
          f"pustaka/rmarc extract: {extract_ratio:.2f}x (target >= 4x)")


if __name__ == "__main__":
    main()
