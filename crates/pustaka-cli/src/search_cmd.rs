//! `pustaka search` and `pustaka reindex`.

use std::path::Path;
use std::time::Instant;

use pustaka::search::{Query, SearchResults};
use pustaka::LibraryError;
use serde_json::json;

use crate::library_cmd::{kind, open};
use crate::output::{Output, EXIT_FATAL, EXIT_OK};

/// Arguments of `pustaka search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The query: words (all required, with OR and typo-tolerant fallbacks), "phrases",
    /// and field prefixes judul:/ti:, pengarang:/au:, subjek:/su:, penerbit:/pb:,
    /// isbn:/nb:, issn:/ns:, tahun:/yr: (2000..2010), bahasa:/ln:, nomor:/callnum:.
    pub query: String,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// How many of the best hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Show facet counts (author, subject, year, decade, language, material type).
    #[arg(long)]
    pub facets: bool,
}

fn fail(out: &Output, e: &LibraryError) -> u8 {
    match e.query_error() {
        Some(q) => {
            if out.json {
                out.print_json(&json!({"error": {
                    "kind": "query",
                    "message": e.to_string(),
                    "position": q.position,
                }}));
            } else {
                eprintln!("pustaka: error: {e}");
            }
            EXIT_FATAL
        }
        None => out.fatal(kind(e), &e.to_string()),
    }
}

/// `pustaka search QUERY`.
pub fn search(dir: &Path, args: SearchArgs, out: &Output) -> u8 {
    let mut query = Query::new(args.query.clone())
        .limit(args.limit)
        .offset(args.offset);
    query.facets = args.facets;
    let started = Instant::now();
    let result = open(dir).and_then(|library| library.search_query(&query));
    let results = match result {
        Ok(r) => r,
        Err(e) => return fail(out, &e),
    };
    let elapsed = started.elapsed();
    if out.json {
        let mut v = serde_json::to_value(&results).unwrap_or_else(|_| json!({}));
        v["query"] = json!(args.query);
        if !args.facets {
            if let Some(obj) = v.as_object_mut() {
                obj.remove("facets");
            }
        }
        out.print_json(&v);
    } else {
        print_text(&results, args.offset, elapsed.as_secs_f64());
    }
    EXIT_OK
}

fn print_text(r: &SearchResults, offset: usize, seconds: f64) {
    let rung = match r.rung.as_str() {
        "and" => String::new(),
        other => format!(", matched by the {other} fallback"),
    };
    println!(
        "{} record{}{rung} ({:.1} ms)",
        r.total,
        if r.total == 1 { "" } else { "s" },
        seconds * 1000.0
    );
    if let Some(s) = &r.suggestion {
        println!("did you mean: {s}");
    }
    for (i, hit) in r.hits.iter().enumerate() {
        let mut line = format!("{:>3}. {}", offset + i + 1, hit.title);
        if !hit.author.is_empty() {
            line.push_str(&format!(" / {}", hit.author));
        }
        if let Some(y) = hit.year {
            line.push_str(&format!(" ({y})"));
        }
        line.push_str(&format!("  [{}", hit.bibid));
        if !hit.call_number.is_empty() {
            line.push_str(&format!(", {}", hit.call_number));
        }
        line.push(']');
        println!("{line}");
    }
    for (name, values) in &r.facets {
        if values.is_empty() {
            continue;
        }
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("{} ({})", v.value, v.count))
            .collect();
        println!("{name}: {}", list.join("; "));
    }
}

/// `pustaka reindex`.
pub fn reindex(dir: &Path, out: &Output) -> u8 {
    let started = Instant::now();
    let result = open(dir).and_then(|library| library.reindex());
    let count = match result {
        Ok(n) => n,
        Err(e) => return fail(out, &e),
    };
    let seconds = started.elapsed().as_secs_f64();
    if out.json {
        out.print_json(&json!({"indexed": count, "seconds": seconds}));
    } else {
        println!("indexed {count} records in {seconds:.2} s");
    }
    EXIT_OK
}
