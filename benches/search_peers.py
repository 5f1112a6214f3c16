#!/usr/bin/env python3
"""Catalogue search side by side: pustaka, SQLite FTS5 and MariaDB (INLISLite's ways), one run.

Usage: python3 benches/search_peers.py [--records N] [--like-sample N] [--fresh]

Needs: a Rust toolchain (cargo), Python 3.9+, and Debian's ``mariadb-server`` package
(``mariadb-install-db`` and ``mariadbd`` on PATH or in /usr/sbin; ``apt-get install
mariadb-server``). The script installs PyMySQL itself into ``benches/.venv`` (git-ignored)
and re-runs itself there. The LoC file is taken as ``benches/marc_peers.py`` takes it.

What it does, from the same N records (default all 250,000 of the Library of Congress file
``BooksAll.2016.part01.utf8``):

1. runs ``cargo run --release -p pustaka-benches --bin search_latency``, which imports the
   records into a library (kept in ``target/search-peers/library-N`` and reused on the next
   run unless ``--fresh``), times the index rebuild (``pustaka reindex``), draws the 1,000
   queries with a fixed seed (``queries.jsonl``: single words, two and three words,
   phrases, ``ti:``/``judul:``, ``au:``/``pengarang:`` and ``su:``/``subjek:`` prefixes,
   typos), answers each with the top 10, the total and six facets in Rust, and writes the
   records' text fields as the index sees them (``docs.jsonl``) and the judged known-item
   set of ``crates/pustaka-search/tests/judged.rs`` (``judged.jsonl``);
2. loads the same text fields into a SQLite FTS5 table (title, author, subject, publisher,
   notes, call number, ISBN; ``unicode61 remove_diacritics 2``) ranked by bm25 with
   pustaka's field weights;
3. starts its own ``mariadbd`` (private datadir and socket in a temporary directory, no
   networking), loads INLISLite v3.3's shape, a ``catalogs`` table with Title, Author,
   Subject and Publisher and a FULLTEXT index over the four, and queries it with
   ``MATCH ... AGAINST ('+word ...' IN BOOLEAN MODE)``; then INLISLite 3.0's simple search
   shape, ``LIKE '%word%'`` over the four columns, on a sample of the queries
   (``--like-sample``, default 50) and on the judged set; stops the server at the end;
4. if pustaka's Python package has ``Library.search``, builds it into the venv and times the
   same queries through Python, to report the per-query overhead over the Rust engine;
5. prints a Markdown table and writes everything to ``target/search-peers/results-N.json``.

Every engine answers every query with the top 10 and the total count. The peers require
every word and, when nothing matches, fall back to any word (pustaka's ladder does the same,
then tries typo-tolerant matching). Peer latency is measured from Python (sqlite3 in
process; PyMySQL over the Unix socket), so it includes the client's share; pustaka's is
the engine's own time in Rust with six facets on every query.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import venv

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCHES = ROOT / "benches"
VENV = BENCHES / ".venv"
OUT = ROOT / "target" / "search-peers"
BINDINGS = ROOT / "bindings" / "python"

# pustaka's field weights (crates/pustaka-search/src/index.rs: W_TITLE, W_AUTHOR, ...),
# in the FTS5 column order below.
FTS_COLUMNS = ["title", "author", "subject", "publisher", "notes", "call_number", "isbn"]
FTS_WEIGHTS = [4.0, 2.5, 1.5, 0.5, 0.3, 1.0, 1.0]
# InnoDB's default full-text stopwords and its minimum token size (3): words MariaDB cannot
# require, dropped from its queries as an INLISLite deployment drops them.
INNODB_STOPWORDS = set(
    "a about an are as at be by com de en for from how i in is it la of on or that the this "
    "to was what when where who will with und www".split())
PREFIXES = {"ti": "title", "judul": "title", "au": "author", "pengarang": "author",
            "su": "subject", "subjek": "subject", "pb": "publisher", "penerbit": "publisher",
            "isbn": "isbn", "nb": "isbn"}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(cmd, check=True, **kw)


def venv_python() -> pathlib.Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> None:
    """Re-runs this script inside benches/.venv with PyMySQL installed."""
    py = venv_python()
    if pathlib.Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not py.exists():
        log(f"making {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "PyMySQL>=1.1,<2", "maturin>=1.7,<2"])
    os.execv(str(py), [str(py), __file__, *sys.argv[1:]])


def percentiles(ms: list) -> dict:
    s = sorted(ms)
    if not s:
        return {"n": 0}

    def p(q):
        k = max(1, min(len(s), int(-(-q * len(s) // 1))))
        return s[k - 1]

    return {"n": len(s), "p50_ms": p(0.50), "p95_ms": p(0.95), "p99_ms": p(0.99),
            "max_ms": s[-1], "mean_ms": sum(s) / len(s)}


def dir_size(path: pathlib.Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def terms_from_text(text: str) -> list:
    """The judged queries as terms: quoted phrases, field prefixes, plain words."""
    terms = []
    for m in re.finditer(r'(?:(\w+):)?(?:"([^"]*)"|(\S+))', text):
        prefix, phrase, word = m.group(1), m.group(2), m.group(3)
        field = PREFIXES.get((prefix or "").lower())
        if prefix and not field:  # not a known prefix: the colon is just text
            word = m.group(0)
        body = phrase if phrase is not None else word
        words = re.findall(r"\w+", body.lower())
        if not words:
            continue
        if phrase is not None or (field and len(words) > 1):
            terms.append({"field": field, "words": words, "phrase": True})
        else:
            terms.extend({"field": field, "words": [w], "phrase": False} for w in words)
    return terms


def mrr(ranks: list) -> tuple:
    n = len(ranks) or 1
    return (sum(1.0 / r for r in ranks if r) / n, sum(1 for r in ranks if r == 1) / n)


# ---------------------------------------------------------------------------------- pustaka

def run_rust(args) -> dict:
    library = OUT / f"library-{args.records}"
    if args.fresh and library.exists():
        shutil.rmtree(library)
    cmd = ["cargo", "run", "--release", "--quiet", "-p", "pustaka-benches", "--bin",
           "search_latency", "--", "--records", str(args.records), "--library", str(library),
           "--out", str(OUT)]
    if args.file:
        cmd += ["--file", args.file]
    run(cmd, cwd=ROOT)
    result = json.loads((OUT / "pustaka.json").read_text())
    result["library_dir"] = str(library)
    return result


def python_overhead(library: str, queries: list, engine: dict) -> dict | None:
    """Times Library.search from Python, when the bindings have it."""
    has = any("fn search" in p.read_text() for p in (BINDINGS / "src").glob("*.rs"))
    if not has:
        log("bindings/python has no Library.search yet: Python overhead not measured")
        return None
    wheels = OUT / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for old in wheels.glob("pustaka-*.whl"):
        old.unlink()
    py = venv_python()
    try:
        run([py.parent / "maturin", "build", "--release", "--quiet", "--out", wheels,
             "--interpreter", py], cwd=BINDINGS)
    except subprocess.CalledProcessError as e:
        log(f"building pustaka's Python package failed ({e}): Python overhead not measured")
        return None
    (wheel,) = wheels.glob("pustaka-*.whl")
    run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--force-reinstall", "--no-deps", wheel])
    code = r'''
import json, sys, time
import pustaka
lib = pustaka.Library.open(sys.argv[1])
texts = [json.loads(l)["text"] for l in open(sys.argv[2])]
for t in texts:
    lib.search(t, limit=10, facets=True)
ms = []
for t in texts:
    s = time.perf_counter()
    r = lib.search(t, limit=10, facets=True)
    r.total; r.hits
    ms.append((time.perf_counter() - s) * 1e3)
print(json.dumps(ms))
'''
    out = subprocess.run([py, "-c", code, library, str(OUT / "queries.jsonl")], check=True,
                         capture_output=True, text=True)
    stats = percentiles(json.loads(out.stdout))
    stats["overhead_p50_ms"] = stats["p50_ms"] - engine["library"]["p50_ms"]
    stats["overhead_mean_ms"] = stats["mean_ms"] - engine["library"]["mean_ms"]
    return stats


# ------------------------------------------------------------------------------------ FTS5

def fts_expr(terms: list, any_word: bool) -> str | None:
    parts = []
    for t in terms:
        words = [w for w in t["words"] if w]
        if not words:
            continue
        body = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
        if not t["phrase"] and len(words) > 1:
            body = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
            body = f"({body})"
        parts.append(f"{t['field']} : {body}" if t["field"] else body)
    if not parts:
        return None
    return (" OR " if any_word else " AND ").join(parts)


class Fts5:
    name = "SQLite FTS5"

    def __init__(self, tmp: pathlib.Path, docs: list):
        self.path = tmp / "fts5.sqlite"
        db = sqlite3.connect(self.path)
        start = time.perf_counter()
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(" + ", ".join(FTS_COLUMNS)
                   + ", tokenize='unicode61 remove_diacritics 2')")
        db.executemany(
            "INSERT INTO docs(rowid, " + ", ".join(FTS_COLUMNS) + ") VALUES (?"
            + ", ?" * len(FTS_COLUMNS) + ")",
            ([d["id"], *(d[c] for c in FTS_COLUMNS)] for d in docs))
        db.commit()
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.commit()
        self.build_seconds = time.perf_counter() - start
        db.close()
        self.index_bytes = self.path.stat().st_size
        self.db = sqlite3.connect(self.path)
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        self.top_sql = (f"SELECT rowid FROM docs WHERE docs MATCH ? "
                        f"ORDER BY bm25(docs, {weights}) LIMIT 10")
        self.count_sql = "SELECT count(*) FROM docs WHERE docs MATCH ?"

    def search(self, terms: list) -> tuple:
        """(top 10 ids, total, fell back to any word)."""
        for any_word in (False, True):
            expr = fts_expr(terms, any_word)
            if expr is None:
                return [], 0, any_word
            total = self.db.execute(self.count_sql, (expr,)).fetchone()[0]
            if total or any_word or len(terms) < 2:
                ids = [r[0] for r in self.db.execute(self.top_sql, (expr,))] if total else []
                return ids, total, any_word
        raise AssertionError("unreachable")

    def close(self):
        self.db.close()


# --------------------------------------------------------------------------------- MariaDB

class MariaDB:
    def __init__(self, tmp: pathlib.Path):
        import pymysql

        self.dir = tmp / "mariadb"
        self.dir.mkdir()
        data, sock = self.dir / "data", self.dir / "sock"

        def program(name):
            found = shutil.which(name) or (f"/usr/sbin/{name}" if os.path.exists(
                f"/usr/sbin/{name}") else None)
            if not found:
                sys.exit(f"{name} not found: install Debian's mariadb-server "
                         "(apt-get install mariadb-server)")
            return found

        run([program("mariadb-install-db"), "--no-defaults", f"--datadir={data}",
             "--auth-root-authentication-method=normal", "--skip-test-db"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cmd = [program("mariadbd"), "--no-defaults", f"--datadir={data}", f"--socket={sock}",
               f"--pid-file={self.dir / 'pid'}", "--skip-networking",
               "--innodb-buffer-pool-size=1G", "--innodb-log-file-size=512M",
               "--innodb-flush-log-at-trx-commit=2", "--innodb-ft-sort-pll-degree=2",
               "--max-allowed-packet=64M"]
        if os.geteuid() == 0:
            cmd.append("--user=root")
        self.log = open(self.dir / "server.log", "w")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log)
        start = time.time()
        while True:
            try:
                self.conn = pymysql.connect(unix_socket=str(sock), user="root",
                                            charset="utf8mb4", autocommit=True)
                break
            except pymysql.err.OperationalError:
                if self.proc.poll() is not None or time.time() - start > 60:
                    self.stop()
                    sys.exit("mariadbd did not start: "
                             + (self.dir / "server.log").read_text()[-2000:])
                time.sleep(0.2)
        self.cur = self.conn.cursor()
        self.version = self.query_one("SELECT VERSION()")
        self.cur.execute("CREATE DATABASE bench CHARACTER SET utf8mb4 "
                         "COLLATE utf8mb4_unicode_ci")
        self.cur.execute("USE bench")

    def query_one(self, sql, params=None):
        self.cur.execute(sql, params)
        return self.cur.fetchone()[0]

    def load(self, docs: list):
        """INLISLite v3.3's catalogs columns and FULLTEXT index; returns (load s, index s)."""
        self.cur.execute("""CREATE TABLE catalogs (
            ID INT NOT NULL PRIMARY KEY, Title TEXT, Author TEXT, Subject TEXT,
            Publisher TEXT) ENGINE=InnoDB""")
        start = time.perf_counter()
        batch = []
        sql = "INSERT INTO catalogs (ID, Title, Author, Subject, Publisher) VALUES (%s,%s,%s,%s,%s)"
        for d in docs:
            batch.append((d["id"], d["title"], d["author"], d["subject"], d["publisher"]))
            if len(batch) == 2000:
                self.cur.executemany(sql, batch)
                batch.clear()
        if batch:
            self.cur.executemany(sql, batch)
        load = time.perf_counter() - start
        start = time.perf_counter()
        self.cur.execute("ALTER TABLE catalogs ADD FULLTEXT INDEX ft_catalogs "
                         "(Title, Author, Subject, Publisher)")
        self.cur.execute("OPTIMIZE TABLE catalogs")
        self.cur.fetchall()
        index = time.perf_counter() - start
        self.index_bytes = dir_size(self.dir / "data" / "bench")
        return load, index

    def fulltext(self, terms: list) -> tuple:
        like_extra, like_params = [], []
        for any_word in (False, True):
            parts = []
            like_extra.clear()
            like_params.clear()
            for t in terms:
                words = [w for w in t["words"] if len(w) >= 3 and w not in INNODB_STOPWORDS]
                if t["field"] in ("title", "author", "subject", "publisher") and not any_word:
                    col = t["field"].capitalize()
                    for w in t["words"]:
                        like_extra.append(f"{col} LIKE %s")
                        like_params.append(f"%{w}%")
                if not words:
                    continue
                if t["phrase"]:
                    body = '"' + " ".join(t["words"]) + '"'
                    parts.append(body if any_word else "+" + body)
                else:
                    parts.extend(w if any_word else "+" + w for w in words)
            if not parts:
                return [], 0, any_word
            against = " ".join(parts)
            match = "MATCH(Title, Author, Subject, Publisher) AGAINST (%s IN BOOLEAN MODE)"
            where = match + "".join(" AND " + x for x in like_extra)
            total = self.query_one(f"SELECT COUNT(*) FROM catalogs WHERE {where}",
                                   (against, *like_params))
            if total or any_word or len(terms) < 2:
                ids = []
                if total:
                    self.cur.execute(f"SELECT ID FROM catalogs WHERE {where} "
                                     f"ORDER BY {match} DESC LIMIT 10",
                                     (against, *like_params, against))
                    ids = [r[0] for r in self.cur.fetchall()]
                return ids, total, any_word
        raise AssertionError("unreachable")

    def like(self, terms: list) -> tuple:
        """INLISLite 3.0's simple search: every word LIKE-matched in one of the four columns."""
        conds, params = [], []
        for t in terms:
            cols = ([t["field"].capitalize()] if t["field"] in
                    ("title", "author", "subject", "publisher")
                    else ["Title", "Author", "Subject", "Publisher"])
            needles = [" ".join(t["words"])] if t["phrase"] else t["words"]
            for n in needles:
                conds.append("(" + " OR ".join(f"{c} LIKE %s" for c in cols) + ")")
                params.extend([f"%{n}%"] * len(cols))
        if not conds:
            return [], 0, False
        where = " AND ".join(conds)
        total = self.query_one(f"SELECT COUNT(*) FROM catalogs WHERE {where}", params)
        ids = []
        if total:
            self.cur.execute(f"SELECT ID FROM catalogs WHERE {where} ORDER BY ID LIMIT 10",
                             params)
            ids = [r[0] for r in self.cur.fetchall()]
        return ids, total, False

    def stop(self):
        try:
            self.conn.close()
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# ------------------------------------------------------------------------------------ main

def time_queries(search, queries: list, warm: bool = True) -> tuple:
    if warm:
        for q in queries:  # warm-up pass
            search(q["terms"])
    ms, fallbacks, zero = [], 0, 0
    for q in queries:
        s = time.perf_counter()
        ids, total, fell_back = search(q["terms"])
        ms.append((time.perf_counter() - s) * 1e3)
        fallbacks += fell_back
        zero += total == 0
    return percentiles(ms), fallbacks, zero


def judge(search, judged: list) -> dict:
    ranks = []
    for j in judged:
        ids, _, _ = search(terms_from_text(j["query"]))
        ranks.append(ids.index(j["catalog_id"]) + 1 if j["catalog_id"] in ids else None)
    m, s1 = mrr(ranks)
    return {"n": len(judged), "mrr10": m, "success1": s1, "ranks": ranks}


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=250_000,
                    help="records of the LoC file (default all 250,000)")
    ap.add_argument("--like-sample", type=int, default=50,
                    help="queries timed with LIKE (every k-th of the 1,000; default 50)")
    ap.add_argument("--fresh", action="store_true",
                    help="re-import the library instead of reusing target/search-peers/library-N")
    ap.add_argument("--no-python", action="store_true",
                    help="do not build pustaka's Python package to time lib.search")
    ap.add_argument("--file", help="the LoC MARC file (default as benches/marc_peers.py finds it)")
    args = ap.parse_args()
    ensure_venv()
    if not args.file:
        sys.path.insert(0, str(BENCHES))
        import marc_peers  # noqa: E402  (its loc_file finds or fetches the LoC file)

        args.file = str(marc_peers.loc_file(venv_python()))
    OUT.mkdir(parents=True, exist_ok=True)
    load = {"start": os.getloadavg()}

    log(f"pustaka: {args.records:,} records")
    pk = run_rust(args)
    queries = [json.loads(line) for line in open(OUT / "queries.jsonl")]
    judged = [json.loads(line) for line in open(OUT / "judged.jsonl")]
    docs = [json.loads(line) for line in open(OUT / "docs.jsonl")]
    results = {"records": len(docs), "queries": len(queries), "judged": len(judged),
               "engines": {}}
    results["engines"]["pustaka"] = {
        "build_seconds": pk["build_seconds"], "index_bytes": pk["index_bytes"],
        "latency": pk["engine"], "library_latency": pk["library"],
        "no_facets_latency": pk["engine_no_facets"],
        "fallbacks": len(queries) - pk["rungs"].get("and", 0),
        "zero_hits": pk["zero_hit_queries"], "rungs": pk["rungs"],
        "judged": pk["judged"], "by_kind": pk["by_kind"],
        "load": [pk["load_before_build"], pk["load_before_search"]],
    }
    py_stats = None if args.no_python else python_overhead(pk["library_dir"], queries, pk)
    if py_stats:
        results["engines"]["pustaka"]["python_latency"] = py_stats

    with tempfile.TemporaryDirectory(prefix="pustaka-search-peers-") as tmp:
        tmp = pathlib.Path(tmp)
        log("SQLite FTS5: building")
        fts = Fts5(tmp, docs)
        load["fts5"] = os.getloadavg()
        lat, fb, zero = time_queries(fts.search, queries)
        results["engines"]["SQLite FTS5"] = {
            "build_seconds": fts.build_seconds, "index_bytes": fts.index_bytes,
            "latency": lat, "fallbacks": fb, "zero_hits": zero,
            "judged": judge(fts.search, judged), "sqlite": sqlite3.sqlite_version}
        fts.close()

        log("MariaDB: starting a private server")
        db = MariaDB(tmp)
        try:
            log("MariaDB: loading catalogs")
            load_s, index_s = db.load(docs)
            load["mariadb"] = os.getloadavg()
            lat, fb, zero = time_queries(db.fulltext, queries)
            results["engines"]["MariaDB FULLTEXT (INLISLite 3.3)"] = {
                "build_seconds": load_s + index_s, "load_seconds": load_s,
                "index_seconds": index_s, "index_bytes": db.index_bytes, "latency": lat,
                "fallbacks": fb, "zero_hits": zero, "judged": judge(db.fulltext, judged),
                "server": db.version}
            step = max(1, len(queries) // max(1, args.like_sample))
            sample = queries[::step][:args.like_sample]
            log(f"MariaDB: LIKE on {len(sample)} queries and the judged set")
            lat, fb, zero = time_queries(db.like, sample, warm=False)
            results["engines"]["MariaDB LIKE (INLISLite 3.0)"] = {
                "build_seconds": load_s, "index_bytes": db.index_bytes, "latency": lat,
                "fallbacks": fb, "zero_hits": zero, "sampled_queries": len(sample),
                "judged": judge(db.like, judged), "server": db.version}
        finally:
            db.stop()
    load["end"] = os.getloadavg()
    results["load"] = load
    (OUT / f"results-{args.records}.json").write_text(json.dumps(results, indent=2))

    print(f"\n{len(docs):,} LoC records, {len(queries):,} queries (top 10 + total count; "
          f"pustaka also six facets), judged set of {len(judged)} known-item queries; "
          f"load average at start {load['start'][0]:.2f}, at end {load['end'][0]:.2f}\n")
    print("| engine | build s | index MB | p50 ms | p95 ms | p99 ms | max ms | zero-hit queries "
          "| MRR@10 | success@1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, e in results["engines"].items():
        lat = e["latency"]
        label = name
        if name.startswith("MariaDB LIKE"):
            label += f" ({lat['n']} queries)"
        print(f"| {label} | {e['build_seconds']:.1f} | {e['index_bytes'] / 1e6:.0f} "
              f"| {fmt(lat['p50_ms'], 3)} | {fmt(lat['p95_ms'], 3)} | {fmt(lat['p99_ms'], 3)} "
              f"| {fmt(lat['max_ms'], 1)} | {e['zero_hits']} | {e['judged']['mrr10']:.3f} "
              f"| {e['judged']['success1']:.3f} |")
    p = results["engines"]["pustaka"]
    nf = p["no_facets_latency"]
    print(f"\npustaka engine without facets: p50 {nf['p50_ms']:.3f} ms, p95 {nf['p95_ms']:.3f} ms, "
          f"p99 {nf['p99_ms']:.3f} ms; through Library::search (index freshness check "
          f"included): p50 {p['library_latency']['p50_ms']:.3f} ms, "
          f"p99 {p['library_latency']['p99_ms']:.3f} ms")
    print("pustaka by query kind (engine, six facets): " + "; ".join(
        f"{k} p50 {v['p50_ms']:.2f} / p99 {v['p99_ms']:.2f} ms"
        for k, v in sorted(p["by_kind"].items())))
    if "python_latency" in p:
        q = p["python_latency"]
        print(f"pustaka through Python lib.search: p50 {q['p50_ms']:.3f} ms, p99 "
              f"{q['p99_ms']:.3f} ms; overhead over Rust p50 {q['overhead_p50_ms']:.3f} ms, "
              f"mean {q['overhead_mean_ms']:.3f} ms")
    else:
        print("pustaka through Python: not measured ("
              + ("--no-python" if args.no_python else "see the log above") + ")")
    print(f"results: {OUT / f'results-{args.records}.json'}")


if __name__ == "__main__":
    main()
