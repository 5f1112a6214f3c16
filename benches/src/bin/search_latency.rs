//! Search benchmark on the Library of Congress "Books All 2016" part 1 file: builds a library
//! (or reuses one), times the index rebuild (`pustaka reindex`), reports the index size, then
//! runs 1,000 queries drawn with a fixed seed from the records, each returning the top 10
//! with the total count and the six facets, and prints p50/p95/p99/max latency (then the
//! same queries without facets, and through `Library::search`). It also scores the
//! judged known-item set of `crates/pustaka-search/tests/judged.rs` (MRR@10,
//! success@1) on the same library.
//!
//! ```text
//! cargo run --release -p pustaka-benches --bin search_latency -- \
//!     [--records N] [--library DIR] [--no-reindex] [--out DIR] [--seed S] [--file MARC]
//! ```
//!
//! `--profile QUERY` (with `--library DIR`) runs only that query, 2,000 times, and prints
//! its latency: a loop to put under a profiler. `--replay N` (with `--library DIR`) answers
//! the queries of an earlier run (`queries.jsonl` in `--out`) once untimed, then N times
//! timed, and prints each pass's latency: a quick check of a change, without drawing the
//! queries again, and the whole mix to put under a profiler.
//!
//! `--library DIR` reuses the library in `DIR` when it holds one (no import), else creates
//! it there and keeps it. Without it the library lives in a temporary directory that is
//! removed at the end. `--no-reindex` skips the rebuild of a reused library's index (the
//! build time printed is then only the catch-up check). Into `--out` (default `target/search-peers`) go the files the peer
//! benchmark (`benches/search_peers.py`) reads, so every engine answers the same queries:
//! `queries.jsonl` (the 1,000 queries), `judged.jsonl` (the known-item set with the right
//! record's catalogue id), `docs.jsonl` (each record's text fields as the index sees them)
//! and `pustaka.json` (the figures of this run).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use pustaka::{ImportOptions, Library, Timestamp};
use pustaka_marc::ReadOptions;
use pustaka_search::{analysis, document, Extra, Query, SearchIndex};
use serde_json::{json, Value};

/// The judged known-item set, read from the test that asserts on it.
const JUDGED_SOURCE: &str = include_str!("../../../crates/pustaka-search/tests/judged.rs");

/// Words too common to make a query of their own (and InnoDB's default full-text
/// stopwords, so every engine can require every word).
const STOPWORDS: &[&str] = &[
    "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from", "how",
    "i", "in", "is", "it", "la", "of", "on", "or", "that", "the", "this", "to", "was", "what",
    "when", "where", "who", "will", "with", "und", "www", "and", "his", "her", "its", "der", "die",
    "das", "des", "les", "von", "del", "und", "une", "other", "their", "into", "upon",
];

struct Args {
    records: Option<usize>,
    library: Option<PathBuf>,
    out: PathBuf,
    seed: u64,
    file: PathBuf,
    no_reindex: bool,
    /// `--profile QUERY`: only run QUERY 2,000 times on the library's index (for perf).
    profile: Option<String>,
    /// `--replay N`: only answer the queries of `queries.jsonl` N times (after one untimed pass).
    replay: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = Args {
        records: None,
        library: None,
        out: manifest.join("../target/search-peers"),
        seed: 20_240_601,
        file: std::env::var_os("PUSTAKA_LOC_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest.join("data/BooksAll.2016.part01.utf8")),
        no_reindex: false,
        profile: None,
        replay: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--records" => {
                let v = value()?;
                args.records = Some(
                    v.parse()
                        .map_err(|_| format!("--records {v}: not a number"))?,
                );
            }
            "--library" => args.library = Some(PathBuf::from(value()?)),
            "--out" => args.out = PathBuf::from(value()?),
            "--seed" => {
                let v = value()?;
                args.seed = v.parse().map_err(|_| format!("--seed {v}: not a number"))?;
            }
            "--file" => args.file = PathBuf::from(value()?),
            "--no-reindex" => args.no_reindex = true,
            "--profile" => args.profile = Some(value()?),
            "--replay" => {
                let v = value()?;
                args.replay = Some(
                    v.parse()
                        .map_err(|_| format!("--replay {v}: not a number"))?,
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

/// SplitMix64: a small, fixed pseudo-random sequence, so the queries are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The folded words of one record that queries are drawn from.
struct Words {
    title: Vec<String>,
    surname: Option<String>,
    subject: Vec<String>,
}

fn content_word(w: &str) -> bool {
    w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()) && !STOPWORDS.contains(&w)
}

/// One benchmark query: the text as typed into pustaka and the same request as terms the
/// peers' query languages can express.
struct BenchQuery {
    kind: &'static str,
    text: String,
    /// `(field or None for all, words, phrase)`.
    terms: Vec<(Option<&'static str>, Vec<String>, bool)>,
}

fn swap_typo(word: &str, rng: &mut Rng) -> String {
    let mut b = word.as_bytes().to_vec();
    // Swap two adjacent letters after the first, choosing a pair that differs.
    for _ in 0..8 {
        let i = 1 + rng.below(b.len() - 2);
        if b[i] != b[i + 1] {
            b.swap(i, i + 1);
            break;
        }
    }
    String::from_utf8(b).expect("ASCII word")
}

fn pick_distinct(words: &[String], n: usize, rng: &mut Rng) -> Option<Vec<String>> {
    let mut seen: Vec<&String> = Vec::new();
    for w in words {
        if !seen.contains(&w) {
            seen.push(w);
        }
    }
    if seen.len() < n {
        return None;
    }
    let start = rng.below(seen.len() - n + 1);
    Some(
        seen[start..start + n]
            .iter()
            .map(|w| (*w).clone())
            .collect(),
    )
}

/// Draws one query of `kind` from `w`, or `None` when the record lacks the words for it.
fn draw(kind: &'static str, w: &Words, all_title: &[String], rng: &mut Rng) -> Option<BenchQuery> {
    let content: Vec<String> = w
        .title
        .iter()
        .filter(|t| content_word(t))
        .cloned()
        .collect();
    let plain = |ws: Vec<String>| -> Vec<(Option<&'static str>, Vec<String>, bool)> {
        ws.into_iter().map(|x| (None, vec![x], false)).collect()
    };
    let q = match kind {
        "word" => {
            let ws = pick_distinct(&content, 1, rng)?;
            BenchQuery {
                kind,
                text: ws.join(" "),
                terms: plain(ws),
            }
        }
        "two_words" | "three_words" => {
            let n = if kind == "two_words" { 2 } else { 3 };
            let ws = pick_distinct(&content, n, rng)?;
            BenchQuery {
                kind,
                text: ws.join(" "),
                terms: plain(ws),
            }
        }
        "phrase" => {
            let pairs: Vec<(&String, &String)> = all_title
                .windows(2)
                .filter(|p| content_word(&p[0]) && content_word(&p[1]) && p[0] != p[1])
                .map(|p| (&p[0], &p[1]))
                .collect();
            if pairs.is_empty() {
                return None;
            }
            let (a, b) = pairs[rng.below(pairs.len())];
            BenchQuery {
                kind,
                text: format!("\"{a} {b}\""),
                terms: vec![(None, vec![a.clone(), b.clone()], true)],
            }
        }
        "title_field" => {
            let prefix = if rng.below(2) == 0 { "ti" } else { "judul" };
            let ws = pick_distinct(&content, 2, rng).or_else(|| pick_distinct(&content, 1, rng))?;
            if ws.len() == 2 && rng.below(2) == 0 {
                BenchQuery {
                    kind,
                    text: format!("{prefix}:{} {}", ws[0], ws[1]),
                    terms: vec![
                        (Some("title"), vec![ws[0].clone()], false),
                        (None, vec![ws[1].clone()], false),
                    ],
                }
            } else {
                BenchQuery {
                    kind,
                    text: format!("{prefix}:{}", ws[0]),
                    terms: vec![(Some("title"), vec![ws[0].clone()], false)],
                }
            }
        }
        "author_field" => {
            let surname = w.surname.clone().filter(|s| content_word(s))?;
            let ws = pick_distinct(&content, 1, rng)?;
            let prefix = if rng.below(2) == 0 { "au" } else { "pengarang" };
            BenchQuery {
                kind,
                text: format!("{prefix}:{surname} {}", ws[0]),
                terms: vec![
                    (Some("author"), vec![surname], false),
                    (None, vec![ws[0].clone()], false),
                ],
            }
        }
        "subject_field" => {
            let subj: Vec<String> = w
                .subject
                .iter()
                .filter(|t| content_word(t))
                .cloned()
                .collect();
            let ws = pick_distinct(&subj, 1, rng)?;
            let prefix = if rng.below(2) == 0 { "su" } else { "subjek" };
            BenchQuery {
                kind,
                text: format!("{prefix}:{}", ws[0]),
                terms: vec![(Some("subject"), ws, false)],
            }
        }
        "typo" => {
            let long: Vec<String> = content.iter().filter(|t| t.len() >= 5).cloned().collect();
            let target = pick_distinct(&long, 1, rng)?.remove(0);
            let typo = swap_typo(&target, rng);
            if typo == target {
                return None;
            }
            let other = content.iter().find(|t| **t != target).cloned();
            let mut ws = vec![typo];
            if let Some(o) = other.filter(|_| rng.below(2) == 0) {
                ws.push(o);
            }
            BenchQuery {
                kind,
                text: ws.join(" "),
                terms: plain(ws),
            }
        }
        _ => unreachable!("kinds are listed in MIX"),
    };
    Some(q)
}

/// How many queries of each kind (1,000 in all).
const MIX: &[(&str, usize)] = &[
    ("word", 250),
    ("two_words", 200),
    ("three_words", 120),
    ("phrase", 100),
    ("title_field", 100),
    ("author_field", 80),
    ("subject_field", 50),
    ("typo", 100),
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn stats(mut ms: Vec<f64>) -> Value {
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    json!({
        "n": ms.len(),
        "p50_ms": percentile(&ms, 0.50),
        "p95_ms": percentile(&ms, 0.95),
        "p99_ms": percentile(&ms, 0.99),
        "max_ms": ms.last().copied().unwrap_or(f64::NAN),
        "mean_ms": mean,
    })
}

fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The judged queries `(query, position of the right record in the file, from 1)`, parsed
/// from the `JUDGED` table of the test.
fn judged() -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for line in JUDGED_SOURCE.lines() {
        let line = line.trim();
        let Some(body) = line.strip_prefix("(\"").and_then(|l| l.strip_suffix("),")) else {
            continue;
        };
        let Some(split) = body.rfind("\", ") else {
            continue;
        };
        let Ok(position) = body[split + 3..].trim().parse() else {
            continue;
        };
        let text = body[..split].replace("\\\"", "\"").replace("\\\\", "\\");
        out.push((text, position));
    }
    out
}

fn uptime_load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("search_latency: {e}");
            std::process::exit(2);
        }
    };
    if let (Some(text), Some(dir)) = (&args.profile, &args.library) {
        let index = SearchIndex::open(dir.join("index")).expect("open the index");
        let query = Query::new(text.as_str()).limit(10).with_facets();
        let mut ms = Vec::new();
        for _ in 0..2000 {
            let t = Instant::now();
            let r = index.search(&query).expect("search");
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(r);
        }
        println!("{text:?}: {}", stats(ms));
        return;
    }
    if let (Some(passes), Some(dir)) = (args.replay, &args.library) {
        let index = SearchIndex::open(dir.join("index")).expect("open the index");
        let path = args.out.join("queries.jsonl");
        let lines = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} (run without --replay first): {e}",
                path.display()
            )
        });
        let texts: Vec<String> = lines
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect();
        let queries: Vec<Query> = texts
            .iter()
            .map(|t| Query::new(t.as_str()).limit(10).with_facets())
            .collect();
        for q in &queries {
            index.search(q).expect("search");
        }
        let mut slowest: Vec<(f64, &str, usize)> = Vec::new();
        for pass in 1..=passes {
            let mut ms = Vec::with_capacity(queries.len());
            for (q, text) in queries.iter().zip(&texts) {
                let t = Instant::now();
                let r = index.search(q).expect("search");
                let took = t.elapsed().as_secs_f64() * 1e3;
                ms.push(took);
                if pass == passes {
                    slowest.push((took, text, r.total));
                }
            }
            println!(
                "pass {pass}: {} queries: {} (load: {})",
                queries.len(),
                stats(ms),
                uptime_load()
            );
        }
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ms, text, total) in slowest.iter().take(12) {
            println!("  {ms:7.3} ms  {total:6} hits  {text}");
        }
        return;
    }
    std::fs::create_dir_all(&args.out).expect("create the output directory");
    let (dir, keep) = match &args.library {
        Some(d) => (d.clone(), true),
        None => (
            std::env::temp_dir().join(format!("pustaka-bench-search-{}", std::process::id())),
            false,
        ),
    };
    let mut import_seconds = None;
    let library = if dir.join("library.sqlite").is_file() {
        println!("reusing the library in {}", dir.display());
        Library::open(&dir).expect("open the library")
    } else {
        let _ = std::fs::remove_dir_all(&dir);
        let library = Library::create(&dir).expect("create the library");
        let reader = pustaka_marc::read_path(&args.file, None, ReadOptions::default())
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", args.file.display()));
        let at = Timestamp::parse("2024-06-01 10:00:00").expect("valid timestamp");
        let start = Instant::now();
        let report = library
            .import_records(
                reader.take(args.records.unwrap_or(usize::MAX)),
                &ImportOptions::new(at),
            )
            .expect("import");
        let s = start.elapsed().as_secs_f64();
        println!(
            "imported {} records ({} rejected) from {} in {s:.1} s",
            report.imported,
            report.rejected.len(),
            args.file.display()
        );
        import_seconds = Some(s);
        library
    };

    // The index build: what `pustaka reindex` runs.
    let load_before = uptime_load();
    let start = Instant::now();
    let indexed = if args.no_reindex && import_seconds.is_none() {
        library.sync_search().expect("catch the index up");
        library.catalog().count().expect("count the records") as usize
    } else {
        library.reindex().expect("reindex")
    };
    let build_seconds = start.elapsed().as_secs_f64();
    let rebuilt = !(args.no_reindex && import_seconds.is_none());
    let index_bytes = dir_size(&library.index_dir());
    println!(
        "{}: {indexed} records in {build_seconds:.1} s (load before: {load_before}); index {:.1} MB",
        if rebuilt { "reindex" } else { "index reused, caught up" },
        index_bytes as f64 / 1e6
    );

    // The records' text as the index sees it, and the words queries are drawn from.
    let mut fold = analysis::fold_analyzer();
    let worksheet_extra = Extra::default();
    let mut words: Vec<(i64, Words, Vec<String>)> = Vec::new();
    // (catalogue id, 245 $a) in id order: the import keeps the file's order.
    let mut in_order: Vec<(i64, String)> = Vec::new();
    let mut docs = BufWriter::new(
        std::fs::File::create(args.out.join("docs.jsonl")).expect("create docs.jsonl"),
    );
    for stored in library.catalog().marc_records() {
        let stored = stored.expect("read a stored record");
        let x = document::extract(&stored.record, &worksheet_extra, &mut fold);
        if in_order.len() < 1000 {
            let a = stored.record.subfield("245", 'a').unwrap_or("").to_string();
            in_order.push((stored.id, a));
        }
        let doc = json!({
            "id": stored.id,
            "title": x.title.join(" ; "),
            "author": x.author.join(" ; "),
            "subject": x.subject.join(" ; "),
            "publisher": x.publisher.join(" ; "),
            "notes": x.notes.join(" ; "),
            "call_number": x.call_number.join(" ; "),
            "isbn": x.isbn.join(" "),
            "year": x.year,
        });
        serde_json::to_writer(&mut docs, &doc).expect("write docs.jsonl");
        docs.write_all(b"\n").expect("write docs.jsonl");
        let title245 = x.title.first().cloned().unwrap_or_default();
        let all_title = analysis::tokens(&mut fold, &title245);
        let surname = x
            .author_facets
            .first()
            .and_then(|a| analysis::tokens(&mut fold, a).into_iter().next());
        let subject = x
            .subject_facets
            .iter()
            .flat_map(|s| analysis::tokens(&mut fold, s))
            .collect();
        words.push((
            stored.id,
            Words {
                title: all_title.clone(),
                surname,
                subject,
            },
            all_title,
        ));
    }
    docs.flush().expect("write docs.jsonl");

    // The 1,000 queries, drawn with a fixed seed.
    let mut rng = Rng(args.seed);
    let mut queries: Vec<(BenchQuery, i64)> = Vec::new();
    for (kind, n) in MIX {
        let mut made = 0;
        let mut tries = 0;
        while made < *n && tries < 1_000_000 {
            tries += 1;
            let (id, w, all_title) = &words[rng.below(words.len())];
            if let Some(q) = draw(kind, w, all_title, &mut rng) {
                queries.push((q, *id));
                made += 1;
            }
        }
    }
    let mut qfile = String::new();
    for (q, from) in &queries {
        let terms: Vec<Value> = q
            .terms
            .iter()
            .map(|(field, ws, phrase)| json!({"field": field, "words": ws, "phrase": phrase}))
            .collect();
        let line = json!({"kind": q.kind, "text": q.text, "terms": terms, "from_id": from});
        writeln!(qfile, "{line}").expect("format");
    }
    std::fs::write(args.out.join("queries.jsonl"), qfile).expect("write queries.jsonl");

    // The judged set, mapped from file positions to catalogue ids: the n-th record of the
    // file is the n-th of the library when its 245 $a is the same (nothing was rejected).
    let reader = pustaka_marc::read_path(&args.file, None, ReadOptions::default())
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", args.file.display()));
    let file_titles: Vec<String> = reader
        .take(in_order.len())
        .map(|r| {
            r.ok()
                .and_then(|r| r.subfield("245", 'a').map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    let judged: Vec<(String, usize, i64)> = judged()
        .into_iter()
        .filter_map(|(q, pos)| {
            let (id, title) = in_order.get(pos.checked_sub(1)?)?;
            if file_titles.get(pos - 1) == Some(title) {
                Some((q, pos, *id))
            } else {
                eprintln!("judged query {q:?}: record {pos} of the file is not in the library");
                None
            }
        })
        .collect();
    let mut jfile = String::new();
    for (q, pos, id) in &judged {
        writeln!(
            jfile,
            "{}",
            json!({"query": q, "position": pos, "catalog_id": id})
        )
        .expect("format");
    }
    std::fs::write(args.out.join("judged.jsonl"), jfile).expect("write judged.jsonl");

    // Latency: the engine alone (SearchIndex::search) and through Library::search
    // (which first checks the index is caught up). One untimed pass warms the caches.
    let engine = SearchIndex::open(library.index_dir()).expect("open the index");
    let request = |text: &str| Query::new(text).limit(10).with_facets();
    for (q, _) in &queries {
        engine.search(&request(&q.text)).expect("search");
    }
    let load_search = uptime_load();
    let mut engine_ms = Vec::with_capacity(queries.len());
    let mut by_kind: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut rungs: HashMap<&str, usize> = HashMap::new();
    let mut zero = 0;
    let mut totals = Vec::with_capacity(queries.len());
    let mut slowest: Vec<(f64, &str, &str, &str, usize)> = Vec::new();
    for (q, _) in &queries {
        let req = request(&q.text);
        let t = Instant::now();
        let r = engine.search(&req).expect("search");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        slowest.push((ms, q.text.as_str(), q.kind, r.rung.as_str(), r.total));
        assert!(
            r.hits.len() <= 10 && r.facets.len() >= 6,
            "top 10 and six facets"
        );
        engine_ms.push(ms);
        by_kind.entry(q.kind).or_default().push(ms);
        *rungs.entry(r.rung.as_str()).or_default() += 1;
        zero += usize::from(r.total == 0);
        totals.push(r.total);
    }
    // The same queries without facets: what the six facets cost.
    let mut bare_ms = Vec::with_capacity(queries.len());
    for (q, _) in &queries {
        let req = Query::new(q.text.as_str()).limit(10);
        let t = Instant::now();
        engine.search(&req).expect("search");
        bare_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut library_ms = Vec::with_capacity(queries.len());
    for (q, _) in &queries {
        let req = request(&q.text);
        let t = Instant::now();
        library.search(&req).expect("search");
        library_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }

    // Known-item quality.
    let mut reciprocal = 0.0;
    let mut first = 0;
    let mut ranks = Vec::new();
    for (q, _, want) in &judged {
        let r = engine
            .search(&Query::new(q.as_str()).limit(10))
            .expect("search");
        let rank = r
            .hits
            .iter()
            .position(|h| h.catalog_id == *want)
            .map(|k| k + 1);
        if let Some(k) = rank {
            reciprocal += 1.0 / k as f64;
            first += usize::from(k == 1);
        }
        ranks.push(json!({"query": q, "rank": rank, "rung": r.rung.as_str()}));
    }
    let n = judged.len().max(1) as f64;
    let mrr = reciprocal / n;
    let success1 = first as f64 / n;

    // The twenty slowest queries, to see what the tail is made of.
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    slowest.truncate(20);
    let slowest: Vec<Value> = slowest
        .iter()
        .map(|(ms, text, kind, rung, total)| {
            json!({"ms": ms, "query": text, "kind": kind, "rung": rung, "total": total})
        })
        .collect();
    let engine_stats = stats(engine_ms);
    let library_stats = stats(library_ms);
    let bare_stats = stats(bare_ms);
    let kinds: serde_json::Map<String, Value> = by_kind
        .into_iter()
        .map(|(k, v)| (k.to_string(), stats(v)))
        .collect();
    let result = json!({
        "records": indexed,
        "import_seconds": import_seconds,
        "build_seconds": build_seconds,
        "rebuilt": rebuilt,
        "index_bytes": index_bytes,
        "load_before_build": load_before,
        "load_before_search": load_search,
        "queries": queries.len(),
        "zero_hit_queries": zero,
        "rungs": rungs,
        "engine": engine_stats,
        "library": library_stats,
        "engine_no_facets": bare_stats,
        "by_kind": kinds,
        "slowest": slowest,
        "judged": {"n": judged.len(), "mrr10": mrr, "success1": success1, "ranks": ranks},
        "totals": totals,
    });
    std::fs::write(
        args.out.join("pustaka.json"),
        serde_json::to_string_pretty(&result).expect("serialise"),
    )
    .expect("write pustaka.json");

    let e = &result["engine"];
    let l = &result["library"];
    println!(
        "{} queries (top 10 + total + six facets), engine: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms (load: {load_search})",
        queries.len(),
        e["p50_ms"].as_f64().unwrap_or(f64::NAN),
        e["p95_ms"].as_f64().unwrap_or(f64::NAN),
        e["p99_ms"].as_f64().unwrap_or(f64::NAN),
        e["max_ms"].as_f64().unwrap_or(f64::NAN),
    );
    let b = &result["engine_no_facets"];
    println!(
        "engine without facets: p50 {:.3} ms, p99 {:.3} ms; through Library::search: p50 {:.3} ms, p99 {:.3} ms",
        b["p50_ms"].as_f64().unwrap_or(f64::NAN),
        b["p99_ms"].as_f64().unwrap_or(f64::NAN),
        l["p50_ms"].as_f64().unwrap_or(f64::NAN),
        l["p99_ms"].as_f64().unwrap_or(f64::NAN),
    );
    println!("rungs: {rungs:?}; zero-hit queries: {zero}");
    println!(
        "judged known-item set: {} queries, MRR@10 {mrr:.3}, success@1 {success1:.3}",
        judged.len()
    );
    println!("files written to {}", args.out.display());
    drop(engine);
    drop(library);
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
