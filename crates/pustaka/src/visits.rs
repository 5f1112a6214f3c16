//! The guest book (Buku Tamu): visits as INLISLite records them, and live counts.
//!
//! An individual visit is a row of `memberguesses` (a member, found by `NoAnggota`, or a
//! non-member with name, gender and address); a group visit (*rombongan*) is a row of
//! `groupguesses` whose counts by occupation, by education and by gender each add up to
//! `CountPersonel`, as INLISLite's guest book enforces. The visit time is `CreateDate`.
//! `CountingBukuTamu` in `settingparameters` decides whether every check-in of a member is
//! saved (`1`) or at most one a day (anything else, or no setting, as in INLISLite).
//! Visitors in a period = individual visits + the persons of group visits (INLISLite's
//! "Pengunjung hari ini" rule).

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{LibraryError, Result, SqlContext};
use crate::reports::{buckets, Bucket};
use crate::time::{Date, Timestamp};

/// The `settingparameters` name of the guest-book counting policy.
pub const COUNTING_SETTING: &str = "CountingBukuTamu";

/// An individual check-in to add to `memberguesses`.
///
/// For a member (`member_no` set) the name, gender, occupation, education and status default
/// to the member's record; a non-member needs `name`, `gender_id` and `address`, as
/// INLISLite's non-member form requires.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewVisit {
    /// `NoAnggota`: the member number; `None` for a non-member.
    pub member_no: Option<String>,
    /// `Nama`.
    pub name: Option<String>,
    /// `JenisKelamin_id` (→ `jenis_kelamin`).
    pub gender_id: Option<i64>,
    /// `Profesi_id` (→ `master_pekerjaan`).
    pub occupation_id: Option<i64>,
    /// `PendidikanTerakhir_id` (→ `master_pendidikan`).
    pub education_id: Option<i64>,
    /// `Alamat`.
    pub address: Option<String>,
    /// `TujuanKunjungan_Id` (→ `tujuan_kunjungan`); an unknown id is [`LibraryError::NotFound`].
    pub purpose_id: Option<i64>,
    /// `Information`: what the visitor is looking for today.
    pub information: Option<String>,
    /// `Location_Id`: the room (→ `locations`).
    pub location_id: Option<i64>,
    /// `LOCATIONLOANS_ID`: the library or branch (→ `location_library`).
    pub library_id: Option<i64>,
    /// `NoPengunjung`; `None` numbers it `yymmdd` + a 4-digit sequence of the day.
    pub visitor_no: Option<String>,
    /// `Deskripsi`.
    pub description: Option<String>,
    /// `CreateTerminal`: the kiosk or desk.
    pub terminal: Option<String>,
}

/// What a check-in did: the `memberguesses` row that counts it, and whether it was saved now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckIn {
    /// `memberguesses.ID` of the saved row, or of the member's earlier row that day.
    pub id: i64,
    /// `false` when the member had already checked in that day and `CountingBukuTamu` is not
    /// `1`: nothing was written (INLISLite greets the member and saves nothing).
    pub counted: bool,
}

/// Counts of a group by occupation (`CountPNS` .. `CountLainnya`, in `master_pekerjaan` id
/// order 1 to 11).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupOccupations {
    /// `CountPNS`: civil servants.
    pub pns: u32,
    /// `CountPSwasta`: private employees.
    pub swasta: u32,
    /// `CountPeneliti`: researchers.
    pub peneliti: u32,
    /// `CountGuru`: teachers.
    pub guru: u32,
    /// `CountDosen`: lecturers.
    pub dosen: u32,
    /// `CountPensiunan`: retired.
    pub pensiunan: u32,
    /// `CountTNI`: armed forces and police.
    pub tni: u32,
    /// `CountWiraswasta`: self-employed.
    pub wiraswasta: u32,
    /// `CountPelajar`: school pupils.
    pub pelajar: u32,
    /// `CountMahasiswa`: students.
    pub mahasiswa: u32,
    /// `CountLainnya`: other.
    pub lainnya: u32,
}

impl GroupOccupations {
    /// The names of the counts, in `CountPNS` .. `CountLainnya` order: the keys the CLI and
    /// the Python API take.
    pub const KEYS: [&'static str; 11] = [
        "pns",
        "swasta",
        "peneliti",
        "guru",
        "dosen",
        "pensiunan",
        "tni",
        "wiraswasta",
        "pelajar",
        "mahasiswa",
        "lainnya",
    ];

    /// The count named `key` (one of [`GroupOccupations::KEYS`]), `None` for another name.
    pub fn count_mut(&mut self, key: &str) -> Option<&mut u32> {
        Some(match key {
            "pns" => &mut self.pns,
            "swasta" => &mut self.swasta,
            "peneliti" => &mut self.peneliti,
            "guru" => &mut self.guru,
            "dosen" => &mut self.dosen,
            "pensiunan" => &mut self.pensiunan,
            "tni" => &mut self.tni,
            "wiraswasta" => &mut self.wiraswasta,
            "pelajar" => &mut self.pelajar,
            "mahasiswa" => &mut self.mahasiswa,
            "lainnya" => &mut self.lainnya,
            _ => return None,
        })
    }

    fn counts(&self) -> [u32; 11] {
        [
            self.pns,
            self.swasta,
            self.peneliti,
            self.guru,
            self.dosen,
            self.pensiunan,
            self.tni,
            self.wiraswasta,
            self.pelajar,
            self.mahasiswa,
            self.lainnya,
        ]
    }
}

/// Counts of a group by highest education (`CountSD` .. `CountS3`, in `master_pendidikan`
/// id order 1 to 9).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupEducation {
    /// `CountSD`.
    pub sd: u32,
    /// `CountSMP`.
    pub smp: u32,
    /// `CountSMA`.
    pub sma: u32,
    /// `CountD1`.
    pub d1: u32,
    /// `CountD2`.
    pub d2: u32,
    /// `CountD3`.
    pub d3: u32,
    /// `CountS1`.
    pub s1: u32,
    /// `CountS2`.
    pub s2: u32,
    /// `CountS3`.
    pub s3: u32,
}

impl GroupEducation {
    /// The names of the counts, in `CountSD` .. `CountS3` order: the keys the CLI and the
    /// Python API take.
    pub const KEYS: [&'static str; 9] = ["sd", "smp", "sma", "d1", "d2", "d3", "s1", "s2", "s3"];

    /// The count named `key` (one of [`GroupEducation::KEYS`]), `None` for another name.
    pub fn count_mut(&mut self, key: &str) -> Option<&mut u32> {
        Some(match key {
            "sd" => &mut self.sd,
            "smp" => &mut self.smp,
            "sma" => &mut self.sma,
            "d1" => &mut self.d1,
            "d2" => &mut self.d2,
            "d3" => &mut self.d3,
            "s1" => &mut self.s1,
            "s2" => &mut self.s2,
            "s3" => &mut self.s3,
            _ => return None,
        })
    }

    fn counts(&self) -> [u32; 9] {
        [
            self.sd, self.smp, self.sma, self.d1, self.d2, self.d3, self.s1, self.s2, self.s3,
        ]
    }
}

/// A group visit (*rombongan*) to add to `groupguesses`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewGroupVisit {
    /// `NamaKetua`: the group leader (required).
    pub leader_name: String,
    /// `NomerTelponKetua`.
    pub leader_phone: Option<String>,
    /// `AsalInstansi`: the institution (required).
    pub institution: String,
    /// `AlamatInstansi` (required).
    pub institution_address: String,
    /// `TeleponInstansi`.
    pub institution_phone: Option<String>,
    /// `EmailInstansi`.
    pub institution_email: Option<String>,
    /// `CountPersonel`: persons in the group (at least 1).
    pub persons: u32,
    /// Counts by occupation; they must add up to `persons`.
    pub occupation: GroupOccupations,
    /// Counts by education; they must add up to `persons`.
    pub education: GroupEducation,
    /// `CountLaki`: men; with `women` it must add up to `persons`.
    pub men: u32,
    /// `CountPerempuan`: women.
    pub women: u32,
    /// `TujuanKunjungan_ID`; an unknown id is [`LibraryError::NotFound`].
    pub purpose_id: Option<i64>,
    /// `Information`.
    pub information: Option<String>,
    /// `Location_ID`: the room.
    pub location_id: Option<i64>,
    /// `LocationLoans_ID`: the library or branch.
    pub library_id: Option<i64>,
    /// `NoPengunjung`; `None` numbers it `yymmdd` + `G` + a 3-digit sequence of the day.
    pub visitor_no: Option<String>,
    /// `CreateTerminal`.
    pub terminal: Option<String>,
}

/// A visit purpose to add to `tujuan_kunjungan`, with the visitor kinds that may pick it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPurpose {
    /// `Code`, e.g. `01`.
    pub code: String,
    /// `TujuanKunjungan`: the label, e.g. `Membaca`.
    pub label: String,
    /// `Member`: offered to members.
    pub for_member: bool,
    /// `NonMember`: offered to non-members.
    pub for_non_member: bool,
    /// `Rombongan`: offered to groups.
    pub for_group: bool,
}

/// A row of `tujuan_kunjungan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Purpose {
    /// `ID`.
    pub id: i64,
    /// `Code`.
    pub code: String,
    /// `TujuanKunjungan`.
    pub label: String,
    /// `Member`.
    pub for_member: bool,
    /// `NonMember`.
    pub for_non_member: bool,
    /// `Rombongan`.
    pub for_group: bool,
}

/// Visitor figures for a period: the `visits` section of a report and the guest book's live
/// counts. Every breakdown covers all visitors (individual visits and group persons), so
/// each adds up to `total`; keys are the lookup labels, `"unknown"` when the id is empty or
/// not in the lookup table, and `by_hour` has all 24 hours `"00"` to `"23"`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VisitFigures {
    /// `memberguesses` rows with a member number (`NoAnggota` not empty).
    pub members: u64,
    /// `memberguesses` rows without one.
    pub non_members: u64,
    /// `SUM(groupguesses.CountPersonel)`.
    pub group_persons: u64,
    /// `members + non_members + group_persons`.
    pub total: u64,
    /// `total` ÷ days in the period.
    pub daily_average: f64,
    /// By `jenis_kelamin.Name` (groups: `CountLaki` → id 1, `CountPerempuan` → id 2).
    pub by_gender: BTreeMap<String, u64>,
    /// By `master_pekerjaan.Pekerjaan` (groups: `CountPNS`..`CountLainnya` → ids 1..11).
    pub by_occupation: BTreeMap<String, u64>,
    /// By `master_pendidikan.Nama` (groups: `CountSD`..`CountS3` → ids 1..9).
    pub by_education: BTreeMap<String, u64>,
    /// By `tujuan_kunjungan.TujuanKunjungan`.
    pub by_purpose: BTreeMap<String, u64>,
    /// By `locations.Name`.
    pub by_location: BTreeMap<String, u64>,
    /// By hour of `CreateDate`, `"00"` to `"23"`.
    pub by_hour: BTreeMap<String, u64>,
}

/// Visitor figures of one bucket of a period (a day, a month or a year).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitBucket {
    /// `2025-01-31`, `2025-01` or `2025`.
    pub label: String,
    /// First day of the bucket inside the period, `YYYY-MM-DD`.
    pub from: String,
    /// Last day of the bucket inside the period, `YYYY-MM-DD`.
    pub to: String,
    /// The figures.
    pub visits: VisitFigures,
}

/// The guest book of a library: check-ins, group visits, purposes and counts.
pub struct Visits<'c> {
    conn: &'c Connection,
}

impl<'c> Visits<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Visits { conn }
    }

    /// Whether every check-in is counted (`CountingBukuTamu` = `1`); otherwise a member counts
    /// at most once a day.
    pub fn counts_every_checkin(&self) -> Result<bool> {
        counts_every_checkin(self.conn)
    }

    /// Sets `CountingBukuTamu`: `true` saves every check-in (`1`), `false` a member at most
    /// once a day (`0`).
    pub fn set_counts_every_checkin(&self, every: bool, at: Timestamp) -> Result<()> {
        let tx = crate::store::write_tx(self.conn, || "starting to set CountingBukuTamu".into())?;
        let value = if every { "1" } else { "0" };
        let updated = tx
            .execute(
                "UPDATE settingparameters SET Value = ?2, UpdateDate = ?3 WHERE Name = ?1",
                params![COUNTING_SETTING, value, at.to_string()],
            )
            .ctx(|| "updating settingparameters CountingBukuTamu".into())?;
        if updated == 0 {
            tx.execute(
                "INSERT INTO settingparameters (Name, Value, CreateDate, UpdateDate)
                 VALUES (?1, ?2, ?3, ?3)",
                params![COUNTING_SETTING, value, at.to_string()],
            )
            .ctx(|| "inserting settingparameters CountingBukuTamu".into())?;
        }
        tx.commit()
            .ctx(|| "committing settingparameters CountingBukuTamu".into())
    }

    /// Adds a visit purpose (`tujuan_kunjungan`) and returns its id.
    pub fn add_purpose(&self, purpose: &NewPurpose, at: Timestamp) -> Result<i64> {
        for (field, value) in [("Code", &purpose.code), ("TujuanKunjungan", &purpose.label)] {
            if value.trim().is_empty() {
                return Err(invalid(field, "is empty"));
            }
        }
        let tx = crate::store::write_tx(self.conn, || "starting to add a visit purpose".into())?;
        tx.execute(
            "INSERT INTO tujuan_kunjungan (Code, TujuanKunjungan, Member, NonMember, Rombongan,
                                           CreateDate, UpdateDate)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                purpose.code.trim(),
                purpose.label.trim(),
                purpose.for_member,
                purpose.for_non_member,
                purpose.for_group,
                at.to_string()
            ],
        )
        .ctx(|| format!("inserting tujuan_kunjungan {}", purpose.code))?;
        let id = tx.last_insert_rowid();
        tx.commit()
            .ctx(|| format!("committing tujuan_kunjungan {}", purpose.code))?;
        Ok(id)
    }

    /// Every visit purpose, by id.
    pub fn purposes(&self) -> Result<Vec<Purpose>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT ID, Code, TujuanKunjungan, coalesce(Member, 0), coalesce(NonMember, 0),
                        coalesce(Rombongan, 0)
                 FROM tujuan_kunjungan ORDER BY ID",
            )
            .ctx(|| "reading tujuan_kunjungan".into())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Purpose {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    label: r.get(2)?,
                    for_member: r.get::<_, i64>(3)? != 0,
                    for_non_member: r.get::<_, i64>(4)? != 0,
                    for_group: r.get::<_, i64>(5)? != 0,
                })
            })
            .ctx(|| "reading tujuan_kunjungan".into())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx(|| "reading tujuan_kunjungan".into())
    }

    /// Checks a visitor in at `at`: one `memberguesses` row, unless the member already
    /// checked in that day and `CountingBukuTamu` is not `1` (then [`CheckIn::counted`] is
    /// `false` and nothing is written).
    pub fn add(&self, visit: &NewVisit, at: Timestamp) -> Result<CheckIn> {
        let tx = crate::store::write_tx(self.conn, || "starting a guest-book check-in".into())?;
        let member_no = visit
            .member_no
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        let day = at.date().to_string();
        let mut row = visit.clone();
        let mut status_id: Option<i64> = None;
        match member_no {
            Some(no) => {
                type MemberRow = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);
                let found: Option<MemberRow> = tx
                    .query_row(
                        "SELECT Fullname, Sex_id, Job_id, EducationLevel_id, StatusAnggota_id
                         FROM members WHERE MemberNo = ?1",
                        [no],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                    )
                    .optional()
                    .ctx(|| format!("reading member {no}"))?;
                let Some((fullname, sex, job, education, status)) = found else {
                    return Err(LibraryError::NotFound {
                        what: "member",
                        key: no.to_string(),
                    });
                };
                row.name = row.name.filter(|n| !n.trim().is_empty()).or(Some(fullname));
                row.gender_id = row.gender_id.or(sex);
                row.occupation_id = row.occupation_id.or(job);
                row.education_id = row.education_id.or(education);
                status_id = status;
                check_purpose(&tx, row.purpose_id, PurposeKind::Member)?;
                if !counts_every_checkin(&tx)? {
                    let earlier: Option<i64> = tx
                        .query_row(
                            "SELECT ID FROM memberguesses
                             WHERE NoAnggota = ?1 AND substr(CreateDate, 1, 10) = ?2
                             ORDER BY ID LIMIT 1",
                            params![no, day],
                            |r| r.get(0),
                        )
                        .optional()
                        .ctx(|| format!("reading today's check-ins of member {no}"))?;
                    if let Some(id) = earlier {
                        return Ok(CheckIn { id, counted: false });
                    }
                }
            }
            None => {
                let empty = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
                if empty(&row.name) {
                    return Err(invalid("Nama", "a non-member's name is required"));
                }
                if row.gender_id.is_none() {
                    return Err(invalid(
                        "JenisKelamin_id",
                        "a non-member's gender is required",
                    ));
                }
                if empty(&row.address) {
                    return Err(invalid("Alamat", "a non-member's address is required"));
                }
                check_purpose(&tx, row.purpose_id, PurposeKind::NonMember)?;
            }
        }
        let visitor_no = match row.visitor_no.clone() {
            Some(v) => v,
            None => {
                let n: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM memberguesses WHERE substr(CreateDate, 1, 10) = ?1",
                        [&day],
                        |r| r.get(0),
                    )
                    .ctx(|| "counting today's check-ins".into())?;
                format!("{}{:04}", at.date().yymmdd(), n + 1)
            }
        };
        tx.execute(
            "INSERT INTO memberguesses (NoAnggota, Nama, Status_id, Profesi_id,
                 PendidikanTerakhir_id, JenisKelamin_id, Alamat, CreateDate, CreateTerminal,
                 UpdateDate, UpdateTerminal, Deskripsi, LOCATIONLOANS_ID, Location_Id,
                 TujuanKunjungan_Id, Information, NoPengunjung)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                member_no,
                row.name.as_deref().map(str::trim),
                status_id,
                row.occupation_id,
                row.education_id,
                row.gender_id,
                row.address,
                at.to_string(),
                row.terminal,
                row.description,
                row.library_id,
                row.location_id,
                row.purpose_id,
                row.information,
                visitor_no,
            ],
        )
        .ctx(|| "inserting memberguesses".into())?;
        let id = tx.last_insert_rowid();
        tx.commit().ctx(|| "committing memberguesses".into())?;
        Ok(CheckIn { id, counted: true })
    }

    /// Adds a group visit at `at` and returns its `groupguesses.ID`; each set of counts
    /// (occupation, education, gender) must add up to `persons`, else a validation error
    /// naming the set and how many persons are missing or in excess.
    pub fn add_group(&self, group: &NewGroupVisit, at: Timestamp) -> Result<i64> {
        for (field, value) in [
            ("NamaKetua", &group.leader_name),
            ("AsalInstansi", &group.institution),
            ("AlamatInstansi", &group.institution_address),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(field, "is required for a group visit"));
            }
        }
        if group.persons == 0 {
            return Err(invalid("CountPersonel", "a group has at least one person"));
        }
        let total = u64::from(group.persons);
        let sets: [(&str, u64); 3] = [
            (
                "occupation counts (CountPNS..CountLainnya)",
                group
                    .occupation
                    .counts()
                    .iter()
                    .map(|&c| u64::from(c))
                    .sum(),
            ),
            (
                "education counts (CountSD..CountS3)",
                group.education.counts().iter().map(|&c| u64::from(c)).sum(),
            ),
            (
                "gender counts (CountLaki, CountPerempuan)",
                u64::from(group.men) + u64::from(group.women),
            ),
        ];
        for (set, sum) in sets {
            if sum != total {
                let message = if sum < total {
                    format!(
                        "add up to {sum} of CountPersonel {total}: {} persons missing",
                        total - sum
                    )
                } else {
                    format!(
                        "add up to {sum}, more than CountPersonel {total}: {} persons in excess",
                        sum - total
                    )
                };
                return Err(LibraryError::Validation {
                    field: set.to_string(),
                    message,
                });
            }
        }
        let tx = crate::store::write_tx(self.conn, || "starting a group visit".into())?;
        check_purpose(&tx, group.purpose_id, PurposeKind::Group)?;
        let day = at.date().to_string();
        let visitor_no = match group.visitor_no.clone() {
            Some(v) => v,
            None => {
                let n: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM groupguesses WHERE substr(CreateDate, 1, 10) = ?1",
                        [&day],
                        |r| r.get(0),
                    )
                    .ctx(|| "counting today's group visits".into())?;
                format!("{}G{:03}", at.date().yymmdd(), n + 1)
            }
        };
        let o = group.occupation.counts();
        let e = group.education.counts();
        tx.execute(
            "INSERT INTO groupguesses (NamaKetua, NomerTelponKetua, AsalInstansi, AlamatInstansi,
                 CountPersonel, CountPNS, CountPSwasta, CountPeneliti, CountGuru, CountDosen,
                 CountPensiunan, CountTNI, CountWiraswasta, CountPelajar, CountMahasiswa,
                 CountLainnya, CountSD, CountSMP, CountSMA, CountD1, CountD2, CountD3, CountS1,
                 CountS2, CountS3, CountLaki, CountPerempuan, TujuanKunjungan_ID, CreateDate,
                 CreateTerminal, UpdateDate, UpdateTerminal, LocationLoans_ID, Location_ID,
                 TeleponInstansi, EmailInstansi, Information, NoPengunjung)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30,
                     ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)",
            rusqlite::params_from_iter(
                [
                    Some(group.leader_name.trim().to_string()).into(),
                    group.leader_phone.clone().into(),
                    Some(group.institution.trim().to_string()).into(),
                    Some(group.institution_address.trim().to_string()).into(),
                    rusqlite::types::Value::from(i64::from(group.persons)),
                ]
                .into_iter()
                .chain(o.iter().chain(e.iter()).map(|&c| i64::from(c).into()))
                .chain([
                    i64::from(group.men).into(),
                    i64::from(group.women).into(),
                    group.purpose_id.into(),
                    Some(at.to_string()).into(),
                    group.terminal.clone().into(),
                    group.library_id.into(),
                    group.location_id.into(),
                    group.institution_phone.clone().into(),
                    group.institution_email.clone().into(),
                    group.information.clone().into(),
                    Some(visitor_no).into(),
                ]),
            ),
        )
        .ctx(|| "inserting groupguesses".into())?;
        let id = tx.last_insert_rowid();
        tx.commit().ctx(|| "committing groupguesses".into())?;
        Ok(id)
    }

    /// Visitor figures for the days `from` to `to`, both included (`from == to` for "visitors
    /// today"); `to` before `from` is a validation error.
    pub fn count(&self, from: Date, to: Date) -> Result<VisitFigures> {
        check_range(from, to)?;
        figures(self.conn, from, to)
    }

    /// Visitor figures for the days `from` to `to`, one entry per day, month or year.
    pub fn count_by(&self, from: Date, to: Date, by: Bucket) -> Result<Vec<VisitBucket>> {
        check_range(from, to)?;
        buckets(from, to, by)
            .into_iter()
            .map(|(label, f, t)| {
                Ok(VisitBucket {
                    label,
                    from: f.to_string(),
                    to: t.to_string(),
                    visits: figures(self.conn, f, t)?,
                })
            })
            .collect()
    }
}

fn invalid(field: &str, message: &str) -> LibraryError {
    LibraryError::Validation {
        field: field.to_string(),
        message: message.to_string(),
    }
}

pub(crate) fn check_range(from: Date, to: Date) -> Result<()> {
    if to < from {
        return Err(LibraryError::Validation {
            field: "period".into(),
            message: format!("ends ({to}) before it starts ({from})"),
        });
    }
    Ok(())
}

fn counts_every_checkin(conn: &Connection) -> Result<bool> {
    let value: Option<Option<String>> = conn
        .query_row(
            "SELECT Value FROM settingparameters WHERE Name = ?1 ORDER BY ID LIMIT 1",
            [COUNTING_SETTING],
            |r| r.get(0),
        )
        .optional()
        .ctx(|| "reading settingparameters CountingBukuTamu".into())?;
    Ok(value.flatten().is_some_and(|v| v.trim() == "1"))
}

#[derive(Clone, Copy)]
enum PurposeKind {
    Member,
    NonMember,
    Group,
}

/// An unknown purpose is `NotFound`; one not offered to this kind of visitor is invalid.
fn check_purpose(conn: &Connection, purpose: Option<i64>, kind: PurposeKind) -> Result<()> {
    let Some(id) = purpose else { return Ok(()) };
    let flags: Option<(String, i64, i64, i64)> = conn
        .query_row(
            "SELECT TujuanKunjungan, coalesce(Member, 0), coalesce(NonMember, 0),
                    coalesce(Rombongan, 0)
             FROM tujuan_kunjungan WHERE ID = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .ctx(|| format!("reading tujuan_kunjungan {id}"))?;
    let Some((label, member, non_member, group)) = flags else {
        return Err(LibraryError::NotFound {
            what: "visit purpose (tujuan_kunjungan)",
            key: id.to_string(),
        });
    };
    let (allowed, flag, who) = match kind {
        PurposeKind::Member => (member, "Member", "members"),
        PurposeKind::NonMember => (non_member, "NonMember", "non-members"),
        PurposeKind::Group => (group, "Rombongan", "groups"),
    };
    if allowed == 0 {
        return Err(LibraryError::Validation {
            field: "TujuanKunjungan_Id".into(),
            message: format!("purpose {id} ({label}) is not offered to {who} ({flag} = 0)"),
        });
    }
    Ok(())
}

/// The day range as SQL parameters: `substr(col, 1, 10) BETWEEN ?1 AND ?2`.
fn range(from: Date, to: Date) -> [String; 2] {
    [from.to_string(), to.to_string()]
}

/// Adds `SELECT key, count` rows to a map.
fn add_rows(
    conn: &Connection,
    sql: &str,
    args: &[String],
    map: &mut BTreeMap<String, u64>,
) -> Result<()> {
    let mut stmt = conn
        .prepare_cached(sql)
        .ctx(|| "preparing a guest-book count".into())?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<i64>>(1)?))
        })
        .ctx(|| "counting guest-book rows".into())?;
    for row in rows {
        let (key, n) = row.ctx(|| "counting guest-book rows".into())?;
        let n = u64::try_from(n.unwrap_or(0)).unwrap_or(0);
        if n > 0 {
            *map.entry(key.unwrap_or_else(|| "unknown".into()))
                .or_default() += n;
        }
    }
    Ok(())
}

/// Group persons of one breakdown whose columns map to lookup ids 1, 2, ... in order; what
/// the columns leave of `CountPersonel` goes to `unknown`, so the breakdown adds up.
fn add_group_set(
    conn: &Connection,
    columns: &[&str],
    lookup: (&str, &str, &str),
    args: &[String],
    map: &mut BTreeMap<String, u64>,
) -> Result<()> {
    let (table, id, label) = lookup;
    let sums: Vec<String> = columns
        .iter()
        .map(|c| format!("coalesce(sum(\"{c}\"), 0)"))
        .collect();
    let sql = format!(
        "SELECT coalesce(sum(CountPersonel), 0), {} FROM groupguesses
         WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2",
        sums.join(", ")
    );
    let values: Vec<i64> = conn
        .query_row(&sql, rusqlite::params_from_iter(args), |r| {
            (0..=columns.len()).map(|i| r.get::<_, i64>(i)).collect()
        })
        .ctx(|| "summing groupguesses counts".into())?;
    let mut labels = BTreeMap::new();
    {
        let mut stmt = conn
            .prepare_cached(&format!("SELECT \"{id}\", \"{label}\" FROM \"{table}\""))
            .ctx(|| format!("reading {table}"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .ctx(|| format!("reading {table}"))?;
        for row in rows {
            let (k, v) = row.ctx(|| format!("reading {table}"))?;
            labels.insert(k, v);
        }
    }
    let mut rest = values[0];
    for (i, &n) in values[1..].iter().enumerate() {
        rest -= n;
        if n > 0 {
            let key = labels
                .get(&(i as i64 + 1))
                .cloned()
                .unwrap_or_else(|| "unknown".into());
            *map.entry(key).or_default() += n as u64;
        }
    }
    if rest > 0 {
        *map.entry("unknown".into()).or_default() += rest as u64;
    }
    Ok(())
}

/// The visitor figures of the days `from` to `to` (both included).
pub(crate) fn figures(conn: &Connection, from: Date, to: Date) -> Result<VisitFigures> {
    let args = range(from, to);
    let (members, non_members): (i64, i64) = conn
        .query_row(
            "SELECT coalesce(sum(trim(coalesce(NoAnggota, '')) <> ''), 0),
                    coalesce(sum(trim(coalesce(NoAnggota, '')) = ''), 0)
             FROM memberguesses WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2",
            rusqlite::params_from_iter(&args),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ctx(|| "counting memberguesses".into())?;
    let group_persons: i64 = conn
        .query_row(
            "SELECT coalesce(sum(CountPersonel), 0) FROM groupguesses
             WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2",
            rusqlite::params_from_iter(&args),
            |r| r.get(0),
        )
        .ctx(|| "summing groupguesses CountPersonel".into())?;
    let (members, non_members, group_persons) = (
        members as u64,
        non_members as u64,
        group_persons.max(0) as u64,
    );
    let total = members + non_members + group_persons;
    let days = (to.days_since(from) + 1) as f64;
    let mut f = VisitFigures {
        members,
        non_members,
        group_persons,
        total,
        daily_average: total as f64 / days,
        ..VisitFigures::default()
    };
    let individual = |lookup: &str, id: &str, label: &str, column: &str| {
        format!(
            "SELECT l.\"{label}\", count(*) FROM memberguesses m
             LEFT JOIN \"{lookup}\" l ON l.\"{id}\" = m.\"{column}\"
             WHERE substr(m.CreateDate, 1, 10) BETWEEN ?1 AND ?2 GROUP BY 1"
        )
    };
    let grouped = |lookup: &str, id: &str, label: &str, column: &str| {
        format!(
            "SELECT l.\"{label}\", sum(g.CountPersonel) FROM groupguesses g
             LEFT JOIN \"{lookup}\" l ON l.\"{id}\" = g.\"{column}\"
             WHERE substr(g.CreateDate, 1, 10) BETWEEN ?1 AND ?2 GROUP BY 1"
        )
    };
    add_rows(
        conn,
        &individual("jenis_kelamin", "ID", "Name", "JenisKelamin_id"),
        &args,
        &mut f.by_gender,
    )?;
    add_group_set(
        conn,
        &["CountLaki", "CountPerempuan"],
        ("jenis_kelamin", "ID", "Name"),
        &args,
        &mut f.by_gender,
    )?;
    add_rows(
        conn,
        &individual("master_pekerjaan", "id", "Pekerjaan", "Profesi_id"),
        &args,
        &mut f.by_occupation,
    )?;
    add_group_set(
        conn,
        &GROUP_OCCUPATION_COLUMNS,
        ("master_pekerjaan", "id", "Pekerjaan"),
        &args,
        &mut f.by_occupation,
    )?;
    add_rows(
        conn,
        &individual("master_pendidikan", "id", "Nama", "PendidikanTerakhir_id"),
        &args,
        &mut f.by_education,
    )?;
    add_group_set(
        conn,
        &GROUP_EDUCATION_COLUMNS,
        ("master_pendidikan", "id", "Nama"),
        &args,
        &mut f.by_education,
    )?;
    add_rows(
        conn,
        &individual(
            "tujuan_kunjungan",
            "ID",
            "TujuanKunjungan",
            "TujuanKunjungan_Id",
        ),
        &args,
        &mut f.by_purpose,
    )?;
    add_rows(
        conn,
        &grouped(
            "tujuan_kunjungan",
            "ID",
            "TujuanKunjungan",
            "TujuanKunjungan_ID",
        ),
        &args,
        &mut f.by_purpose,
    )?;
    add_rows(
        conn,
        &individual("locations", "ID", "Name", "Location_Id"),
        &args,
        &mut f.by_location,
    )?;
    add_rows(
        conn,
        &grouped("locations", "ID", "Name", "Location_ID"),
        &args,
        &mut f.by_location,
    )?;
    f.by_hour = (0..24).map(|h| (format!("{h:02}"), 0)).collect();
    add_rows(
        conn,
        "SELECT substr(CreateDate, 12, 2), count(*) FROM memberguesses
         WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2 GROUP BY 1",
        &args,
        &mut f.by_hour,
    )?;
    add_rows(
        conn,
        "SELECT substr(CreateDate, 12, 2), sum(CountPersonel) FROM groupguesses
         WHERE substr(CreateDate, 1, 10) BETWEEN ?1 AND ?2 GROUP BY 1",
        &args,
        &mut f.by_hour,
    )?;
    Ok(f)
}

/// `groupguesses` occupation columns, in `master_pekerjaan` id order.
pub const GROUP_OCCUPATION_COLUMNS: [&str; 11] = [
    "CountPNS",
    "CountPSwasta",
    "CountPeneliti",
    "CountGuru",
    "CountDosen",
    "CountPensiunan",
    "CountTNI",
    "CountWiraswasta",
    "CountPelajar",
    "CountMahasiswa",
    "CountLainnya",
];

/// `groupguesses` education columns, in `master_pendidikan` id order.
pub const GROUP_EDUCATION_COLUMNS: [&str; 9] = [
    "CountSD", "CountSMP", "CountSMA", "CountD1", "CountD2", "CountD3", "CountS1", "CountS2",
    "CountS3",
];
