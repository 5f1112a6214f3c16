//! `pustaka quickstart`: a first look at pustaka on bundled records.
//!
//! Writes 1,000 Library of Congress records (UTF-8) and 109 MARC-8 records to a folder,
//! converts them to every format, and prints what it read: the same steps a migration
//! script takes with its own files. Then it builds a library from them in `<dir>/library`
//! (replacing any earlier one): imports the LoC records, adds an item and a member, and shows
//! the first record with its items. Last it imports INLISLite's demo library (a real MariaDB
//! dump) into `<dir>/demo-library`, searches it, and writes that library's report for the
//! whole period of its data, by month, to `<dir>/report.html`.

use std::path::Path;

use clap::Parser as _;
use pustaka_marc::{Format, ReadOptions, Record};
use serde_json::json;

use crate::marc_cmd::{print_stats, Stats};
use crate::output::{Output, EXIT_OK};

/// The first 1,000 records of the Library of Congress "Books All 2016" file (public domain).
const LOC_SAMPLE: &[u8] =
    include_bytes!("../../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000");
/// 109 MARC-8 records from the `marc-record` crate's samples (MIT).
const MARC8_SAMPLE: &[u8] =
    include_bytes!("../../../fixtures/marc/marc-record-crate/marc8_multiple.mrc");
/// INLISLite v3's demo library as `mysqldump` writes it: catalogue, items, members, loans,
/// fines and guest book.
const DEMO_DUMP: &[u8] = include_bytes!("../../../fixtures/inlislite/perpus-demo.sql");
/// `pustaka search`'s arguments on their own, to parse the quickstart's searches.
#[derive(clap::Parser)]
struct SearchCommand {
    #[command(flatten)]
    args: crate::search_cmd::SearchArgs,
}

/// What the quickstart searches the demo library for.
const DEMO_QUERIES: [&str; 2] = ["andrea hirata", "pengarang:pramoedya"];

pub fn run(dir: &Path, out: &Output) -> u8 {
    match quickstart(dir, out) {
        Ok(()) => EXIT_OK,
        Err(e) => out.fatal("quickstart", &e),
    }
}

fn read_all(bytes: &[u8]) -> Result<(Vec<Record>, usize), String> {
    let mut reader =
        pustaka_marc::read_bytes(bytes, None, ReadOptions::default()).map_err(|e| e.to_string())?;
    let mut records = Vec::new();
    for r in reader.by_ref() {
        records.push(r.map_err(|e| e.to_string())?);
    }
    Ok((records, reader.take_warnings().len()))
}

fn quickstart(dir: &Path, out: &Output) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut summary = Vec::new();
    for (name, bytes) in [("loc-sample", LOC_SAMPLE), ("marc8-sample", MARC8_SAMPLE)] {
        let (records, warnings) = read_all(bytes)?;
        let mut stats = Stats::default();
        records.iter().for_each(|r| stats.add(r));
        let mut written = Vec::new();
        for format in [Format::Iso2709, Format::MarcXml, Format::Json, Format::Mrk] {
            let ext = match format {
                Format::Iso2709 => "mrc",
                Format::MarcXml => "xml",
                Format::Json => "jsonl",
                Format::Mrk => "mrk",
            };
            let path = dir.join(format!("{name}.{ext}"));
            let bytes = pustaka_marc::to_bytes(&records, format).map_err(|e| e.to_string())?;
            std::fs::write(&path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            // Read the converted file back: every format must give the same records.
            let back = pustaka_marc::read_path(&path, None, ReadOptions::default())
                .map_err(|e| e.to_string())?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            if back.len() != records.len()
                || back.iter().zip(&records).any(|(a, b)| a.fields != b.fields)
            {
                return Err(format!(
                    "{} does not read back to the same records",
                    path.display()
                ));
            }
            written.push(path.display().to_string());
        }
        if out.json {
            summary.push(json!({
                "sample": name,
                "records": records.len(),
                "warnings": warnings,
                "encodings": stats.encodings,
                "fields": stats.tags.values().sum::<usize>(),
                "files": written,
            }));
        } else {
            print_stats(
                Path::new(name),
                Format::Iso2709,
                records.len(),
                0,
                warnings,
                &stats,
            );
            println!("  wrote and re-read: {}", written.join(", "));
            let first = &records[0];
            println!(
                "  first record: {:?} by {:?}",
                first.title().unwrap_or_default(),
                first.author().unwrap_or_default()
            );
            println!();
        }
    }
    if out.json {
        let library = build_library(dir, out)?;
        let demo = demo_library(dir, out)?;
        out.print_json(&json!({"samples": summary, "library": library, "demo": demo}));
    } else {
        let mrk = dir.join("marc8-sample.mrk");
        println!(
            "MARC-8 records are now UTF-8; see {} for the first of them:",
            mrk.display()
        );
        let text = std::fs::read_to_string(&mrk).map_err(|e| e.to_string())?;
        for line in text.lines().take_while(|l| !l.is_empty()).take(12) {
            println!("  {line}");
        }
        build_library(dir, out)?;
        demo_library(dir, out)?;
    }
    Ok(())
}

/// Builds `<dir>/library` from the LoC sample: import, one item, one member, and the first
/// record shown with its items. Returns a JSON summary (printed as text unless `--json`).
fn build_library(dir: &Path, out: &Output) -> Result<serde_json::Value, String> {
    use crate::library_cmd;
    let lib_dir = dir.join("library");
    if lib_dir.exists() {
        std::fs::remove_dir_all(&lib_dir)
            .map_err(|e| format!("cannot remove the old {}: {e}", lib_dir.display()))?;
    }
    let library = pustaka::Library::create(&lib_dir).map_err(|e| e.to_string())?;
    let at = library_cmd::now().map_err(|e| e.to_string())?;
    let sample = dir.join("loc-sample.mrc");
    let options = pustaka::ImportOptions::new(at);
    let quiet = Output::new(out.json, true);
    let summary = library_cmd::import_files(
        &library,
        std::slice::from_ref(&sample),
        &options,
        false,
        &quiet,
    )
    .map_err(|(_, message)| message)?;
    let first = library
        .catalog()
        .get(1)
        .map_err(|e| format!("reading the first imported record: {e}"))?;
    let mut item = pustaka::NewItem::new("QS-0001");
    item.no_induk = Some("0001/QS/2024".into());
    item.call_number = first.display.call_number.clone();
    item.status_id = Some(pustaka::items::STATUS_AVAILABLE);
    library
        .items()
        .add(first.id, &item, at)
        .map_err(|e| e.to_string())?;
    let type_id =
        library_cmd::member_type(&library, "Umum", true, at).map_err(|e| e.to_string())?;
    let member = library
        .members()
        .add(
            &pustaka::NewMember::new("QS-M-0001", "Siti Rahayu", type_id),
            at,
        )
        .map_err(|e| e.to_string())?;
    let first = library.catalog().get(first.id).map_err(|e| e.to_string())?;
    if !out.json {
        println!();
        println!(
            "Library {}: imported {} records ({} rejected), added item QS-0001 and member {} ({}).",
            library.database_path().display(),
            summary.imported,
            summary.rejected,
            member.columns.member_no,
            member.columns.fullname
        );
        println!("The first record, with its item (990 $a is the item's NoInduk):");
        library_cmd::print_catalog(&library, &first, out).map_err(|e| e.to_string())?;
        println!();
        println!(
            "Try: pustaka --library {} catalog show {}",
            lib_dir.display(),
            first.bibid
        );
    }
    Ok(json!({
        "path": lib_dir.display().to_string(),
        "imported": summary.imported,
        "rejected": summary.rejected,
        "item": "QS-0001",
        "member": member.columns.member_no,
        "shown": first.bibid,
    }))
}

/// Imports the bundled INLISLite demo dump into `<dir>/demo-library` (replacing any earlier
/// one), searches it, and writes its report to `<dir>/report.html`. Returns a JSON summary
/// (printed as text unless `--json`).
fn demo_library(dir: &Path, out: &Output) -> Result<serde_json::Value, String> {
    let lib_dir = dir.join("demo-library");
    if lib_dir.exists() {
        std::fs::remove_dir_all(&lib_dir)
            .map_err(|e| format!("cannot remove the old {}: {e}", lib_dir.display()))?;
    }
    let library = pustaka::Library::create(&lib_dir).map_err(|e| e.to_string())?;
    let imported = pustaka_inlislite::import::import_reader(
        &library,
        pustaka_inlislite::dump::DumpReader::new(DEMO_DUMP),
        pustaka_inlislite::import::ImportOptions::default(),
    )
    .map_err(|e| format!("importing the INLISLite demo library: {e}"))?;
    let catalogs = imported.tables.get("catalogs").map_or(0, |t| t.imported);
    if !out.json {
        println!();
        println!(
            "INLISLite demo library {}: imported {} rows of {} tables ({} catalogue records) \
             from perpus-demo.sql in {:.2} s.",
            library.database_path().display(),
            imported.rows_imported(),
            imported.tables.len(),
            catalogs,
            imported.seconds
        );
    }
    let mut searches = Vec::new();
    for query in DEMO_QUERIES {
        if out.json {
            let results = library.search_text(query, 5).map_err(|e| e.to_string())?;
            let mut v = serde_json::to_value(&results).map_err(|e| e.to_string())?;
            v["query"] = json!(query);
            searches.push(v);
        } else {
            println!();
            println!(
                "$ pustaka --library {} search --facets {query:?}",
                lib_dir.display()
            );
            // Parsed as the command line would be, so every option has its default.
            let args = SearchCommand::try_parse_from(["search", "--facets", "--limit", "5", query])
                .map_err(|e| e.to_string())?
                .args;
            if crate::search_cmd::search(&lib_dir, args, out) != EXIT_OK {
                return Err(format!("searching the demo library for {query:?} failed"));
            }
        }
    }
    let report = demo_report(&library, dir, out)?;
    Ok(json!({
        "path": lib_dir.display().to_string(),
        "rows_imported": imported.rows_imported(),
        "catalogs": catalogs,
        "searches": searches,
        "report": report,
    }))
}

/// The first and last day the library holds data for: guest-book check-ins, group visits,
/// loans and returns.
fn data_period(
    library: &pustaka::Library,
) -> Result<Option<(pustaka::Date, pustaka::Date)>, String> {
    const DATED: [(&str, &str); 4] = [
        ("memberguesses", "CreateDate"),
        ("groupguesses", "CreateDate"),
        ("collectionloanitems", "LoanDate"),
        ("collectionloanitems", "ActualReturn"),
    ];
    let mut span: Option<(String, String)> = None;
    library
        .raw_transaction(|session| -> pustaka::Result<()> {
            for (table, column) in DATED {
                session.for_each_row(table, |names, values| {
                    let Some(i) = names.iter().position(|n| n == column) else {
                        return Ok(());
                    };
                    if let pustaka::raw::SqlValue::Text(t) = values[i] {
                        if let Some(day) = t.get(..10).filter(|d| pustaka::Date::parse(d).is_ok()) {
                            span = Some(match span.take() {
                                None => (day.to_string(), day.to_string()),
                                Some((a, b)) => (a.min(day.to_string()), b.max(day.to_string())),
                            });
                        }
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(|e| format!("reading the demo library's dates: {e}"))?;
    span.map(|(a, b)| {
        Ok((
            pustaka::Date::parse(&a).map_err(|e| e.to_string())?,
            pustaka::Date::parse(&b).map_err(|e| e.to_string())?,
        ))
    })
    .transpose()
}

/// Writes the demo library's report (the whole period of its data, by month) to
/// `<dir>/report.html` and says where; returns the period and the main figures.
fn demo_report(
    library: &pustaka::Library,
    dir: &Path,
    out: &Output,
) -> Result<serde_json::Value, String> {
    let (from, to) =
        data_period(library)?.ok_or("the demo library holds no dated visits or loans")?;
    let activities = example_activities(library, from, to)?;
    if !out.json {
        println!();
        println!(
            "Documented {activities} example community activities (INLISLite records none); \
             see pustaka --library {} activity list",
            library.dir().display()
        );
    }
    let request = pustaka::reports::ReportRequest::new(from, to);
    let report = library.report(&request).map_err(|e| e.to_string())?;
    let path = dir.join("report.html");
    std::fs::write(&path, report.to_html())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let value = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    if !out.json {
        println!();
        println!(
            "Report {from} to {to}, by month: {} visits, {} loans, {} members.",
            value["visits"]["total"], value["circulation"]["loans"], value["members"]["total"]
        );
        println!("Open it in a browser (one file, works offline and on a phone):");
        let shown = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        println!("  {}", shown.display());
    }
    Ok(json!({
        "path": path.display().to_string(),
        "from": from.to_string(),
        "to": to.to_string(),
        "activities": activities,
        "visits": value["visits"]["total"],
        "loans": value["circulation"]["loans"],
    }))
}

/// Documents two activities of the kinds the social-inclusion programme reports (a
/// training, an advocacy meeting) inside the demo's period, so that the report's activity
/// charts have data: INLISLite itself records no activities. Returns how many were added.
fn example_activities(
    library: &pustaka::Library,
    from: pustaka::Date,
    to: pustaka::Date,
) -> Result<usize, String> {
    let at = crate::library_cmd::now().map_err(|e| e.to_string())?;
    let training_day = from.add_days(40).min(to);
    let meeting_day = to.add_days(-20).max(from);
    let mut training = pustaka::NewActivity::new(
        "Pelatihan literasi digital untuk pelaku UMKM",
        "pelibatan_masyarakat",
        "literasi_digital",
        training_day,
        training_day.add_days(1).min(to),
        24,
    );
    training.impact_areas = vec!["ekonomi_digital".into()];
    training.tallies.insert(
        "gender".into(),
        [("Perempuan".to_string(), 15), ("Laki-laki".to_string(), 9)].into(),
    );
    let mut meeting = pustaka::NewActivity::new(
        "Audiensi dengan Bappeda tentang anggaran perpustakaan",
        "advokasi",
        "stakeholder_meeting",
        meeting_day,
        meeting_day,
        5,
    );
    meeting.outside_library = true;
    meeting
        .stakeholders
        .push(pustaka::activities::StakeholderPart {
            name: "Bappeda".into(),
            sector: "pemerintah".into(),
            role: "peserta".into(),
            representatives: 3,
            ..Default::default()
        });
    for activity in [&training, &meeting] {
        library
            .activities()
            .add(activity, at)
            .map_err(|e| format!("documenting {:?}: {e}", activity.title))?;
    }
    Ok(2)
}
