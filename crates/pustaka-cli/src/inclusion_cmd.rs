//! `pustaka visit ...`, `pustaka activity ...` and `pustaka report`: the guest book,
//! community activities and periodic reports from a shell.
//!
//! Writes take `--at YYYY-MM-DDTHH:MM:SS` (default now: `$PUSTAKA_NOW`, else the current UTC
//! time). Failures exit with status 2 and, with `--json`, print `{"error": {"kind",
//! "message"}}` where kind is `not_found`, `validation`, `conflict`, `io`, ... as for the
//! other commands.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use pustaka::activities::{Activity, Attachment, Publication, StakeholderPart, Story};
use pustaka::visits::{GroupEducation, GroupOccupations, VisitFigures};
use pustaka::{
    Bucket, Date, LibraryError, NewActivity, NewGroupVisit, NewStory, NewVisit, ReportRequest,
    Timestamp,
};
use serde_json::json;

use crate::library_cmd::{self, now};
use crate::output::{Output, EXIT_OK};

/// `pustaka visit`: its time and its subcommand.
#[derive(Args, Debug)]
pub struct VisitArgs {
    /// The time of the check-in, YYYY-MM-DDTHH:MM:SS (default now: $PUSTAKA_NOW, else the
    /// current UTC time); `count` without --from/--to counts its day.
    #[arg(long, global = true)]
    at: Option<String>,

    #[command(subcommand)]
    command: VisitCommand,
}

/// The guest-book subcommands.
#[derive(Subcommand, Debug)]
pub enum VisitCommand {
    /// Check a visitor in (memberguesses): a member by --member, else a non-member with
    /// --name, --gender and --address.
    Add {
        /// NoAnggota of a member.
        #[arg(long)]
        member: Option<String>,
        /// Nama.
        #[arg(long)]
        name: Option<String>,
        /// JenisKelamin_id (jenis_kelamin).
        #[arg(long)]
        gender: Option<i64>,
        /// Profesi_id (master_pekerjaan).
        #[arg(long)]
        occupation: Option<i64>,
        /// PendidikanTerakhir_id (master_pendidikan).
        #[arg(long)]
        education: Option<i64>,
        /// Alamat.
        #[arg(long)]
        address: Option<String>,
        /// TujuanKunjungan_Id (tujuan_kunjungan).
        #[arg(long)]
        purpose: Option<i64>,
        /// Information: what the visitor is looking for.
        #[arg(long)]
        information: Option<String>,
        /// Location_Id: the room.
        #[arg(long)]
        location: Option<i64>,
        /// NoPengunjung (default yymmdd + the day's sequence).
        #[arg(long)]
        visitor_no: Option<String>,
    },
    /// Record a group visit (groupguesses); occupation, education and gender counts must
    /// each add up to --persons.
    Group {
        /// NamaKetua: the group leader.
        #[arg(long)]
        leader: String,
        /// NomerTelponKetua.
        #[arg(long)]
        leader_phone: Option<String>,
        /// AsalInstansi.
        #[arg(long)]
        institution: String,
        /// AlamatInstansi.
        #[arg(long)]
        institution_address: String,
        /// CountPersonel.
        #[arg(long)]
        persons: u32,
        /// An occupation count KEY=N; KEY is pns, swasta, peneliti, guru, dosen, pensiunan,
        /// tni, wiraswasta, pelajar, mahasiswa or lainnya. Repeat for several.
        #[arg(long = "occupation", value_name = "KEY=N")]
        occupations: Vec<String>,
        /// An education count KEY=N; KEY is sd, smp, sma, d1, d2, d3, s1, s2 or s3.
        #[arg(long = "education", value_name = "KEY=N")]
        educations: Vec<String>,
        /// CountLaki.
        #[arg(long, default_value_t = 0)]
        men: u32,
        /// CountPerempuan.
        #[arg(long, default_value_t = 0)]
        women: u32,
        /// TujuanKunjungan_ID.
        #[arg(long)]
        purpose: Option<i64>,
        /// Information.
        #[arg(long)]
        information: Option<String>,
        /// Location_ID.
        #[arg(long)]
        location: Option<i64>,
    },
    /// Visitor counts for days (default the day of --at): members, non-members, group
    /// persons, and by gender, occupation, education, purpose, location and hour.
    Count {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default --from).
        #[arg(long)]
        to: Option<String>,
        /// Also give the counts per day, month or year.
        #[arg(long)]
        by: Option<By>,
    },
}

/// Bucket sizes on the command line.
#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum By {
    /// Per day.
    Day,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

impl From<By> for Bucket {
    fn from(b: By) -> Bucket {
        match b {
            By::Day => Bucket::Day,
            By::Month => Bucket::Month,
            By::Year => Bucket::Year,
        }
    }
}

/// `pustaka activity`: its time and its subcommand.
#[derive(Args, Debug)]
pub struct ActivityArgs {
    /// The time of the record, YYYY-MM-DDTHH:MM:SS (default now).
    #[arg(long, global = true)]
    at: Option<String>,

    #[command(subcommand)]
    command: ActivityCommand,
}

/// The activity subcommands.
#[derive(Subcommand, Debug)]
pub enum ActivityCommand {
    /// Record a community activity.
    Add {
        /// Title.
        #[arg(long)]
        title: String,
        /// Strategy code: layanan_informasi, pelibatan_masyarakat, advokasi, replikasi.
        #[arg(long)]
        strategy: String,
        /// Type code, e.g. pelatihan, sosialisasi, bimtek, lomba, diskusi, bercerita,
        /// pameran, literasi_digital, stakeholder_meeting, peer_learning.
        #[arg(long = "type")]
        activity_type: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: String,
        /// Last day, YYYY-MM-DD (default --start).
        #[arg(long)]
        end: Option<String>,
        /// Participants in all.
        #[arg(long)]
        participants: u32,
        /// Description.
        #[arg(long)]
        description: Option<String>,
        /// An impact area code (pendidikan, kesehatan, ekonomi_digital, pengembangan_usaha,
        /// sosial_budaya, lainnya); repeat for several.
        #[arg(long = "impact")]
        impact_areas: Vec<String>,
        /// Venue.
        #[arg(long)]
        venue: Option<String>,
        /// Held outside the library.
        #[arg(long)]
        outside: bool,
        /// Funding source (APBN, APBD, APBDes, CSR, swadaya, ...).
        #[arg(long)]
        funding: Option<String>,
        /// A participant tally DIMENSION:BUCKET=N, e.g. gender:perempuan=20; the buckets of a
        /// dimension must add up to --participants (use "unknown" for the rest).
        #[arg(long = "tally", value_name = "DIM:BUCKET=N")]
        tallies: Vec<String>,
        /// A stakeholder NAME;SECTOR;ROLE;REPRESENTATIVES[;MOU_REF], e.g.
        /// "Bappeda;pemerintah;peserta;3".
        #[arg(long = "stakeholder")]
        stakeholders: Vec<String>,
        /// An attachment KIND=PATH_OR_URL, e.g. foto=photos/day1.jpg.
        #[arg(long = "attachment", value_name = "KIND=URI")]
        attachments: Vec<String>,
    },
    /// Activities that start between two days.
    List {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
    },
    /// One activity with its tallies, stakeholders, attachments and stories.
    Show {
        /// The activity id.
        id: i64,
    },
    /// Record an impact story.
    Story {
        /// The activity it came from.
        #[arg(long)]
        activity: Option<i64>,
        /// Impact area code.
        #[arg(long)]
        area: String,
        /// A pseudonym for the beneficiary.
        #[arg(long)]
        alias: String,
        /// The benefit (manfaat).
        #[arg(long)]
        benefit: String,
        /// The evidence (bukti) as text.
        #[arg(long)]
        evidence: Option<String>,
        /// A publication URL[;OUTLET[;YYYY-MM-DD]]; repeat for several.
        #[arg(long = "publication")]
        publications: Vec<String>,
        /// The beneficiary consented.
        #[arg(long)]
        consent: bool,
    },
}

/// Report output formats.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// JSON, with the field names documented in the README.
    Json,
    /// CSV, one table per section.
    Csv,
    /// One self-contained HTML page with charts.
    Html,
}

/// `pustaka report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    from: String,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    to: String,
    /// Series bucket size.
    #[arg(long, value_enum, default_value = "month")]
    by: By,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: ReportFormat,
    /// People the library serves: adds the literacy-index indicators.
    #[arg(long)]
    population: Option<u64>,
    /// Output file, written to a temporary file and renamed when complete (default stdout).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

fn fail(out: &Output, e: &LibraryError) -> u8 {
    out.fatal(library_cmd::kind(e), &e.to_string())
}

fn finish(out: &Output, result: Result<(), LibraryError>) -> u8 {
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => fail(out, &e),
    }
}

fn invalid(field: &str, message: String) -> LibraryError {
    LibraryError::Validation {
        field: field.to_string(),
        message,
    }
}

/// `--at`: `YYYY-MM-DDTHH:MM:SS` (or with a space); absent, now.
fn parse_at(at: Option<&str>) -> Result<Timestamp, LibraryError> {
    match at {
        None => now(),
        Some(text) => Timestamp::parse(&text.replacen('T', " ", 1))
            .map_err(|_| invalid("--at", format!("{text:?} is not YYYY-MM-DDTHH:MM:SS"))),
    }
}

fn parse_date(flag: &str, text: &str) -> Result<Date, LibraryError> {
    Date::parse(text).map_err(|_| invalid(flag, format!("{text:?} is not YYYY-MM-DD")))
}

fn parse_opt_date(flag: &str, text: Option<&str>) -> Result<Option<Date>, LibraryError> {
    text.map(|t| parse_date(flag, t)).transpose()
}

/// `KEY=N` into (key, n).
fn key_count(flag: &str, text: &str) -> Result<(String, u32), LibraryError> {
    let bad = || invalid(flag, format!("{text:?} is not KEY=N"));
    let (key, n) = text.split_once('=').ok_or_else(bad)?;
    let n = n.trim().parse::<u32>().map_err(|_| bad())?;
    Ok((key.trim().to_ascii_lowercase(), n))
}

fn occupations(values: &[String]) -> Result<GroupOccupations, LibraryError> {
    let mut o = GroupOccupations::default();
    for v in values {
        let (key, n) = key_count("--occupation", v)?;
        let slot = o.count_mut(&key).ok_or_else(|| {
            invalid(
                "--occupation",
                format!(
                    "unknown key {key:?}: use one of {}",
                    GroupOccupations::KEYS.join(", ")
                ),
            )
        })?;
        *slot += n;
    }
    Ok(o)
}

fn educations(values: &[String]) -> Result<GroupEducation, LibraryError> {
    let mut e = GroupEducation::default();
    for v in values {
        let (key, n) = key_count("--education", v)?;
        let slot = e.count_mut(&key).ok_or_else(|| {
            invalid(
                "--education",
                format!(
                    "unknown key {key:?}: use one of {}",
                    GroupEducation::KEYS.join(", ")
                ),
            )
        })?;
        *slot += n;
    }
    Ok(e)
}

fn figures_text(label: &str, f: &VisitFigures) -> String {
    let mut s = format!(
        "{label}: {} visitors ({} members, {} non-members, {} in groups), {:.2} a day",
        f.total, f.members, f.non_members, f.group_persons, f.daily_average
    );
    for (name, map) in [
        ("gender", &f.by_gender),
        ("purpose", &f.by_purpose),
        ("location", &f.by_location),
    ] {
        if !map.is_empty() {
            let parts: Vec<String> = map.iter().map(|(k, v)| format!("{k} {v}")).collect();
            s.push_str(&format!("\n  by {name}: {}", parts.join(", ")));
        }
    }
    s
}

/// `pustaka visit ...`.
pub fn visit(dir: &Path, args: VisitArgs, out: &Output) -> u8 {
    let result = library_cmd::open(dir).and_then(|library| {
        let at = parse_at(args.at.as_deref())?;
        let visits = library.visits();
        match args.command {
            VisitCommand::Add {
                member,
                name,
                gender,
                occupation,
                education,
                address,
                purpose,
                information,
                location,
                visitor_no,
            } => {
                let visit = NewVisit {
                    member_no: member.clone(),
                    name,
                    gender_id: gender,
                    occupation_id: occupation,
                    education_id: education,
                    address,
                    purpose_id: purpose,
                    information,
                    location_id: location,
                    visitor_no,
                    terminal: Some("pustaka-cli".into()),
                    ..NewVisit::default()
                };
                let check_in = visits.add(&visit, at)?;
                if out.json {
                    out.print_json(&json!({
                        "id": check_in.id,
                        "counted": check_in.counted,
                        "member_no": member,
                        "at": at.to_string(),
                    }));
                } else if check_in.counted {
                    println!("visit {} recorded at {at}", check_in.id);
                } else {
                    println!(
                        "member already counted today (visit {}); not counted again",
                        check_in.id
                    );
                }
                Ok(())
            }
            VisitCommand::Group {
                leader,
                leader_phone,
                institution,
                institution_address,
                persons,
                occupations: occ,
                educations: edu,
                men,
                women,
                purpose,
                information,
                location,
            } => {
                let group = NewGroupVisit {
                    leader_name: leader,
                    leader_phone,
                    institution,
                    institution_address,
                    persons,
                    occupation: occupations(&occ)?,
                    education: educations(&edu)?,
                    men,
                    women,
                    purpose_id: purpose,
                    information,
                    location_id: location,
                    terminal: Some("pustaka-cli".into()),
                    ..NewGroupVisit::default()
                };
                let id = visits.add_group(&group, at)?;
                if out.json {
                    out.print_json(&json!({"id": id, "persons": persons, "at": at.to_string()}));
                } else {
                    println!("group visit {id} of {persons} persons recorded at {at}");
                }
                Ok(())
            }
            VisitCommand::Count { from, to, by } => {
                let from = parse_opt_date("--from", from.as_deref())?.unwrap_or(at.date());
                let to = parse_opt_date("--to", to.as_deref())?.unwrap_or(from);
                let figures = visits.count(from, to)?;
                let series = match by {
                    Some(b) => Some(visits.count_by(from, to, b.into())?),
                    None => None,
                };
                if out.json {
                    let mut v = json!({
                        "from": from.to_string(),
                        "to": to.to_string(),
                        "visits": figures,
                    });
                    if let Some(series) = &series {
                        v["series"] = json!(series);
                    }
                    out.print_json(&v);
                } else {
                    println!("{}", figures_text(&format!("{from} to {to}"), &figures));
                    for b in series.iter().flatten() {
                        println!(
                            "{}: {} ({} members, {} non-members, {} in groups)",
                            b.label,
                            b.visits.total,
                            b.visits.members,
                            b.visits.non_members,
                            b.visits.group_persons
                        );
                    }
                }
                Ok(())
            }
        }
    });
    finish(out, result)
}

/// `DIM:BUCKET=N` into the tallies.
fn add_tally(
    tallies: &mut BTreeMap<String, BTreeMap<String, u32>>,
    text: &str,
) -> Result<(), LibraryError> {
    let bad = || invalid("--tally", format!("{text:?} is not DIMENSION:BUCKET=N"));
    let (dimension, rest) = text.split_once(':').ok_or_else(bad)?;
    let (bucket, n) = rest.rsplit_once('=').ok_or_else(bad)?;
    let n = n.trim().parse::<u32>().map_err(|_| bad())?;
    *tallies
        .entry(dimension.trim().to_string())
        .or_default()
        .entry(bucket.trim().to_string())
        .or_default() += n;
    Ok(())
}

/// `NAME;SECTOR;ROLE;REPRESENTATIVES[;MOU_REF]`.
fn stakeholder(text: &str) -> Result<StakeholderPart, LibraryError> {
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    if !(4..=5).contains(&parts.len()) {
        return Err(invalid(
            "--stakeholder",
            format!("{text:?} is not NAME;SECTOR;ROLE;REPRESENTATIVES[;MOU_REF]"),
        ));
    }
    let representatives = parts[3].parse::<u32>().map_err(|_| {
        invalid(
            "--stakeholder",
            format!("{text:?}: representatives {:?} is not a number", parts[3]),
        )
    })?;
    Ok(StakeholderPart {
        name: parts[0].to_string(),
        sector: parts[1].to_string(),
        role: parts[2].to_string(),
        representatives,
        mou_ref: parts.get(4).map(|s| s.to_string()),
        ..StakeholderPart::default()
    })
}

fn activity_line(a: &Activity) -> String {
    format!(
        "{:>4}  {} .. {}  {:<20} {:<20} {:>5}  {}",
        a.id, a.start, a.end, a.strategy, a.activity_type, a.participants, a.title
    )
}

fn print_activity(a: &Activity, out: &Output) {
    if out.json {
        out.print_json(&json!(a));
        return;
    }
    println!("activity {}: {}", a.id, a.title);
    println!(
        "  {} to {}, {} / {}",
        a.start, a.end, a.strategy, a.activity_type
    );
    if let Some(v) = &a.venue {
        println!(
            "  venue: {v}{}",
            if a.outside_library {
                " (outside the library)"
            } else {
                ""
            }
        );
    }
    println!("  participants: {}", a.participants);
    for (dimension, buckets) in &a.tallies {
        let parts: Vec<String> = buckets.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("    {dimension}: {}", parts.join(", "));
    }
    for s in &a.stakeholders {
        println!(
            "  stakeholder: {} ({}), {} with {} representatives",
            s.name, s.sector, s.role, s.representatives
        );
    }
    for t in &a.attachments {
        println!("  attachment: {} {}", t.kind, t.uri);
    }
    for s in &a.stories {
        println!("  story {}: {}: {}", s.id, s.beneficiary_alias, s.benefit);
    }
}

fn print_story(s: &Story, out: &Output) {
    if out.json {
        out.print_json(&json!(s));
    } else {
        println!(
            "story {} recorded: {} ({}): {}",
            s.id, s.beneficiary_alias, s.impact_area, s.benefit
        );
    }
}

/// `pustaka activity ...`.
pub fn activity(dir: &Path, args: ActivityArgs, out: &Output) -> u8 {
    let result = library_cmd::open(dir).and_then(|library| {
        let activities = library.activities();
        match args.command {
            ActivityCommand::Add {
                title,
                strategy,
                activity_type,
                start,
                end,
                participants,
                description,
                impact_areas,
                venue,
                outside,
                funding,
                tallies,
                stakeholders,
                attachments,
            } => {
                let at = parse_at(args.at.as_deref())?;
                let start = parse_date("--start", &start)?;
                let end = parse_opt_date("--end", end.as_deref())?.unwrap_or(start);
                let mut a =
                    NewActivity::new(title, strategy, activity_type, start, end, participants);
                a.description = description;
                a.impact_areas = impact_areas;
                a.venue = venue;
                a.outside_library = outside;
                a.funding_source = funding;
                for t in &tallies {
                    add_tally(&mut a.tallies, t)?;
                }
                a.stakeholders = stakeholders
                    .iter()
                    .map(|s| stakeholder(s))
                    .collect::<Result<_, _>>()?;
                a.attachments = attachments
                    .iter()
                    .map(|t| {
                        let (kind, uri) = t.split_once('=').ok_or_else(|| {
                            invalid("--attachment", format!("{t:?} is not KIND=URI"))
                        })?;
                        Ok(Attachment {
                            kind: kind.trim().to_string(),
                            uri: uri.trim().to_string(),
                            ..Attachment::default()
                        })
                    })
                    .collect::<Result<_, LibraryError>>()?;
                let added = activities.add(&a, at)?;
                print_activity(&added, out);
                Ok(())
            }
            ActivityCommand::List { from, to } => {
                let list = activities.list(
                    parse_opt_date("--from", from.as_deref())?,
                    parse_opt_date("--to", to.as_deref())?,
                )?;
                if out.json {
                    out.print_json(&json!(list));
                } else {
                    for a in &list {
                        println!("{}", activity_line(a));
                    }
                }
                Ok(())
            }
            ActivityCommand::Show { id } => {
                print_activity(&activities.get(id)?, out);
                Ok(())
            }
            ActivityCommand::Story {
                activity,
                area,
                alias,
                benefit,
                evidence,
                publications,
                consent,
            } => {
                let at = parse_at(args.at.as_deref())?;
                let publications = publications
                    .iter()
                    .map(|p| {
                        let mut parts = p.split(';').map(str::trim);
                        Publication {
                            url: parts.next().unwrap_or_default().to_string(),
                            outlet: parts.next().filter(|s| !s.is_empty()).map(String::from),
                            date: parts.next().filter(|s| !s.is_empty()).map(String::from),
                        }
                    })
                    .collect();
                let story = activities.add_story(
                    &NewStory {
                        activity_id: activity,
                        impact_area: area,
                        beneficiary_alias: alias,
                        benefit,
                        evidence,
                        publications,
                        consent,
                        ..NewStory::default()
                    },
                    at,
                )?;
                print_story(&story, out);
                Ok(())
            }
        }
    });
    finish(out, result)
}

/// Writes `text` to `path` through a temporary file beside it, renamed when complete.
fn write_atomically(path: &Path, text: &str) -> Result<(), LibraryError> {
    let io = |source: std::io::Error| LibraryError::Io {
        path: path.to_path_buf(),
        source,
    };
    let tmp = path.with_file_name(format!(
        ".{}.partial",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into())
    ));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// `pustaka report`.
pub fn report(dir: &Path, args: ReportArgs, out: &Output) -> u8 {
    let result = library_cmd::open(dir).and_then(|library| {
        let request = ReportRequest {
            from: parse_date("--from", &args.from)?,
            to: parse_date("--to", &args.to)?,
            by: args.by.into(),
            population: args.population,
        };
        let report = library.report(&request)?;
        let text = match args.format {
            ReportFormat::Json => report.to_json(),
            ReportFormat::Csv => report.to_csv(),
            ReportFormat::Html => report.to_html(),
        };
        match &args.output {
            Some(path) => {
                write_atomically(path, &text)?;
                if out.json {
                    out.print_json(&json!({
                        "output": path.display().to_string(),
                        "format": format!("{:?}", args.format).to_ascii_lowercase(),
                        "bytes": text.len(),
                        "visits": report.visits.total,
                        "series": report.series.len(),
                    }));
                } else {
                    println!(
                        "report {} to {} ({} buckets) written to {}",
                        report.period.from,
                        report.period.to,
                        report.series.len(),
                        path.display()
                    );
                }
            }
            None => {
                let mut stdout = std::io::stdout().lock();
                let written = stdout.write_all(text.as_bytes()).and_then(|()| {
                    if text.ends_with('\n') {
                        Ok(())
                    } else {
                        stdout.write_all(b"\n")
                    }
                });
                written.map_err(|source| LibraryError::Io {
                    path: PathBuf::from("<stdout>"),
                    source,
                })?;
            }
        }
        Ok(())
    });
    finish(out, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_and_stakeholders_parse_from_their_flags() {
        let mut t = BTreeMap::new();
        add_tally(&mut t, "gender:perempuan=20").unwrap();
        add_tally(&mut t, "age_group:19-30=5").unwrap();
        assert_eq!(t["gender"]["perempuan"], 20);
        assert_eq!(t["age_group"]["19-30"], 5);
        assert_eq!(
            add_tally(&mut t, "gender=3").unwrap_err().to_string(),
            "invalid --tally: \"gender=3\" is not DIMENSION:BUCKET=N"
        );
        let s = stakeholder("Bappeda;pemerintah;peserta;3;MoU 1/2025").unwrap();
        assert_eq!(
            (s.name.as_str(), s.representatives, s.mou_ref.as_deref()),
            ("Bappeda", 3, Some("MoU 1/2025"))
        );
        assert!(stakeholder("Bappeda;pemerintah").is_err());
        let o = occupations(&["pelajar=28".into(), "GURU=2".into()]).unwrap();
        assert_eq!((o.pelajar, o.guru), (28, 2));
        assert!(educations(&["tk=1".into()]).is_err());
    }
}
