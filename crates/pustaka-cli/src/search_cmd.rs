//! `pustaka search` and `pustaka reindex`.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use pustaka::search::{Query, SearchResults, Sort};
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
    /// Order of the hits: relevance (default), year (oldest first), -year (newest first)
    /// or title.
    #[arg(long, default_value = "relevance", allow_hyphen_values = true, value_parser = parse_sort)]
    pub sort: Sort,
    /// Show facet counts (author, subject, year, decade, language, material type,
    /// location, availability).
    #[arg(long)]
    pub facets: bool,
    /// Keep only records with this facet value, as FACET=VALUE (e.g. availability=available,
    /// location="Ruang Referensi", decade=1990s); repeatable, all required.
    #[arg(long = "filter", value_name = "FACET=VALUE", value_parser = parse_filter)]
    pub filters: Vec<(String, String)>,
}

fn parse_sort(s: &str) -> Result<Sort, String> {
    s.parse()
        .map_err(|e: pustaka::search::UnknownSort| e.to_string())
}

fn parse_filter(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: expected FACET=VALUE"))?;
    let name = name.trim();
    if !pustaka::search::FACETS.contains(&name) {
        return Err(format!(
            "unknown facet `{name}`: expected one of {}",
            pustaka::search::FACETS.join(", ")
        ));
    }
    Ok((name.to_string(), value.trim().to_string()))
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
        .offset(args.offset)
        .sort(args.sort);
    query.facets = args.facets;
    query.filters = args.filters.clone();
    let started = Instant::now();
    let result = open(dir).and_then(|library| library.search(&query));
    let results = match result {
        Ok(r) => r,
        Err(e) => return fail(out, &e),
    };
    let elapsed = started.elapsed();
    if out.json {
        let mut v = serde_json::to_value(&results).unwrap_or_else(|_| json!({}));
        v["query"] = json!(args.query);
        v["sort"] = json!(args.sort.as_str());
        v["offset"] = json!(args.offset);
        if !args.facets {
            if let Some(obj) = v.as_object_mut() {
                obj.remove("facets");
            }
        }
        out.print_json(&v);
    } else {
        let bold = std::io::stdout().is_terminal();
        print_text(&results, args.offset, elapsed.as_secs_f64(), bold);
    }
    EXIT_OK
}

/// `snippet` with its highlighted character ranges in bold (on a terminal) or between
/// asterisks.
fn marked(snippet: &str, highlights: &[(usize, usize)], bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("*", "*")
    };
    let mut out = String::new();
    let mut marks = highlights.iter().peekable();
    for (i, c) in snippet.chars().enumerate() {
        if marks.peek().is_some_and(|(a, _)| *a == i) {
            out.push_str(open);
        }
        out.push(c);
        if marks.peek().is_some_and(|(_, b)| *b == i + 1) {
            out.push_str(close);
            marks.next();
        }
    }
    out
}

fn print_text(r: &SearchResults, offset: usize, seconds: f64, bold: bool) {
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
        if !hit.snippet.is_empty() && hit.snippet != hit.title {
            println!("     {}", marked(&hit.snippet, &hit.highlights, bold));
        }
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
    let bar = if out.quiet || out.json || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "indexing [{bar:30}] {pos}/{len} records {per_sec} eta {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar
    };
    let result = open(dir).and_then(|library| {
        library.reindex_with_progress(|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
    });
    bar.finish_and_clear();
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
