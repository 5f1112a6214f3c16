//! `pustaka import inlislite DUMP.sql`: a whole INLISLite v3 database from its mysqldump.

use std::path::{Path, PathBuf};

use clap::Args;
use pustaka_inlislite::import::{import_dump, ImportError, ImportOptions, Tables};

use crate::library_cmd::{kind, open};
use crate::output::{Output, EXIT_OK, EXIT_PARTIAL};

/// Arguments of `pustaka import inlislite`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The mysqldump file of the INLISLite v3 database (`mysqldump inlislite_v3 > DUMP.sql`).
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub dump: Option<PathBuf>,
    /// Import straight from a running INLISLite MySQL/MariaDB server instead of a dump:
    /// `mysql://user:pass@host[:port]/inlislite_v3`, or through a Unix socket,
    /// `mysql://user@localhost/inlislite_v3?socket=/run/mysqld/mysqld.sock` (needs a
    /// pustaka built with the `mysql` feature).
    #[arg(long, value_name = "URL")]
    pub from: Option<String>,
    /// Which tables: `core` (the tables pustaka models) or `all` (also every other table,
    /// kept verbatim for a later export).
    #[arg(long, default_value = "core", value_parser = ["core", "all"])]
    pub tables: String,
}

/// Runs the import from the server at `url`.
#[cfg(feature = "mysql")]
fn from_server(
    library: &pustaka::Library,
    url: &str,
    options: ImportOptions<'_>,
) -> Result<pustaka_inlislite::ImportReport, ImportError> {
    pustaka_inlislite::import_mysql(library, url, options)
}

/// Without the `mysql` feature there is no server client: say how to get one.
#[cfg(not(feature = "mysql"))]
fn from_server(
    _library: &pustaka::Library,
    _url: &str,
    _options: ImportOptions<'_>,
) -> Result<pustaka_inlislite::ImportReport, ImportError> {
    Err(ImportError::Server {
        message: "this pustaka was built without the `mysql` feature: build it with \
                  `cargo build --release -p pustaka-cli --features mysql`, or import a \
                  mysqldump file instead"
            .into(),
    })
}

/// `pustaka import inlislite`: one transaction; rows are upserted by INLISLite's ids, so a
/// second import of the same dump changes nothing. Exit 0 when every row went in, 1 when
/// some were rejected (listed on stderr, or in the JSON report), 2 when nothing was
/// imported (unreadable or v2-era dump, unreachable server: the library is unchanged).
pub fn import(dir: &Path, args: ImportArgs, out: &Output) -> u8 {
    let library = match open(dir) {
        Ok(l) => l,
        Err(e) => return out.fatal(kind(&e), &e.to_string()),
    };
    let tables: Tables = args.tables.parse().expect("clap checked the value");
    let result = match (&args.from, &args.dump) {
        (Some(url), _) => {
            // Bytes of values received; the size of the server's tables is not known.
            let bar = out.progress(0, "importing from the server");
            let mut progress = |bytes: u64| bar.set_position(bytes);
            let r = from_server(
                &library,
                url,
                ImportOptions {
                    tables,
                    progress: Some(&mut progress),
                },
            );
            bar.finish_and_clear();
            r
        }
        (None, Some(dump)) => {
            let total = std::fs::metadata(dump).map(|m| m.len()).unwrap_or(0);
            let bar = out.progress(total, "importing");
            let mut progress = |bytes: u64| bar.set_position(bytes);
            let r = import_dump(
                &library,
                dump,
                ImportOptions {
                    tables,
                    progress: Some(&mut progress),
                },
            );
            bar.finish_and_clear();
            r
        }
        (None, None) => unreachable!("clap requires a dump or --from"),
    };
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let k = match &e {
                ImportError::Open { .. } => "io",
                ImportError::Dump(_) => "dump",
                ImportError::V2Dump { .. } => "v2_dump",
                ImportError::Server { .. } => "server",
                ImportError::Library(l) => kind(l),
            };
            return out.fatal(k, &format!("{e}; nothing was imported"));
        }
    };
    if out.json {
        out.print_json(&report.to_json());
    } else {
        for r in &report.rejections {
            eprintln!(
                "pustaka: rejected: {} row at line {}: {}",
                r.table, r.line, r.reason
            );
        }
        for w in &report.warnings {
            eprintln!(
                "pustaka: warning: {}{}: {}",
                w.table
                    .as_deref()
                    .map(|t| format!("{t} "))
                    .unwrap_or_default(),
                w.at,
                w.message
            );
        }
        println!(
            "{:<32} {:>9} {:>9} {:>9}  destination",
            "table", "read", "imported", "rejected"
        );
        for (name, t) in &report.tables {
            println!(
                "{name:<32} {:>9} {:>9} {:>9}  {}",
                t.read, t.imported, t.rejected, t.destination
            );
        }
        println!(
            "imported {} of {} rows ({} rejected, {} warnings, {} MARC records rebuilt) in {:.1} s",
            report.rows_imported(),
            report.rows_read(),
            report.rejections.len(),
            report.warnings.len(),
            report.marc_rebuilt,
            report.seconds
        );
    }
    if report.rejections.is_empty() {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    }
}

/// Arguments of `pustaka export inlislite`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Output file, written to a temporary file beside it and renamed when complete.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// `pustaka export inlislite -o OUT.sql`.
pub fn export(dir: &Path, args: ExportArgs, out: &Output) -> u8 {
    let library = match open(dir) {
        Ok(l) => l,
        Err(e) => return out.fatal(kind(&e), &e.to_string()),
    };
    let partial = args.output.with_extension("sql.partial");
    let result = std::fs::File::create(&partial)
        .map_err(pustaka_inlislite::ExportError::from)
        .and_then(|file| {
            let mut w = std::io::BufWriter::new(file);
            let report = pustaka_inlislite::export_dump(&library, &mut w)?;
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&partial, &args.output)?;
            Ok(report)
        });
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return out.fatal("export", &format!("{}: {e}", args.output.display()));
        }
    };
    let rows: u64 = report.tables.iter().map(|t| t.1).sum();
    if out.json {
        out.print_json(&serde_json::json!({
            "output": args.output.display().to_string(),
            "tables": report.tables.iter().map(|(t, n)| (t.clone(), serde_json::json!(n))).collect::<serde_json::Map<_, _>>(),
            "rows": rows,
        }));
    } else {
        println!(
            "wrote {} rows of {} tables to {}",
            rows,
            report.tables.len(),
            args.output.display()
        );
    }
    EXIT_OK
}
