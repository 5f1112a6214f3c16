//! The library commands: `init`, `import marc`, `export marc`, `catalog show`,
//! `item add/show` and `member add/show`, over the library directory given by the global
//! `--library` option.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Subcommand;
use pustaka::{
    Catalog, Date, ImportOptions, Item, ItemSource, Library, LibraryError, Member, NewItem,
    NewMember, NewMemberType, Timestamp,
};
use pustaka_marc::{Format, MarcError, Record};
use serde_json::{json, Value};

use crate::marc_cmd::Input;
use crate::output::{Output, EXIT_OK, EXIT_PARTIAL};

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Import MARC files into the catalogue, in batches of one transaction each.
    ///
    /// Every rejected record is reported on stderr with its file and position. Without
    /// --keep-going the import stops at the first rejected record and rolls back the batch it
    /// was in (records of earlier batches stay imported).
    ///
    /// --items-from 990: each `990 $a` (INLISLite's accession number) becomes an item whose
    /// NoInduk and barcode are that value. --items-from 952 (Koha): `$p` barcode, `$i`
    /// NoInduk, `$o` call number, `$g` price, `$d` acquisition date; a 990 $a is written per
    /// NoInduk. A record whose item field has no barcode, or whose barcode is already used,
    /// is rejected.
    Marc {
        /// MARC files (ISO 2709, MARCXML, MARC-in-JSON or mnemonic; detected from content).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Worksheet (material type) of the imported records; 1 = Buku.
        #[arg(long, default_value_t = 1)]
        worksheet: i64,
        /// Repair what can be repaired, with a warning for each repair.
        #[arg(long)]
        lenient: bool,
        /// Go on after a rejected record instead of stopping.
        #[arg(long)]
        keep_going: bool,
        /// Create items from this field of each record.
        #[arg(long, value_parser = ["990", "952"])]
        items_from: Option<String>,
        /// Records per transaction.
        #[arg(long, default_value_t = 1000)]
        batch_size: usize,
    },
    /// Import a whole INLISLite v3 database from its mysqldump file, keeping its ids.
    Inlislite(crate::inlislite_cmd::ImportArgs),
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Write the whole catalogue as it is stored (001 control number, 005, 035 BIBID).
    Marc {
        /// Output format.
        #[arg(long, value_parser = ["iso2709", "marcxml", "json", "mrk"])]
        to: String,
        /// Output file, written to a temporary file and renamed when complete (standard
        /// output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write the library as an INLISLite v3 mysqldump file (`mysql inlislite_v3 < OUT.sql`).
    Inlislite(crate::inlislite_cmd::ExportArgs),
}

#[derive(Subcommand, Debug)]
pub enum CatalogCommand {
    /// Show a catalogue record as mnemonic text with its items (`--json`: the catalogs row,
    /// MARC-in-JSON and the items).
    Show {
        /// The BIBID, e.g. 0010-0624000001.
        bibid: String,
    },
}

// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum ItemCommand {
    /// Add an item (a `collections` row) to a catalogue record; its NoInduk is written to
    /// the record's 990.
    Add {
        /// BIBID of the record.
        #[arg(long)]
        bibid: String,
        /// NomorBarcode: unique.
        #[arg(long)]
        barcode: String,
        /// NoInduk: the accession number.
        #[arg(long)]
        no_induk: Option<String>,
        /// CallNumber.
        #[arg(long)]
        call_number: Option<String>,
        /// Location_Library_id.
        #[arg(long)]
        location_library: Option<i64>,
        /// Location_id.
        #[arg(long)]
        location: Option<i64>,
        /// Media_id.
        #[arg(long)]
        media: Option<i64>,
        /// Source_id.
        #[arg(long)]
        source: Option<i64>,
        /// Category_id.
        #[arg(long)]
        category: Option<i64>,
        /// Rule_id.
        #[arg(long)]
        rule: Option<i64>,
        /// Status_id (collectionstatus; default 9).
        #[arg(long)]
        status: Option<i64>,
        /// Price, a whole amount.
        #[arg(long)]
        price: Option<i64>,
        /// Currency, e.g. IDR.
        #[arg(long)]
        currency: Option<String>,
        /// TanggalPengadaan: acquisition date (YYYY-MM-DD).
        #[arg(long)]
        acquired: Option<String>,
    },
    /// Show an item by barcode.
    Show {
        /// NomorBarcode.
        barcode: String,
    },
}

// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Add a member.
    Add {
        /// MemberNo: unique.
        #[arg(long)]
        member_no: String,
        /// Fullname.
        #[arg(long)]
        name: String,
        /// Member type: a jenis_anggota id, or a name (e.g. Umum).
        #[arg(long = "type")]
        member_type: String,
        /// Create the member type (with INLISLite's defaults) when no type has that name.
        #[arg(long)]
        create_type: bool,
        /// StatusAnggota_id (3 active, 5 suspended).
        #[arg(long, default_value_t = pustaka::members::STATUS_ACTIVE)]
        status: i64,
        /// RegisterDate (YYYY-MM-DD; default today).
        #[arg(long)]
        register_date: Option<String>,
        /// EndDate (YYYY-MM-DD; default the register date plus the type's validity).
        #[arg(long)]
        end_date: Option<String>,
        /// Email.
        #[arg(long)]
        email: Option<String>,
        /// NoHp: mobile phone.
        #[arg(long)]
        phone: Option<String>,
        /// Address.
        #[arg(long)]
        address: Option<String>,
        /// IdentityNo, e.g. the NIK.
        #[arg(long)]
        identity_no: Option<String>,
    },
    /// Show a member by member number.
    Show {
        /// MemberNo.
        member_no: String,
    },
}

/// The error kind printed with `--json` for a library error.
pub fn kind(e: &LibraryError) -> &'static str {
    match e {
        LibraryError::NotFound { .. } => "not_found",
        LibraryError::Conflict { .. } => "conflict",
        LibraryError::Validation { .. } => "validation",
        LibraryError::Schema { .. } => "schema",
        LibraryError::Sqlite { .. } => "sqlite",
        LibraryError::Marc { .. } => "marc",
        LibraryError::Io { .. } => "io",
        _ => "library",
    }
}

fn fail(out: &Output, e: &LibraryError) -> u8 {
    out.fatal(kind(e), &e.to_string())
}

/// The time of a write: `$PUSTAKA_NOW` (`YYYY-MM-DD HH:MM:SS`) when set, else the current
/// time in UTC.
pub fn now() -> Result<Timestamp, LibraryError> {
    if let Ok(text) = std::env::var("PUSTAKA_NOW") {
        return Timestamp::parse(&text);
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Timestamp::new(
        year as u16,
        month as u8,
        day as u8,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
        (rem % 60) as u8,
    )
}

pub fn open(dir: &Path) -> Result<Library, LibraryError> {
    Library::open(dir).map_err(|e| match e {
        LibraryError::NotFound { key, .. } => LibraryError::NotFound {
            what: "library (run `pustaka init` first); no database at",
            key,
        },
        other => other,
    })
}

/// `pustaka init`.
pub fn init(dir: &Path, out: &Output) -> u8 {
    let library = match Library::create(dir) {
        Ok(l) => l,
        Err(e) => return fail(out, &e),
    };
    let version = library
        .migrations()
        .ok()
        .and_then(|m| m.last().map(|(v, _)| *v))
        .unwrap_or(0);
    if out.json {
        out.print_json(&json!({
            "library": dir.display().to_string(),
            "database": library.database_path().display().to_string(),
            "schema_version": version,
        }));
    } else {
        println!(
            "created library {} (schema version {version})",
            library.database_path().display()
        );
    }
    EXIT_OK
}

/// Hands records on from a reader, printing and counting its warnings; stops after an
/// error the reader cannot go on from.
struct Warned<'r> {
    reader: &'r mut Input,
    bar: indicatif::ProgressBar,
    file: String,
    warnings: usize,
    finished: bool,
}

impl Warned<'_> {
    fn drain(&mut self) {
        for w in self.reader.take_warnings() {
            self.warnings += 1;
            let file = &self.file;
            self.bar.suspend(|| eprintln!("warning: {file}: {w}"));
        }
    }
}

impl Iterator for Warned<'_> {
    type Item = Result<Record, MarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let item = self.reader.next();
        self.drain();
        match &item {
            None => self.finished = true,
            Some(Err(e)) if e.is_fatal() => self.finished = true,
            _ => {}
        }
        item
    }
}

/// The summary of an import across files.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportSummary {
    /// Records committed.
    pub imported: usize,
    /// Records rejected.
    pub rejected: usize,
    /// Reader warnings (repairs).
    pub warnings: usize,
    /// Items created.
    pub items: usize,
    /// False when the import stopped at a rejected record.
    pub complete: bool,
}

/// Imports files into an open library, reporting rejections and warnings on stderr.
pub fn import_files(
    library: &Library,
    files: &[PathBuf],
    options: &ImportOptions,
    lenient: bool,
    out: &Output,
) -> Result<ImportSummary, (&'static str, String)> {
    let mut summary = ImportSummary {
        complete: true,
        ..ImportSummary::default()
    };
    for path in files {
        let (mut reader, bar) =
            crate::marc_cmd::open(path, "auto", lenient, out).map_err(|e| ("io", e))?;
        let file = path.display().to_string();
        let mut source = Warned {
            reader: &mut reader,
            bar: bar.clone(),
            file: file.clone(),
            warnings: 0,
            finished: false,
        };
        let report = library
            .import_records(&mut source, options)
            .map_err(|e| (kind(&e), format!("importing {file}: {e}")))?;
        source.drain();
        bar.finish_and_clear();
        summary.warnings += source.warnings;
        summary.imported += report.imported;
        summary.items += report.items;
        summary.rejected += report.rejected.len();
        for r in &report.rejected {
            eprintln!("rejected: {file}, record {}: {}", r.record, r.reason);
        }
        if report.stopped {
            summary.complete = false;
            let at = report.rejected.last().map(|r| r.record).unwrap_or(0);
            eprintln!(
                "import stopped at record {at} of {file}; the batch it was in was rolled back \
                 (use --keep-going to skip rejected records)"
            );
            break;
        }
    }
    Ok(summary)
}

/// `pustaka import marc`.
pub fn import(dir: &Path, command: ImportCommand, out: &Output) -> u8 {
    let command = match command {
        ImportCommand::Inlislite(args) => return crate::inlislite_cmd::import(dir, args, out),
        marc => marc,
    };
    let ImportCommand::Marc {
        files,
        worksheet,
        lenient,
        keep_going,
        items_from,
        batch_size,
    } = command
    else {
        unreachable!("other import commands are handled above")
    };
    let library = match open(dir) {
        Ok(l) => l,
        Err(e) => return fail(out, &e),
    };
    let at = match now() {
        Ok(at) => at,
        Err(e) => return fail(out, &e),
    };
    let mut options = ImportOptions::new(at);
    options.worksheet_id = worksheet;
    options.keep_going = keep_going;
    options.batch_size = batch_size;
    options.items_from = items_from.as_deref().and_then(ItemSource::from_tag);
    let start = Instant::now();
    let summary = match import_files(&library, &files, &options, lenient, out) {
        Ok(s) => s,
        Err((kind, message)) => return out.fatal(kind, &message),
    };
    let seconds = start.elapsed().as_secs_f64();
    if out.json {
        out.print_json(&json!({
            "imported": summary.imported,
            "rejected": summary.rejected,
            "warnings": summary.warnings,
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "items": summary.items,
            "complete": summary.complete,
        }));
    } else {
        println!(
            "imported {} records ({} rejected, {} warnings, {} items) in {seconds:.1} s",
            summary.imported, summary.rejected, summary.warnings, summary.items
        );
    }
    if summary.rejected > 0 || !summary.complete {
        EXIT_PARTIAL
    } else {
        EXIT_OK
    }
}

/// `pustaka export marc`.
pub fn export(dir: &Path, command: ExportCommand, out: &Output) -> u8 {
    let command = match command {
        ExportCommand::Inlislite(args) => return crate::inlislite_cmd::export(dir, args, out),
        marc => marc,
    };
    let ExportCommand::Marc { to, output } = command else {
        unreachable!("other export commands are handled above")
    };
    let format = Format::from_name(&to).expect("clap checked the value");
    let library = match open(dir) {
        Ok(l) => l,
        Err(e) => return fail(out, &e),
    };
    let tmp = output.as_ref().map(|path| {
        path.with_file_name(format!(
            ".{}.partial",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ))
    });
    let sink: Box<dyn Write> = match &tmp {
        Some(tmp) => match File::create(tmp) {
            Ok(f) => Box::new(BufWriter::new(f)),
            Err(e) => return out.fatal("io", &format!("cannot create {}: {e}", tmp.display())),
        },
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let result = write_catalogue(&library, sink, format);
    let exported = match (result, &tmp) {
        (Ok(n), _) => n,
        (Err((kind, message)), tmp) => {
            if let Some(tmp) = tmp {
                let _ = std::fs::remove_file(tmp);
            }
            return out.fatal(kind, &message);
        }
    };
    if let (Some(tmp), Some(path)) = (&tmp, &output) {
        if let Err(e) = std::fs::rename(tmp, path) {
            let _ = std::fs::remove_file(tmp);
            return out.fatal("io", &format!("cannot write {}: {e}", path.display()));
        }
    }
    if out.json && output.is_some() {
        out.print_json(&json!({
            "exported": exported,
            "to": format.name(),
            "output": output.as_ref().map(|p| p.display().to_string()),
        }));
    } else if !out.json {
        eprintln!("exported {exported} records as {}", format.name());
    }
    EXIT_OK
}

fn write_catalogue(
    library: &Library,
    sink: Box<dyn Write>,
    format: Format,
) -> Result<usize, (&'static str, String)> {
    let mut writer = pustaka_marc::writer(sink, format);
    let mut n = 0;
    for stored in library.catalog().marc_records() {
        let stored = stored.map_err(|e| (kind(&e), e.to_string()))?;
        writer.write_record(&stored.record).map_err(|e| {
            (
                "write",
                format!(
                    "writing catalog {} (BIBID {}): {e}",
                    stored.id, stored.bibid
                ),
            )
        })?;
        n += 1;
    }
    writer
        .finish()
        .map_err(|e| ("write", format!("finishing the export: {e}")))?;
    Ok(n)
}

/// The `catalogs` row of a record as JSON, with INLISLite's column names.
pub fn catalog_json(c: &Catalog) -> Value {
    let d = &c.display;
    json!({
        "ID": c.id,
        "BIBID": c.bibid,
        "ControlNumber": c.control_number,
        "Worksheet_id": c.worksheet_id,
        "Title": d.title,
        "Author": d.author,
        "Edition": d.edition,
        "Publikasi": d.publikasi,
        "PublishLocation": d.publish_location,
        "Publisher": d.publisher,
        "PublishYear": d.publish_year,
        "Subject": d.subject,
        "PhysicalDescription": d.physical_description,
        "ISBN": d.isbn,
        "CallNumber": d.call_number,
        "DeweyNo": d.dewey_no,
        "Note": d.note,
        "Languages": d.languages,
        "IsRDA": d.is_rda,
        "CreateDate": c.create_date,
        "UpdateDate": c.update_date,
    })
}

/// A `collections` row as JSON, with INLISLite's column names.
pub fn item_json(i: &Item) -> Value {
    let c = &i.columns;
    json!({
        "ID": i.id,
        "Catalog_id": i.catalog_id,
        "NomorBarcode": c.nomor_barcode,
        "NoInduk": c.no_induk,
        "CallNumber": c.call_number,
        "Location_Library_id": c.location_library_id,
        "Location_id": c.location_id,
        "Media_id": c.media_id,
        "Source_id": c.source_id,
        "Category_id": c.category_id,
        "Rule_id": c.rule_id,
        "Status_id": c.status_id,
        "Price": c.price,
        "Currency": c.currency,
        "TanggalPengadaan": c.tanggal_pengadaan,
        "CreateDate": i.create_date,
    })
}

/// A `members` row as JSON, with INLISLite's column names.
pub fn member_json(m: &Member) -> Value {
    let c = &m.columns;
    json!({
        "ID": m.id,
        "MemberNo": c.member_no,
        "Fullname": c.fullname,
        "JenisAnggota_id": c.jenis_anggota_id,
        "StatusAnggota_id": c.status_anggota_id,
        "RegisterDate": c.register_date.map(|d| d.to_string()),
        "EndDate": c.end_date.map(|d| d.to_string()),
        "Email": c.email,
        "NoHp": c.no_hp,
        "Address": c.address,
        "IdentityNo": c.identity_no,
        "CreateDate": m.create_date,
    })
}

fn item_line(i: &Item) -> String {
    let c = &i.columns;
    let mut line = format!("item {} barcode {}", i.id, c.nomor_barcode);
    if let Some(v) = &c.no_induk {
        line.push_str(&format!(", NoInduk {v}"));
    }
    if let Some(v) = &c.call_number {
        line.push_str(&format!(", call number {v}"));
    }
    if let Some(v) = c.status_id {
        line.push_str(&format!(", status {v}"));
    }
    line
}

/// Prints a catalogue record and its items (text or JSON).
pub fn print_catalog(
    library: &Library,
    catalog: &Catalog,
    out: &Output,
) -> Result<(), LibraryError> {
    let items = library.items().for_catalog(catalog.id)?;
    if out.json {
        out.print_json(&json!({
            "catalog": catalog_json(catalog),
            "marc": pustaka_marc::json::to_value(&catalog.record),
            "items": items.iter().map(item_json).collect::<Vec<_>>(),
        }));
    } else {
        println!(
            "BIBID {}  ControlNumber {}  catalog {}",
            catalog.bibid, catalog.control_number, catalog.id
        );
        println!("Title: {}", catalog.display.title);
        print!("{}", pustaka_marc::mrk::to_string(&catalog.record));
        if items.is_empty() {
            println!("no items");
        } else {
            println!("{} item(s):", items.len());
            for i in &items {
                println!("  {}", item_line(i));
            }
        }
    }
    Ok(())
}

/// `pustaka catalog show`.
pub fn catalog(dir: &Path, command: CatalogCommand, out: &Output) -> u8 {
    let CatalogCommand::Show { bibid } = command;
    let result = open(dir).and_then(|library| {
        let catalog = library.catalog().get_by_bibid(bibid.trim())?;
        print_catalog(&library, &catalog, out)
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => fail(out, &e),
    }
}

fn print_item(library: &Library, item: &Item, out: &Output) -> Result<(), LibraryError> {
    let catalog = match item.catalog_id {
        Some(id) => Some(library.catalog().get(id)?),
        None => None,
    };
    if out.json {
        out.print_json(&json!({
            "item": item_json(item),
            "BIBID": catalog.as_ref().map(|c| c.bibid.clone()),
            "Title": catalog.as_ref().map(|c| c.display.title.clone()),
        }));
    } else {
        println!("{}", item_line(item));
        if let Some(c) = &catalog {
            println!("  of {} {}", c.bibid, c.display.title);
        }
    }
    Ok(())
}

/// `pustaka item add` and `pustaka item show`.
pub fn item(dir: &Path, command: ItemCommand, out: &Output) -> u8 {
    let result = open(dir).and_then(|library| match command {
        ItemCommand::Add {
            bibid,
            barcode,
            no_induk,
            call_number,
            location_library,
            location,
            media,
            source,
            category,
            rule,
            status,
            price,
            currency,
            acquired,
        } => {
            let catalog = library.catalog().get_by_bibid(bibid.trim())?;
            let new = NewItem {
                nomor_barcode: barcode,
                no_induk,
                call_number,
                location_library_id: location_library,
                location_id: location,
                media_id: media,
                source_id: source,
                category_id: category,
                rule_id: rule,
                status_id: status,
                price,
                currency,
                tanggal_pengadaan: acquired,
            };
            let item = library.items().add(catalog.id, &new, now()?)?;
            print_item(&library, &item, out)
        }
        ItemCommand::Show { barcode } => {
            let item = library.items().get_by_barcode(barcode.trim())?;
            print_item(&library, &item, out)
        }
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => fail(out, &e),
    }
}

fn print_member(library: &Library, member: &Member, out: &Output) -> Result<(), LibraryError> {
    let type_name = library
        .members()
        .types()?
        .into_iter()
        .find(|(id, _)| *id == member.columns.jenis_anggota_id)
        .map(|(_, name)| name);
    if out.json {
        out.print_json(&json!({"member": member_json(member), "jenisanggota": type_name}));
    } else {
        let c = &member.columns;
        println!("member {} {} ({})", c.member_no, c.fullname, member.id);
        println!(
            "  type {} ({}), status {}, valid {} to {}",
            type_name.unwrap_or_default(),
            c.jenis_anggota_id,
            c.status_anggota_id,
            c.register_date.map(|d| d.to_string()).unwrap_or_default(),
            c.end_date.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    Ok(())
}

/// Resolves `--type`: an id, or the name of a member type (created when asked).
pub fn member_type(
    library: &Library,
    name: &str,
    create: bool,
    at: Timestamp,
) -> Result<i64, LibraryError> {
    if let Ok(id) = name.trim().parse::<i64>() {
        return Ok(id);
    }
    if let Some(id) = library.members().type_id(name)? {
        return Ok(id);
    }
    if create {
        return library.members().add_type(&NewMemberType::new(name), at);
    }
    let known: Vec<String> = library
        .members()
        .types()?
        .into_iter()
        .map(|(id, n)| format!("{id} {n}"))
        .collect();
    Err(LibraryError::Validation {
        field: "JenisAnggota_id".into(),
        message: format!(
            "no member type named {name:?} in jenis_anggota (known: {}); add --create-type \
             to create it",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ),
    })
}

fn date(field: &str, text: Option<String>) -> Result<Option<Date>, LibraryError> {
    text.map(|t| {
        Date::parse(&t).map_err(|_| LibraryError::Validation {
            field: field.into(),
            message: format!("{t:?} is not a date YYYY-MM-DD"),
        })
    })
    .transpose()
}

/// `pustaka member add` and `pustaka member show`.
pub fn member(dir: &Path, command: MemberCommand, out: &Output) -> u8 {
    let result = open(dir).and_then(|library| match command {
        MemberCommand::Add {
            member_no,
            name,
            member_type: type_arg,
            create_type,
            status,
            register_date,
            end_date,
            email,
            phone,
            address,
            identity_no,
        } => {
            let at = now()?;
            let type_id = member_type(&library, &type_arg, create_type, at)?;
            let mut new = NewMember::new(member_no, name, type_id);
            new.status_anggota_id = status;
            new.register_date = date("RegisterDate", register_date)?;
            new.end_date = date("EndDate", end_date)?;
            new.email = email;
            new.no_hp = phone;
            new.address = address;
            new.identity_no = identity_no;
            let member = library.members().add(&new, at)?;
            print_member(&library, &member, out)
        }
        MemberCommand::Show { member_no } => {
            let member = library.members().get_by_member_no(member_no.trim())?;
            print_member(&library, &member, out)
        }
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => fail(out, &e),
    }
}
