//! Evaluates three Indonesian stemmers on the word list `benches/data-small/indonesian-stems.tsv`
//! (word, root, what it tests): pustaka's own port of Tala's algorithm
//! (`pustaka_search::stem::stem`), `tantivy-stemmers` with its `indonesian_tala` algorithm,
//! and `sastrawi-rs` (Nazief-Adriani with a root dictionary). It prints, as markdown, each
//! word's stems, the accuracy of each stemmer, and which groups of words sharing a root each
//! one conflates. The two outside crates are optional dependencies behind the `stem-eval`
//! feature, so they never reach the library:
//!
//! ```text
//! cargo run --release -p pustaka-benches --features stem-eval --bin stem_eval [-- FILE]
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

struct Entry {
    word: String,
    root: String,
    case: String,
}

fn read_list(path: &PathBuf) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("word\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err(format!(
                "{} line {}: want word<TAB>root<TAB>case",
                path.display(),
                n + 1
            ));
        }
        out.push(Entry {
            word: cols[0].trim().to_string(),
            root: cols[1].trim().to_string(),
            case: cols
                .get(2)
                .map(|c| c.trim().to_string())
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

fn main() {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data-small/indonesian-stems.tsv")
        });
    let list = match read_list(&path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("stem_eval: {e}");
            std::process::exit(2);
        }
    };
    let dict = sastrawi::Dictionary::new();
    let sastrawi = sastrawi::Stemmer::new(&dict);
    type StemFn<'a> = Box<dyn Fn(&str) -> String + 'a>;
    let stemmers: Vec<(&str, StemFn)> = vec![
        ("pustaka", Box::new(|w: &str| pustaka_search::stem::stem(w))),
        (
            "tantivy-stemmers indonesian_tala",
            Box::new(|w: &str| tantivy_stemmers::algorithms::indonesian_tala(w).into_owned()),
        ),
        (
            "sastrawi-rs",
            Box::new(|w: &str| sastrawi.stem_word(w).into_owned()),
        ),
    ];

    let stems: Vec<Vec<String>> = list
        .iter()
        .map(|e| stemmers.iter().map(|(_, f)| f(&e.word)).collect())
        .collect();

    println!("| word | root | case | pustaka | tantivy-stemmers | sastrawi-rs |");
    println!("|---|---|---|---|---|---|");
    for (e, s) in list.iter().zip(&stems) {
        let cell = |x: &String| {
            if *x == e.root {
                x.clone()
            } else {
                format!("**{x}**")
            }
        };
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            e.word,
            e.root,
            e.case,
            cell(&s[0]),
            cell(&s[1]),
            cell(&s[2])
        );
    }
    println!();

    // Groups: words of the list sharing a root (two or more words).
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in list.iter().enumerate() {
        groups.entry(e.root.as_str()).or_default().push(i);
    }
    groups.retain(|_, v| v.len() > 1);

    // Speed: every word of the list, stemmed over and over.
    let mut speed = Vec::new();
    for (_, f) in &stemmers {
        let rounds = 2_000;
        let start = std::time::Instant::now();
        let mut bytes = 0usize;
        for _ in 0..rounds {
            for e in &list {
                bytes += std::hint::black_box(f(std::hint::black_box(&e.word))).len();
            }
        }
        let ns = start.elapsed().as_nanos() as f64 / (rounds * list.len()) as f64;
        speed.push((ns, bytes));
    }

    println!("| stemmer | exact root | affixed words | keep words | root groups conflated | tani group (petani, pertanian, bertani) | ns/word |");
    println!("|---|---|---|---|---|---|---|");
    for (k, (name, f)) in stemmers.iter().enumerate() {
        let right = |i: usize| stems[i][k] == list[i].root;
        let n = list.len();
        let ok = (0..n).filter(|i| right(*i)).count();
        let keep: Vec<usize> = (0..n)
            .filter(|i| list[*i].case.starts_with("keep"))
            .collect();
        let keep_ok = keep.iter().filter(|i| right(**i)).count();
        let affixed = n - keep.len();
        let affixed_ok = ok - keep_ok;
        let conflated = groups
            .values()
            .filter(|ids| ids.iter().all(|i| stems[*i][k] == stems[ids[0]][k]))
            .count();
        let tani: Vec<String> = ["petani", "pertanian", "bertani"]
            .iter()
            .map(|w| f(w))
            .collect();
        let meet = tani.iter().all(|s| *s == tani[0]);
        println!(
            "| {name} | {ok}/{n} ({:.1} %) | {affixed_ok}/{affixed} | {keep_ok}/{} | {conflated}/{} | {} ({}) | {:.0} |",
            100.0 * ok as f64 / n as f64,
            keep.len(),
            groups.len(),
            if meet { "meet" } else { "do not meet" },
            tani.join(", "),
            speed[k].0
        );
    }
}
