//! `pustaka quickstart`: a first look at pustaka on bundled records.
//!
//! Writes 1,000 Library of Congress records (UTF-8) and 109 MARC-8 records to a folder,
//! converts them to every format, and prints what it read: the same steps a migration
//! script takes with its own files. Then it builds a library from them in `<dir>/library`
//! (replacing any earlier one): imports the LoC records, adds an item and a member, and shows
//! the first record with its items.

use std::path::Path;

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
        out.print_json(&json!({"samples": summary, "library": library}));
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
