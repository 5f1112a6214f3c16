//! `pustaka marc convert` and `pustaka marc stats`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;
use pustaka_marc::{Format, MarcError, Mode, ReadOptions, Reader, Record};
use serde_json::json;

use crate::output::{Output, EXIT_OK, EXIT_PARTIAL};

#[derive(Subcommand, Debug)]
pub enum MarcCommand {
    /// Convert a MARC file between ISO 2709, MARCXML, MARC-in-JSON (JSON Lines) and mnemonic text.
    Convert {
        /// Input file (`-` for standard input).
        input: PathBuf,
        /// Input format; `auto` detects it from the content.
        #[arg(long, default_value = "auto", value_parser = ["auto", "iso2709", "marcxml", "json", "mrk"])]
        from: String,
        /// Output format.
        #[arg(long, value_parser = ["iso2709", "marcxml", "json", "mrk"])]
        to: String,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Repair what can be repaired, with a warning for each repair.
        #[arg(long)]
        lenient: bool,
    },
    /// Count records, fields per tag, encodings and warnings in a MARC file.
    Stats {
        /// Input file (`-` for standard input).
        input: PathBuf,
        /// Input format; `auto` detects it from the content.
        #[arg(long, default_value = "auto", value_parser = ["auto", "iso2709", "marcxml", "json", "mrk"])]
        from: String,
        /// Repair what can be repaired, with a warning for each repair.
        #[arg(long)]
        lenient: bool,
    },
}

pub fn run(command: MarcCommand, out: &Output) -> u8 {
    match command {
        MarcCommand::Convert {
            input,
            from,
            to,
            output,
            lenient,
        } => convert(&input, &from, &to, output.as_deref(), lenient, out),
        MarcCommand::Stats {
            input,
            from,
            lenient,
        } => stats(&input, &from, lenient, out),
    }
}

/// A counting wrapper so the progress bar can follow the bytes read.
pub(crate) struct Counting<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

pub(crate) type Input = Reader<BufReader<Counting<Box<dyn Read>>>>;

pub(crate) fn open(
    path: &Path,
    from: &str,
    lenient: bool,
    out: &Output,
) -> Result<(Input, indicatif::ProgressBar), String> {
    let (src, len): (Box<dyn Read>, u64) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin()), 0)
    } else {
        let f = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(f), len)
    };
    let bar = out.progress(len, "reading");
    let src = BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: src,
            bar: bar.clone(),
        },
    );
    let options = ReadOptions {
        mode: if lenient { Mode::Lenient } else { Mode::Strict },
        ..ReadOptions::default()
    };
    let reader = match Format::from_name(from) {
        Some(f) => Reader::new(src, f, options),
        None => Reader::detect(src, options).map_err(|e| e.to_string())?,
    };
    Ok((reader, bar))
}

/// Reads every record, handing each to `each`; prints warnings and rejections on stderr.
/// Returns (records read, rejected, warnings, fatal error if the input could not be finished).
fn drive(
    reader: &mut Input,
    bar: &indicatif::ProgressBar,
    mut each: impl FnMut(&Record) -> Result<(), MarcError>,
) -> (usize, usize, usize, Option<MarcError>) {
    let (mut read, mut rejected, mut warned) = (0, 0, 0);
    let mut fatal = None;
    while let Some(item) = reader.next() {
        for w in reader.take_warnings() {
            warned += 1;
            bar.suspend(|| eprintln!("warning: {w}"));
        }
        match item {
            Ok(record) => {
                if let Err(e) = each(&record) {
                    fatal = Some(e);
                    break;
                }
                read += 1;
            }
            Err(e) => {
                rejected += 1;
                bar.suspend(|| eprintln!("rejected: {e}"));
                if e.is_fatal() {
                    fatal = Some(e);
                    break;
                }
            }
        }
    }
    for w in reader.take_warnings() {
        warned += 1;
        bar.suspend(|| eprintln!("warning: {w}"));
    }
    bar.finish_and_clear();
    (read, rejected, warned, fatal)
}

fn convert(
    input: &Path,
    from: &str,
    to: &str,
    output: Option<&Path>,
    lenient: bool,
    out: &Output,
) -> u8 {
    let to = Format::from_name(to).expect("clap checked the value");
    let (mut reader, bar) = match open(input, from, lenient, out) {
        Ok(r) => r,
        Err(e) => return out.fatal("io", &e),
    };
    // Write to a temporary file beside the target and rename at the end, so that a failed
    // conversion never leaves a half-written output behind.
    let (sink, tmp): (Box<dyn Write>, Option<(PathBuf, PathBuf)>) = match output {
        Some(path) => {
            let tmp = path.with_file_name(format!(
                ".{}.partial",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ));
            match File::create(&tmp) {
                Ok(f) => (Box::new(BufWriter::new(f)), Some((tmp, path.to_path_buf()))),
                Err(e) => {
                    return out.fatal("io", &format!("cannot create {}: {e}", path.display()))
                }
            }
        }
        None => (Box::new(BufWriter::new(std::io::stdout().lock())), None),
    };
    let mut writer = pustaka_marc::writer(sink, to);
    let (read, rejected, warnings, mut fatal) =
        drive(&mut reader, &bar, |r| writer.write_record(r));
    if fatal
        .as_ref()
        .is_none_or(|e| e.is_fatal() && e.kind != pustaka_marc::ErrorKind::Io)
    {
        if let Err(e) = writer.finish() {
            fatal = Some(e);
        }
    }
    drop(writer);
    let write_failed = fatal.as_ref().is_some_and(|e| {
        matches!(
            e.kind,
            pustaka_marc::ErrorKind::Io | pustaka_marc::ErrorKind::Unwritable
        )
    });
    if let Some((tmp, path)) = &tmp {
        if write_failed {
            let _ = std::fs::remove_file(tmp);
        } else if let Err(e) = std::fs::rename(tmp, path) {
            return out.fatal("io", &format!("cannot write {}: {e}", path.display()));
        }
    }
    if write_failed {
        let e = fatal.expect("checked");
        return out.fatal("write", &e.to_string());
    }
    let summary = json!({
        "input": input.display().to_string(),
        "format": reader.format().name(),
        "to": to.name(),
        "records": read,
        "rejected": rejected,
        "warnings": warnings,
        "complete": fatal.is_none(),
    });
    if out.json && output.is_some() {
        out.print_json(&summary);
    } else if !out.json {
        eprintln!(
            "converted {read} records from {} to {} ({rejected} rejected, {warnings} warnings)",
            reader.format().name(),
            to.name()
        );
    }
    status(rejected, &fatal)
}

fn status(rejected: usize, fatal: &Option<MarcError>) -> u8 {
    if rejected > 0 || fatal.is_some() {
        EXIT_PARTIAL
    } else {
        EXIT_OK
    }
}

/// Counts gathered by `marc stats`.
#[derive(Default)]
pub struct Stats {
    pub tags: BTreeMap<String, usize>,
    pub encodings: BTreeMap<String, usize>,
    pub subfields: usize,
}

impl Stats {
    pub fn add(&mut self, record: &Record) {
        let enc = match record.leader.coding_scheme() {
            Some('a') => "utf-8".to_string(),
            Some(' ') => "marc-8".to_string(),
            Some(c) => format!("other ({c:?})"),
            None => "unknown (short leader)".to_string(),
        };
        *self.encodings.entry(enc).or_default() += 1;
        for f in &record.fields {
            *self.tags.entry(f.tag().to_string()).or_default() += 1;
            if let Some(d) = f.as_data() {
                self.subfields += d.subfields.len();
            }
        }
    }
}

fn stats(input: &Path, from: &str, lenient: bool, out: &Output) -> u8 {
    let (mut reader, bar) = match open(input, from, lenient, out) {
        Ok(r) => r,
        Err(e) => return out.fatal("io", &e),
    };
    let mut s = Stats::default();
    let (read, rejected, warnings, fatal) = drive(&mut reader, &bar, |r| {
        s.add(r);
        Ok(())
    });
    if let Some(e) = &fatal {
        if e.kind == pustaka_marc::ErrorKind::Io {
            return out.fatal("io", &e.to_string());
        }
    }
    let fields: usize = s.tags.values().sum();
    if out.json {
        out.print_json(&json!({
            "input": input.display().to_string(),
            "format": reader.format().name(),
            "records": read,
            "rejected": rejected,
            "warnings": warnings,
            "complete": fatal.is_none(),
            "fields": fields,
            "subfields": s.subfields,
            "encodings": s.encodings,
            "tags": s.tags,
        }));
    } else {
        print_stats(input, reader.format(), read, rejected, warnings, &s);
    }
    status(rejected, &fatal)
}

pub fn print_stats(
    input: &Path,
    format: Format,
    read: usize,
    rejected: usize,
    warnings: usize,
    s: &Stats,
) {
    let fields: usize = s.tags.values().sum();
    println!("{} ({})", input.display(), format.name());
    println!("  records   {read}");
    println!("  rejected  {rejected}");
    println!("  warnings  {warnings}");
    println!("  fields    {fields} ({} subfields)", s.subfields);
    let enc: Vec<String> = s
        .encodings
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!("  encodings {}", enc.join(", "));
    println!("  fields per tag:");
    let mut line = String::new();
    for (i, (tag, n)) in s.tags.iter().enumerate() {
        line.push_str(&format!("    {tag} {n:>7}"));
        if i % 6 == 5 {
            println!("{line}");
            line.clear();
        }
    }
    if !line.is_empty() {
        println!("{line}");
    }
}
