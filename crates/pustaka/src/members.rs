//! Members and member types: rows of INLISLite's `members` and `jenis_anggota`.
//!
//! A member type (`jenis_anggota`) carries the loan rules and the length of a membership
//! (`MasaBerlakuAnggota`, days). A member has a unique member number (`MemberNo`), a type, a
//! status (`StatusAnggota_id`: 3 active, 5 suspended) and a validity from `RegisterDate` to
//! `EndDate`; when no end date is given it is the register date plus the type's validity.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{LibraryError, Result, SqlContext};
use crate::time::{Date, Timestamp};

/// `StatusAnggota_id` of an active member.
pub const STATUS_ACTIVE: i64 = 3;
/// `StatusAnggota_id` of a suspended member.
pub const STATUS_SUSPENDED: i64 = 5;

/// A member type to add (`jenis_anggota`), with INLISLite's column defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMemberType {
    /// `jenisanggota`: the name, e.g. `Umum`.
    pub jenisanggota: String,
    /// `MasaBerlakuAnggota`: days a membership lasts (default 365).
    pub masa_berlaku_anggota: i64,
    /// `MaxPinjamKoleksi`: items on loan at once (default 1000).
    pub max_pinjam_koleksi: i64,
    /// `MaxLoanDays`: loan length in days; 0 means "not set here" (default 0).
    pub max_loan_days: i64,
}

impl NewMemberType {
    /// A type with this name and INLISLite's defaults.
    pub fn new(jenisanggota: impl Into<String>) -> Self {
        NewMemberType {
            jenisanggota: jenisanggota.into(),
            masa_berlaku_anggota: 365,
            max_pinjam_koleksi: 1000,
            max_loan_days: 0,
        }
    }
}

/// A member to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    /// `MemberNo`: unique, required.
    pub member_no: String,
    /// `Fullname`: required.
    pub fullname: String,
    /// `JenisAnggota_id`: the member type.
    pub jenis_anggota_id: i64,
    /// `StatusAnggota_id` (default [`STATUS_ACTIVE`]).
    pub status_anggota_id: i64,
    /// `RegisterDate`; `None` is the date of the write.
    pub register_date: Option<Date>,
    /// `EndDate`; `None` is the register date plus the type's `MasaBerlakuAnggota`.
    pub end_date: Option<Date>,
    /// `Email`.
    pub email: Option<String>,
    /// `NoHp`: mobile phone.
    pub no_hp: Option<String>,
    /// `Address`.
    pub address: Option<String>,
    /// `IdentityNo`, e.g. the NIK.
    pub identity_no: Option<String>,
}

impl NewMember {
    /// An active member with this number, name and type; dates from the time of the write.
    pub fn new(
        member_no: impl Into<String>,
        fullname: impl Into<String>,
        jenis_anggota_id: i64,
    ) -> Self {
        NewMember {
            member_no: member_no.into(),
            fullname: fullname.into(),
            jenis_anggota_id,
            status_anggota_id: STATUS_ACTIVE,
            register_date: None,
            end_date: None,
            email: None,
            no_hp: None,
            address: None,
            identity_no: None,
        }
    }
}

/// A stored member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// `members.ID`.
    pub id: i64,
    /// `CreateDate`.
    pub create_date: Option<String>,
    /// The columns as stored, with the dates resolved.
    pub columns: NewMember,
}

/// The members of a library. Obtained from [`crate::Library::members`]; each method is one
/// transaction.
pub struct Members<'a> {
    conn: &'a Connection,
}

const SELECT: &str = "SELECT ID, CreateDate, MemberNo, Fullname, JenisAnggota_id,
     StatusAnggota_id, RegisterDate, EndDate, Email, NoHp, Address, IdentityNo FROM members";

impl<'a> Members<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Self {
        Members { conn }
    }

    /// Adds a member type; returns its `jenis_anggota.id`.
    pub fn add_type(&self, member_type: &NewMemberType, at: Timestamp) -> Result<i64> {
        let name = member_type.jenisanggota.trim();
        if name.is_empty() {
            return Err(validation("jenisanggota", "a member type needs a name"));
        }
        if member_type.masa_berlaku_anggota < 0 {
            return Err(validation(
                "MasaBerlakuAnggota",
                &format!("{} days is negative", member_type.masa_berlaku_anggota),
            ));
        }
        self.conn
            .execute(
                "INSERT INTO jenis_anggota (jenisanggota, MasaBerlakuAnggota, MaxPinjamKoleksi,
                     MaxLoanDays, CreateDate) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    name,
                    member_type.masa_berlaku_anggota,
                    member_type.max_pinjam_koleksi,
                    member_type.max_loan_days,
                    at.to_string()
                ],
            )
            .ctx(|| format!("inserting member type {name} into jenis_anggota"))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The id of the member type named `name` (`jenis_anggota.jenisanggota`, compared
    /// without regard to case), if there is one.
    pub fn type_id(&self, name: &str) -> Result<Option<i64>> {
        self.conn
            .prepare_cached(
                "SELECT id FROM jenis_anggota WHERE jenisanggota = ?1 COLLATE NOCASE
                 ORDER BY id LIMIT 1",
            )
            .and_then(|mut s| s.query_row([name.trim()], |r| r.get(0)).optional())
            .ctx(|| format!("looking up member type {name} in jenis_anggota"))
    }

    /// Every member type as `(id, jenisanggota)`, in id order.
    pub fn types(&self) -> Result<Vec<(i64, String)>> {
        self.conn
            .prepare_cached("SELECT id, jenisanggota FROM jenis_anggota ORDER BY id")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .ctx(|| "listing jenis_anggota".into())
    }

    /// Adds a member; the number must be unique and the type and status must exist.
    pub fn add(&self, member: &NewMember, at: Timestamp) -> Result<Member> {
        let member_no = member.member_no.trim();
        if member_no.is_empty() {
            return Err(validation("MemberNo", "a member needs a member number"));
        }
        if member.fullname.trim().is_empty() {
            return Err(validation(
                "Fullname",
                &format!("member {member_no} needs a name"),
            ));
        }
        let tx = crate::store::write_tx(self.conn, || {
            format!("starting a transaction to add member {member_no}")
        })?;
        if let Some(existing) = find_id(&tx, member_no)? {
            return Err(LibraryError::Conflict {
                table: "members",
                message: format!("MemberNo {member_no} is already used by member {existing}"),
            });
        }
        let validity: Option<i64> = tx
            .query_row(
                "SELECT coalesce(MasaBerlakuAnggota, 365) FROM jenis_anggota WHERE id = ?1",
                [member.jenis_anggota_id],
                |r| r.get(0),
            )
            .optional()
            .ctx(|| format!("looking up jenis_anggota {}", member.jenis_anggota_id))?;
        let Some(validity) = validity else {
            return Err(validation(
                "JenisAnggota_id",
                &format!(
                    "member type {} does not exist in jenis_anggota",
                    member.jenis_anggota_id
                ),
            ));
        };
        let status: Option<i64> = tx
            .query_row(
                "SELECT id FROM status_anggota WHERE id = ?1",
                [member.status_anggota_id],
                |r| r.get(0),
            )
            .optional()
            .ctx(|| format!("looking up status_anggota {}", member.status_anggota_id))?;
        if status.is_none() {
            return Err(validation(
                "StatusAnggota_id",
                &format!(
                    "status {} does not exist in status_anggota",
                    member.status_anggota_id
                ),
            ));
        }
        let register = member.register_date.unwrap_or_else(|| at.date());
        let end = member
            .end_date
            .unwrap_or_else(|| register.add_days(validity));
        if end < register {
            return Err(validation(
                "EndDate",
                &format!("{end} is before the RegisterDate {register}"),
            ));
        }
        tx.execute(
            "INSERT INTO members (MemberNo, Fullname, JenisAnggota_id, StatusAnggota_id,
                 RegisterDate, EndDate, Email, NoHp, Address, IdentityNo, CreateDate)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                member_no,
                member.fullname.trim(),
                member.jenis_anggota_id,
                member.status_anggota_id,
                register.to_datetime(),
                end.to_datetime(),
                member.email,
                member.no_hp,
                member.address,
                member.identity_no,
                at.to_string(),
            ],
        )
        .ctx(|| format!("inserting member {member_no} into members"))?;
        let stored = get(&tx, tx.last_insert_rowid())?;
        tx.commit()
            .ctx(|| format!("committing member {member_no}"))?;
        Ok(stored)
    }

    /// The member with this `members.ID`.
    pub fn get(&self, id: i64) -> Result<Member> {
        get(self.conn, id)
    }

    /// The member with this member number.
    pub fn get_by_member_no(&self, member_no: &str) -> Result<Member> {
        match find_id(self.conn, member_no)? {
            Some(id) => get(self.conn, id),
            None => Err(LibraryError::NotFound {
                what: "member with MemberNo",
                key: member_no.to_string(),
            }),
        }
    }
}

fn validation(field: &str, message: &str) -> LibraryError {
    LibraryError::Validation {
        field: field.to_string(),
        message: message.to_string(),
    }
}

fn find_id(conn: &Connection, member_no: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT ID FROM members WHERE MemberNo = ?1")
        .and_then(|mut s| s.query_row([member_no], |r| r.get(0)).optional())
        .ctx(|| format!("looking up MemberNo {member_no} in members"))
}

fn get(conn: &Connection, id: i64) -> Result<Member> {
    let row = conn
        .prepare_cached(&format!("{SELECT} WHERE ID = ?1"))
        .and_then(|mut s| s.query_row([id], read_row).optional())
        .ctx(|| format!("reading members row {id}"))?;
    let Some((create_date, mut columns, register, end)) = row else {
        return Err(LibraryError::NotFound {
            what: "member",
            key: id.to_string(),
        });
    };
    // Dates written by INLISLite itself may be zero dates or empty; those stay `None`.
    columns.register_date = register.and_then(|d| Date::parse(&d).ok());
    columns.end_date = end.and_then(|d| Date::parse(&d).ok());
    Ok(Member {
        id,
        create_date,
        columns,
    })
}

type MemberRow = (Option<String>, NewMember, Option<String>, Option<String>);

fn read_row(r: &Row<'_>) -> rusqlite::Result<MemberRow> {
    let _: i64 = r.get(0)?;
    Ok((
        r.get(1)?,
        NewMember {
            member_no: r.get(2)?,
            fullname: r.get(3)?,
            jenis_anggota_id: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
            status_anggota_id: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
            register_date: None,
            end_date: None,
            email: r.get(8)?,
            no_hp: r.get(9)?,
            address: r.get(10)?,
            identity_no: r.get(11)?,
        },
        r.get(6)?,
        r.get(7)?,
    ))
}
