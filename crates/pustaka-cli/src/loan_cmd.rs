//! `pustaka loan ...` and `pustaka fine ...`: circulation from a shell.
//!
//! The contract other tools rely on: every command takes `--json` and `--at
//! YYYY-MM-DDTHH:MM:SS` (default now, `$PUSTAKA_NOW` when set). Refusals exit with status 2
//! and, with `--json`, print `{"error": {"kind": KIND, "message": ...}}` where KIND is the
//! circulation error's name (`not_found`, `member_inactive`, ..., `invalid_time`); a
//! malformed `--at` or `--on` is `invalid_time`. Times are printed `YYYY-MM-DDTHH:MM:SS`,
//! dates `YYYY-MM-DD`.

use std::path::Path;

use clap::{Args, Subcommand};
use pustaka::circulation::{
    Booking, Checkout, Loan, Payment, PaymentReceipt, Reading, Renewal, Return, Violation,
};
use pustaka::{Date, LibraryError, Timestamp};
use serde_json::{json, Value};

use crate::library_cmd::{self, now};
use crate::output::{Output, EXIT_FATAL, EXIT_OK};

/// `pustaka loan`: its time and its subcommand.
#[derive(Args, Debug)]
pub struct LoanArgs {
    /// The time of the operation, YYYY-MM-DDTHH:MM:SS (default now: $PUSTAKA_NOW, else the
    /// current UTC time).
    #[arg(long, global = true)]
    at: Option<String>,

    #[command(subcommand)]
    command: LoanCommand,
}

/// The loan subcommands.
#[derive(Subcommand, Debug)]
pub enum LoanCommand {
    /// Lend items to a member, all under one loan (collectionloans).
    Checkout {
        /// MemberNo of the borrower.
        #[arg(long)]
        member: String,
        /// NomorBarcode of an item; repeat for several items.
        #[arg(long, required = true)]
        barcode: Vec<String>,
        /// Run every check and compute the loan without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Take an item back: late days, fine and suspension.
    Return {
        /// NomorBarcode of the item.
        #[arg(long)]
        barcode: String,
    },
    /// Renew the open loan of an item.
    Renew {
        /// NomorBarcode of the item.
        #[arg(long)]
        barcode: String,
    },
    /// A member's open loans.
    List {
        /// MemberNo.
        #[arg(long)]
        member: String,
    },
    /// Open loans overdue on a date (due before it).
    Overdue {
        /// The date, YYYY-MM-DD (default the date of --at).
        #[arg(long)]
        on: Option<String>,
    },
    /// Book an available item for a member.
    Book {
        /// MemberNo of the holder.
        #[arg(long)]
        member: String,
        /// NomorBarcode of the item.
        #[arg(long)]
        barcode: String,
    },
    /// Start reading an item in the library (bacaditempat).
    Read {
        /// NomorBarcode of the item.
        #[arg(long)]
        barcode: String,
        /// MemberNo of the reader (none for a visitor).
        #[arg(long)]
        member: Option<String>,
    },
    /// End the reading in place of an item.
    ReadReturn {
        /// NomorBarcode of the item.
        #[arg(long)]
        barcode: String,
    },
}

/// `pustaka fine`: its time and its subcommand.
#[derive(Args, Debug)]
pub struct FineArgs {
    /// The time of the operation, YYYY-MM-DDTHH:MM:SS (default now: $PUSTAKA_NOW, else the
    /// current UTC time).
    #[arg(long, global = true)]
    at: Option<String>,

    #[command(subcommand)]
    command: FineCommand,
}

/// The fine subcommands.
#[derive(Subcommand, Debug)]
pub enum FineCommand {
    /// A member's unpaid fines (pelanggaran).
    List {
        /// MemberNo.
        #[arg(long)]
        member: String,
    },
    /// Pay fines: the violations named, else as many whole fines as the amount covers,
    /// oldest first, else all unpaid fines.
    Pay {
        /// MemberNo.
        #[arg(long)]
        member: String,
        /// A pelanggaran ID to pay; repeat for several.
        #[arg(long = "violation", conflicts_with = "amount")]
        violations: Vec<i64>,
        /// An amount in rupiah.
        #[arg(long)]
        amount: Option<i64>,
    },
}

/// A circulation failure: a kind from the contract list (or the library's own kind for
/// errors that are not refusals) and a message.
struct Failure {
    kind: &'static str,
    message: String,
}

impl From<LibraryError> for Failure {
    fn from(e: LibraryError) -> Self {
        match &e {
            LibraryError::Circulation(c) => Failure {
                kind: c.kind(),
                message: c.message().to_string(),
            },
            other => Failure {
                kind: library_cmd::kind(other),
                message: other.to_string(),
            },
        }
    }
}

fn invalid_time(message: String) -> Failure {
    Failure {
        kind: "invalid_time",
        message,
    }
}

/// Parses `--at`: `YYYY-MM-DDTHH:MM:SS` (a space instead of the `T` is accepted too);
/// absent, the command's "now".
fn parse_at(at: Option<&str>) -> Result<Timestamp, Failure> {
    match at {
        None => now().map_err(|e| invalid_time(format!("the current time: {e}"))),
        Some(text) => {
            let bytes = text.as_bytes();
            let normalised = if bytes.len() == 19 && bytes[10] == b'T' {
                format!("{} {}", &text[..10], &text[11..])
            } else {
                text.to_string()
            };
            if normalised.as_bytes().get(10) != Some(&b' ') {
                return Err(invalid_time(format!(
                    "--at {text:?} is not YYYY-MM-DDTHH:MM:SS"
                )));
            }
            Timestamp::parse(&normalised)
                .map_err(|_| invalid_time(format!("--at {text:?} is not YYYY-MM-DDTHH:MM:SS")))
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS`.
fn iso(t: &Timestamp) -> String {
    t.to_string().replacen(' ', "T", 1)
}

fn finish(out: &Output, result: Result<(), Failure>) -> u8 {
    match result {
        Ok(()) => EXIT_OK,
        Err(f) => {
            out.fatal(f.kind, &f.message);
            EXIT_FATAL
        }
    }
}

/// The JSON of a checkout: `{"loan_id", "member_no", "items": [{"barcode", "loan_date",
/// "due_date"}]}`.
pub fn checkout_json(c: &Checkout) -> Value {
    json!({
        "loan_id": c.loan_id,
        "member_no": c.member_no,
        "items": c.items.iter().map(|i| json!({
            "barcode": i.barcode,
            "loan_date": iso(&i.loan_date),
            "due_date": i.due_date.to_string(),
        })).collect::<Vec<_>>(),
    })
}

/// The JSON of a return: `{"barcode", "member_no", "returned_at", "due_date", "late_days",
/// "fine", "suspension_days"}`.
pub fn return_json(r: &Return) -> Value {
    json!({
        "barcode": r.barcode,
        "member_no": r.member_no,
        "returned_at": iso(&r.returned_at),
        "due_date": r.due_date.to_string(),
        "late_days": r.late_days,
        "fine": r.fine,
        "suspension_days": r.suspension_days,
    })
}

/// The JSON of a renewal: `{"barcode", "due_date", "renewals"}`.
pub fn renewal_json(r: &Renewal) -> Value {
    json!({
        "barcode": r.barcode,
        "due_date": r.due_date.to_string(),
        "renewals": r.renewals,
    })
}

fn loan_json(l: &Loan) -> Value {
    json!({
        "loan_id": l.loan_id,
        "barcode": l.barcode,
        "member_no": l.member_no,
        "loan_date": iso(&l.loan_date),
        "due_date": l.due_date.to_string(),
        "renewals": l.renewals,
    })
}

fn violation_json(v: &Violation) -> Value {
    json!({
        "id": v.id,
        "loan_id": v.loan_id,
        "barcode": v.barcode,
        "fine": v.fine,
        "suspension_days": v.suspension_days,
        "paid": v.paid,
        "created": v.created,
    })
}

fn booking_json(b: &Booking) -> Value {
    json!({
        "barcode": b.barcode,
        "member_no": b.member_no,
        "booked_at": iso(&b.booked_at),
        "expires_at": iso(&b.expires_at),
    })
}

fn reading_json(r: &Reading) -> Value {
    json!({
        "id": r.id,
        "barcode": r.barcode,
        "member_no": r.member_no,
        "started_at": iso(&r.started_at),
    })
}

fn print_loans(out: &Output, header: Value, loans: &[Loan], empty: &str) {
    if out.json {
        let mut v = header;
        v["loans"] = loans.iter().map(loan_json).collect();
        out.print_json(&v);
    } else if loans.is_empty() {
        println!("{empty}");
    } else {
        for l in loans {
            println!(
                "{}  {}  member {}  lent {}  due {}  renewed {}",
                l.loan_id, l.barcode, l.member_no, l.loan_date, l.due_date, l.renewals
            );
        }
    }
}

/// `pustaka loan ...`.
pub fn loan(dir: &Path, args: LoanArgs, out: &Output) -> u8 {
    let result = (|| -> Result<(), Failure> {
        let at = parse_at(args.at.as_deref())?;
        let library = library_cmd::open(dir)?;
        let circulation = library.circulation();
        match args.command {
            LoanCommand::Checkout {
                member,
                barcode,
                dry_run,
            } => {
                let barcodes: Vec<&str> = barcode.iter().map(|b| b.trim()).collect();
                let member = member.trim();
                let done = if dry_run {
                    circulation.checkout_dry_run(member, &barcodes, at)?
                } else {
                    circulation.checkout(member, &barcodes, at)?
                };
                if out.json {
                    out.print_json(&checkout_json(&done));
                } else {
                    println!(
                        "{}loan {} to member {}",
                        if dry_run { "(dry run) " } else { "" },
                        done.loan_id,
                        done.member_no
                    );
                    for i in &done.items {
                        println!("  {}  lent {}  due {}", i.barcode, i.loan_date, i.due_date);
                    }
                }
            }
            LoanCommand::Return { barcode } => {
                let r = circulation.return_item(barcode.trim(), at)?;
                if out.json {
                    out.print_json(&return_json(&r));
                } else {
                    println!(
                        "returned {} (member {}) at {}, due {}",
                        r.barcode, r.member_no, r.returned_at, r.due_date
                    );
                    if r.late_days > 0 {
                        println!(
                            "  {} days late: fine Rp {}, suspension {} days",
                            r.late_days, r.fine, r.suspension_days
                        );
                    } else {
                        println!("  on time");
                    }
                }
            }
            LoanCommand::Renew { barcode } => {
                let r = circulation.renew(barcode.trim(), at)?;
                if out.json {
                    out.print_json(&renewal_json(&r));
                } else {
                    println!(
                        "renewed {}: due {} (renewal {})",
                        r.barcode, r.due_date, r.renewals
                    );
                }
            }
            LoanCommand::List { member } => {
                let member = member.trim();
                let loans = circulation.loans(member)?;
                print_loans(
                    out,
                    json!({"member_no": member}),
                    &loans,
                    &format!("member {member} has no open loans"),
                );
            }
            LoanCommand::Overdue { on } => {
                let on = match on {
                    None => at.date(),
                    Some(text) => Date::parse(text.trim()).map_err(|_| {
                        invalid_time(format!("--on {text:?} is not a date YYYY-MM-DD"))
                    })?,
                };
                let loans = circulation.overdue(on)?;
                print_loans(
                    out,
                    json!({"on": on.to_string()}),
                    &loans,
                    &format!("no loans overdue on {on}"),
                );
            }
            LoanCommand::Book { member, barcode } => {
                let b = circulation.book(member.trim(), barcode.trim(), at)?;
                if out.json {
                    out.print_json(&booking_json(&b));
                } else {
                    println!(
                        "booked {} for member {} until {}",
                        b.barcode, b.member_no, b.expires_at
                    );
                }
            }
            LoanCommand::Read { barcode, member } => {
                let r = circulation.read_in_place(
                    barcode.trim(),
                    member.as_deref().map(str::trim),
                    at,
                )?;
                if out.json {
                    out.print_json(&reading_json(&r));
                } else {
                    println!("{} is being read in the library (#{})", r.barcode, r.id);
                }
            }
            LoanCommand::ReadReturn { barcode } => {
                let r = circulation.return_read_in_place(barcode.trim(), at)?;
                if out.json {
                    out.print_json(&reading_json(&r));
                } else {
                    println!("{} is back from reading in the library", r.barcode);
                }
            }
        }
        Ok(())
    })();
    finish(out, result)
}

fn receipt_json(member_no: &str, r: &PaymentReceipt) -> Value {
    json!({"member_no": member_no, "paid": r.paid, "total": r.total})
}

/// `pustaka fine ...`.
pub fn fine(dir: &Path, args: FineArgs, out: &Output) -> u8 {
    let result = (|| -> Result<(), Failure> {
        let at = parse_at(args.at.as_deref())?;
        let library = library_cmd::open(dir)?;
        let circulation = library.circulation();
        match args.command {
            FineCommand::List { member } => {
                let member = member.trim();
                let fines = circulation.unpaid_fines(member)?;
                let total: i64 = fines.iter().map(|v| v.fine).sum();
                if out.json {
                    out.print_json(&json!({
                        "member_no": member,
                        "fines": fines.iter().map(violation_json).collect::<Vec<_>>(),
                        "total": total,
                    }));
                } else if fines.is_empty() {
                    println!("member {member} has no unpaid fines");
                } else {
                    for v in &fines {
                        println!(
                            "#{}  {}  {}  Rp {}  suspension {} days  {}",
                            v.id,
                            v.loan_id.as_deref().unwrap_or("-"),
                            v.barcode.as_deref().unwrap_or("-"),
                            v.fine,
                            v.suspension_days,
                            v.created.as_deref().unwrap_or("")
                        );
                    }
                    println!("total Rp {total}");
                }
            }
            FineCommand::Pay {
                member,
                violations,
                amount,
            } => {
                let member = member.trim();
                let payment = match (amount, violations.is_empty()) {
                    (Some(amount), _) => Payment::Amount(amount),
                    (None, false) => Payment::Violations(violations),
                    (None, true) => Payment::All,
                };
                let receipt = circulation.pay(member, &payment, at)?;
                if out.json {
                    out.print_json(&receipt_json(member, &receipt));
                } else if receipt.paid.is_empty() {
                    println!("nothing paid");
                } else {
                    let ids: Vec<String> = receipt.paid.iter().map(|i| format!("#{i}")).collect();
                    println!(
                        "member {member} paid Rp {} ({})",
                        receipt.total,
                        ids.join(", ")
                    );
                }
            }
        }
        Ok(())
    })();
    finish(out, result)
}
