//! Circulation end to end through the `pustaka` binary, in a fresh temporary library per
//! test: a library open six days a week (Sundays closed) with one holiday (2025-01-16), one
//! circulation room SIRK, one category, and a member type Umum lending 7 days, 3 items, one
//! renewal of 7 days, a `Berkelipatan` fine of Rp 500 per 2 days times 2 and a 3-day
//! suspension. The catalogue is the bundled LoC sample; the items, the member and the member
//! type come from the CLI, the rest (settings, location, category, authorisations, the
//! type's rules: the CLI has no commands for them yet) from SQL.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const SETUP: &str = "2025-01-06 08:00:00";
/// The first record of the sample imported in January 2025.
const BIBID: &str = "0010-0125000001";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("pustaka-cli-loans-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000")
}

fn command(dir: &Path, json: bool, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pustaka"));
    command
        .current_dir(dir)
        .env("PUSTAKA_NOW", SETUP)
        .env_remove("PUSTAKA_LIBRARY")
        .args(["--library", "lib"]);
    if json {
        command.arg("--json");
    }
    command.args(args);
    command
}

/// Runs the binary in `dir` with `--json` on library `lib`.
fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, true, args).output().unwrap()
}

fn json(output: &Output) -> Value {
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn ok(dir: &Path, args: &[&str]) -> Value {
    let output = run(dir, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    json(&output)
}

/// Runs a command expected to be refused: exit 2, `{"error": {"kind", "message"}}`; returns
/// the kind.
fn refused(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert_eq!(output.status.code(), Some(2), "{args:?} should fail");
    let v = json(&output);
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    v["error"]["kind"].as_str().unwrap().to_string()
}

/// The library described at the top, with items B001..B003 and member A001.
fn town(name: &str) -> TempDir {
    let tmp = TempDir::new(name);
    let dir = tmp.0.as_path();
    ok(dir, &["init"]);
    ok(dir, &["import", "marc", sample().to_str().unwrap()]);
    let db = rusqlite::Connection::open(dir.join("lib").join("library.sqlite")).unwrap();
    db.execute_batch(
        "INSERT INTO settingparameters (Name, Value) VALUES ('IsSaturdayHoliday', 'False'),
             ('IsSundayHoliday', 'True');
         INSERT INTO holidays (Dates, Names) VALUES ('2025-01-16 00:00:00', 'Libur');
         INSERT INTO locations (ID, Code, Name) VALUES (1, 'SIRK', 'Ruang Sirkulasi');
         INSERT INTO collectioncategorys (ID, Code, Name) VALUES (1, 'UM', 'Koleksi Umum');",
    )
    .unwrap();
    for barcode in ["B001", "B002", "B003"] {
        ok(
            dir,
            &[
                "item",
                "add",
                "--bibid",
                BIBID,
                "--barcode",
                barcode,
                "--status",
                "1",
                "--rule",
                "1",
                "--category",
                "1",
                "--location",
                "1",
                "--location-library",
                "1",
            ],
        );
    }
    ok(
        dir,
        &[
            "member",
            "add",
            "--member-no",
            "A001",
            "--name",
            "Siti Aminah",
            "--type",
            "Umum",
            "--create-type",
        ],
    );
    db.execute_batch(
        "UPDATE jenis_anggota SET MaxLoanDays = 7, MaxPinjamKoleksi = 3,
             CountPerpanjang = 1, DayPerpanjang = 7,
             DendaType = 'Berkelipatan', DendaPerTenor = 500, DendaTenorJumlah = 2,
             DendaTenorSatuan = 'Hari', DendaTenorMultiply = 2,
             SuspendType = 'Konstan', DaySuspend = 3
             WHERE jenisanggota = 'Umum';
         INSERT INTO memberloanauthorizecategory (Member_id, CategoryLoan_id)
             SELECT ID, 1 FROM members WHERE MemberNo = 'A001';
         INSERT INTO memberloanauthorizelocation (Member_id, LocationLoan_id)
             SELECT ID, 1 FROM members WHERE MemberNo = 'A001';",
    )
    .unwrap();
    tmp
}

#[test]
fn checkout_renew_return_fine_and_refusals() {
    let tmp = town("flow");
    let dir = tmp.0.as_path();

    // A dry run computes the loan and writes nothing.
    let dry = ok(
        dir,
        &[
            "loan",
            "checkout",
            "--member",
            "A001",
            "--barcode",
            "B003",
            "--dry-run",
            "--at",
            "2025-01-06T09:00:00",
        ],
    );
    assert_eq!(dry["loan_id"], "SIRK25010600001");
    assert_eq!(dry["items"][0]["due_date"], "2025-01-14");

    // Monday 6 January, 7 days: the walk meets Sunday the 12th, so due Tuesday the 14th.
    let checkout = ok(
        dir,
        &[
            "loan",
            "checkout",
            "--member",
            "A001",
            "--barcode",
            "B001",
            "--barcode",
            "B002",
            "--at",
            "2025-01-06T09:00:00",
        ],
    );
    assert_eq!(
        checkout,
        json!({
            "loan_id": "SIRK25010600001",
            "member_no": "A001",
            "items": [
                {"barcode": "B001", "loan_date": "2025-01-06T09:00:00", "due_date": "2025-01-14"},
                {"barcode": "B002", "loan_date": "2025-01-06T09:00:00", "due_date": "2025-01-14"},
            ]
        })
    );
    let listed = ok(dir, &["loan", "list", "--member", "A001"]);
    assert_eq!(listed["loans"].as_array().unwrap().len(), 2);
    assert_eq!(listed["loans"][0]["loan_id"], "SIRK25010600001");

    // The same item again: refused, whoever asks.
    assert_eq!(
        refused(
            dir,
            &[
                "loan",
                "checkout",
                "--member",
                "A001",
                "--barcode",
                "B001",
                "--at",
                "2025-01-07T09:00:00",
            ],
        ),
        "item_unavailable"
    );

    // Renewal on Friday the 10th for 7 days: Sunday the 19th met and the holiday on the 16th
    // added give Sunday the 19th, pushed to Monday the 20th.
    let renewed = ok(
        dir,
        &[
            "loan",
            "renew",
            "--barcode",
            "B002",
            "--at",
            "2025-01-10T10:00:00",
        ],
    );
    assert_eq!(
        renewed,
        json!({"barcode": "B002", "due_date": "2025-01-20", "renewals": 1})
    );
    assert_eq!(
        refused(
            dir,
            &[
                "loan",
                "renew",
                "--barcode",
                "B002",
                "--at",
                "2025-01-11T10:00:00"
            ]
        ),
        "renewal_limit"
    );

    let overdue = ok(dir, &["loan", "overdue", "--on", "2025-01-15"]);
    assert_eq!(overdue["on"], "2025-01-15");
    let loans = overdue["loans"].as_array().unwrap();
    assert_eq!(loans.len(), 1);
    assert_eq!(loans[0]["barcode"], "B001");
    assert_eq!(loans[0]["due_date"], "2025-01-14");

    // Back Monday the 20th, due the 14th: 6 days, less Sunday the 19th and the holiday on
    // the 16th = 4 late days; floor(4 / 2) = 2 tenors x Rp 500 x 2 = Rp 2.000; 3 days'
    // suspension.
    let returned = ok(
        dir,
        &[
            "loan",
            "return",
            "--barcode",
            "B001",
            "--at",
            "2025-01-20T11:00:00",
        ],
    );
    assert_eq!(
        returned,
        json!({
            "barcode": "B001",
            "member_no": "A001",
            "returned_at": "2025-01-20T11:00:00",
            "due_date": "2025-01-14",
            "late_days": 4,
            "fine": 2000,
            "suspension_days": 3,
        })
    );
    let on_time = ok(
        dir,
        &[
            "loan",
            "return",
            "--barcode",
            "B002",
            "--at",
            "2025-01-20T12:00:00",
        ],
    );
    assert_eq!(on_time["late_days"], 0);
    assert_eq!(on_time["fine"], 0);
    assert_eq!(on_time["due_date"], "2025-01-20");
    assert_eq!(
        refused(
            dir,
            &[
                "loan",
                "return",
                "--barcode",
                "B002",
                "--at",
                "2025-01-20T12:00:00"
            ]
        ),
        "not_found"
    );

    // The suspension runs from the 20th for 3 days.
    assert_eq!(
        refused(
            dir,
            &[
                "loan",
                "checkout",
                "--member",
                "A001",
                "--barcode",
                "B003",
                "--at",
                "2025-01-21T09:00:00",
            ],
        ),
        "member_suspended"
    );

    let fines = ok(dir, &["fine", "list", "--member", "A001"]);
    assert_eq!(fines["total"], 2000);
    let fine = &fines["fines"][0];
    assert_eq!(fine["fine"], 2000);
    assert_eq!(fine["suspension_days"], 3);
    assert_eq!(fine["barcode"], "B001");
    let id = fine["id"].as_i64().unwrap().to_string();
    // Rp 1.000 does not cover the whole fine: nothing is paid.
    let short = ok(
        dir,
        &["fine", "pay", "--member", "A001", "--amount", "1000"],
    );
    assert_eq!(short["paid"], json!([]));
    let paid = ok(
        dir,
        &["fine", "pay", "--member", "A001", "--violation", &id],
    );
    assert_eq!(paid["total"], 2000);
    assert_eq!(paid["paid"], json!([id.parse::<i64>().unwrap()]));
    assert_eq!(
        ok(dir, &["fine", "list", "--member", "A001"])["fines"],
        json!([])
    );

    // After the suspension, the daily sequence goes on.
    let later = ok(
        dir,
        &[
            "loan",
            "checkout",
            "--member",
            "A001",
            "--barcode",
            "B003",
            "--at",
            "2025-01-23T09:00:00",
        ],
    );
    assert_eq!(later["loan_id"], "SIRK25012300001");
}

#[test]
fn refusals_have_the_contract_kinds() {
    let tmp = town("errors");
    let dir = tmp.0.as_path();
    for garbage in [
        "yesterday",
        "2025-01-06",
        "2025-13-06T09:00:00",
        "2025-01-06T25:00:00",
    ] {
        assert_eq!(
            refused(
                dir,
                &[
                    "loan",
                    "checkout",
                    "--member",
                    "A001",
                    "--barcode",
                    "B001",
                    "--at",
                    garbage,
                ],
            ),
            "invalid_time",
            "{garbage}"
        );
    }
    assert_eq!(
        refused(dir, &["loan", "overdue", "--on", "soon"]),
        "invalid_time"
    );
    assert_eq!(
        refused(
            dir,
            &[
                "loan",
                "checkout",
                "--member",
                "NOBODY",
                "--barcode",
                "B001"
            ]
        ),
        "not_found"
    );
    assert_eq!(
        refused(
            dir,
            &["loan", "checkout", "--member", "A001", "--barcode", "NOPE"]
        ),
        "not_found"
    );
    assert_eq!(
        refused(dir, &["loan", "renew", "--barcode", "B001"]),
        "not_found"
    );
    assert_eq!(
        refused(dir, &["loan", "list", "--member", "NOBODY"]),
        "not_found"
    );
    // A return before the loan.
    ok(
        dir,
        &[
            "loan",
            "checkout",
            "--member",
            "A001",
            "--barcode",
            "B001",
            "--at",
            "2025-01-06T09:00:00",
        ],
    );
    assert_eq!(
        refused(
            dir,
            &[
                "loan",
                "return",
                "--barcode",
                "B001",
                "--at",
                "2025-01-06T08:59:59"
            ]
        ),
        "invalid_time"
    );
    // Without --json: a sentence on stderr, exit 2, nothing on stdout.
    let text = command(
        dir,
        false,
        &[
            "loan",
            "return",
            "--barcode",
            "B002",
            "--at",
            "2025-01-07T09:00:00",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(text.status.code(), Some(2));
    assert!(text.stdout.is_empty());
    assert!(String::from_utf8_lossy(&text.stderr).contains("pustaka: error:"));
}

#[test]
fn booking_reading_and_text_output() {
    let tmp = town("book");
    let dir = tmp.0.as_path();
    let booked = ok(
        dir,
        &[
            "loan",
            "book",
            "--member",
            "A001",
            "--barcode",
            "B003",
            "--at",
            "2025-01-06T09:00:00",
        ],
    );
    assert_eq!(booked["barcode"], "B003");
    assert_eq!(booked["member_no"], "A001");
    assert_eq!(booked["booked_at"], "2025-01-06T09:00:00");
    let read = ok(
        dir,
        &[
            "loan",
            "read",
            "--barcode",
            "B002",
            "--at",
            "2025-01-06T09:30:00",
        ],
    );
    assert_eq!(read["barcode"], "B002");
    assert_eq!(
        refused(
            dir,
            &[
                "loan",
                "checkout",
                "--member",
                "A001",
                "--barcode",
                "B002",
                "--at",
                "2025-01-06T09:40:00",
            ],
        ),
        "item_unavailable"
    );
    ok(
        dir,
        &[
            "loan",
            "read-return",
            "--barcode",
            "B002",
            "--at",
            "2025-01-06T10:00:00",
        ],
    );
    let text = command(
        dir,
        false,
        &[
            "loan",
            "checkout",
            "--member",
            "A001",
            "--barcode",
            "B002",
            "--barcode",
            "B003",
            "--at",
            "2025-01-06T10:30:00",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("loan SIRK25010600001 to member A001"),
        "{stdout}"
    );
    assert!(stdout.contains("B003"), "{stdout}");
}

#[test]
fn two_processes_racing_for_one_item_lend_it_once() {
    let tmp = town("race");
    let dir = tmp.0.as_path();
    let args = [
        "loan",
        "checkout",
        "--member",
        "A001",
        "--barcode",
        "B001",
        "--at",
        "2025-01-06T09:00:00",
    ];
    let children: Vec<_> = (0..2)
        .map(|_| {
            command(dir, true, &args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let won = outputs.iter().filter(|o| o.status.success()).count();
    assert_eq!(won, 1, "exactly one checkout succeeds");
    let lost = outputs.iter().find(|o| !o.status.success()).unwrap();
    assert_eq!(json(lost)["error"]["kind"], "item_unavailable");
    let listed = ok(dir, &["loan", "list", "--member", "A001"]);
    assert_eq!(listed["loans"].as_array().unwrap().len(), 1);
}
