//! The guest book, community activities and reports through the `pustaka` binary, in a
//! fresh temporary library per test: a member and the guest-book lookups come from SQL
//! (the CLI has no commands for them), everything else from the CLI.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pustaka-cli-inclusion-{}-{name}",
            std::process::id()
        ));
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

fn run(dir: &Path, json: bool, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pustaka"));
    command
        .current_dir(dir)
        .env("PUSTAKA_NOW", "2025-03-05 08:00:00")
        .env_remove("PUSTAKA_LIBRARY")
        .args(["--library", "lib"]);
    if json {
        command.arg("--json");
    }
    command.args(args).output().unwrap()
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let out = run(dir, true, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn setup(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    assert!(run(&dir.0, false, &["init"]).status.success());
    let db = rusqlite::Connection::open(dir.0.join("lib/library.sqlite")).unwrap();
    db.execute_batch(
        "INSERT INTO jenis_kelamin (ID, Name) VALUES (1, 'Laki-laki'), (2, 'Perempuan');
         INSERT INTO tujuan_kunjungan (ID, Code, TujuanKunjungan, Member, NonMember, Rombongan)
             VALUES (1, '01', 'Membaca', 1, 1, 1);
         INSERT INTO jenis_anggota (id, jenisanggota) VALUES (1, 'Umum');
         INSERT INTO members (ID, MemberNo, Fullname, Sex_id, JenisAnggota_id, StatusAnggota_id,
                              RegisterDate)
             VALUES (1, 'AG-0001', 'Siti Aminah', 2, 1, 3, '2025-01-02');",
    )
    .unwrap();
    dir
}

#[test]
fn visits_are_recorded_counted_once_a_day_for_a_member_and_counted_by_day() {
    let dir = setup("visits");
    let d = &dir.0;
    let first = ok_json(
        d,
        &[
            "visit",
            "add",
            "--member",
            "AG-0001",
            "--purpose",
            "1",
            "--at",
            "2025-03-05T09:00:00",
        ],
    );
    assert_eq!(first["counted"], true);
    let again = ok_json(
        d,
        &[
            "visit",
            "add",
            "--member",
            "AG-0001",
            "--at",
            "2025-03-05T11:00:00",
        ],
    );
    assert_eq!(again["counted"], false);
    assert_eq!(again["id"], first["id"]);
    ok_json(
        d,
        &[
            "visit",
            "add",
            "--name",
            "Budi",
            "--gender",
            "1",
            "--address",
            "Jl. Mawar 3",
            "--at",
            "2025-03-05T10:15:00",
        ],
    );
    ok_json(
        d,
        &[
            "visit",
            "group",
            "--leader",
            "Bu Rina",
            "--institution",
            "SD 1",
            "--institution-address",
            "Jl. Kenanga",
            "--persons",
            "30",
            "--occupation",
            "pelajar=28",
            "--occupation",
            "guru=2",
            "--education",
            "sd=28",
            "--education",
            "s1=2",
            "--men",
            "14",
            "--women",
            "16",
            "--at",
            "2025-03-06T10:00:00",
        ],
    );

    let count = ok_json(
        d,
        &[
            "visit",
            "count",
            "--from",
            "2025-03-05",
            "--to",
            "2025-03-06",
            "--by",
            "day",
        ],
    );
    assert_eq!(count["visits"]["members"], 1);
    assert_eq!(count["visits"]["non_members"], 1);
    assert_eq!(count["visits"]["group_persons"], 30);
    assert_eq!(count["visits"]["total"], 32);
    assert_eq!(count["visits"]["by_gender"]["Perempuan"], 17);
    assert_eq!(count["series"][1]["label"], "2025-03-06");
    assert_eq!(count["series"][1]["visits"]["total"], 30);
    // Without --from: the day of PUSTAKA_NOW.
    let today = ok_json(d, &["visit", "count"]);
    assert_eq!(today["visits"]["total"], 2);

    let bad = run(
        d,
        true,
        &[
            "visit",
            "group",
            "--leader",
            "X",
            "--institution",
            "Y",
            "--institution-address",
            "Z",
            "--persons",
            "3",
            "--occupation",
            "lainnya=3",
            "--education",
            "sma=3",
            "--men",
            "1",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(err["error"]["kind"], "validation");
    assert_eq!(
        err["error"]["message"],
        "invalid gender counts (CountLaki, CountPerempuan): add up to 1 of CountPersonel 3: 2 persons missing"
    );
    let unknown = run(d, true, &["visit", "add", "--member", "AG-404"]);
    assert_eq!(unknown.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&unknown.stdout).unwrap();
    assert_eq!(err["error"]["kind"], "not_found");
}

#[test]
fn activities_and_stories_are_added_listed_shown_and_reported_as_json_csv_and_html() {
    let dir = setup("activities");
    let d = &dir.0;
    let added = ok_json(
        d,
        &[
            "activity",
            "add",
            "--title",
            "Pelatihan menjahit",
            "--strategy",
            "pelibatan_masyarakat",
            "--type",
            "pelatihan",
            "--start",
            "2025-03-10",
            "--end",
            "2025-03-12",
            "--participants",
            "25",
            "--impact",
            "pengembangan_usaha",
            "--outside",
            "--tally",
            "gender:perempuan=20",
            "--tally",
            "gender:laki_laki=5",
            "--stakeholder",
            "Pemerintah Desa;pemerintah;mitra;2",
            "--attachment",
            "foto=foto/hari1.jpg",
            "--at",
            "2025-03-12T16:00:00",
        ],
    );
    let id = added["id"].as_i64().unwrap();
    assert_eq!(added["tallies"]["gender"]["perempuan"], 20);
    assert_eq!(added["stakeholders"][0]["representatives"], 2);
    let bad = run(
        d,
        true,
        &[
            "activity",
            "add",
            "--title",
            "X",
            "--strategy",
            "advokasi",
            "--type",
            "diskusi",
            "--start",
            "2025-03-10",
            "--participants",
            "10",
            "--tally",
            "gender:perempuan=4",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(err["error"]["kind"], "validation");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("invalid tallies.gender: adds up to 4"));

    let story = ok_json(
        d,
        &[
            "activity",
            "story",
            "--activity",
            &id.to_string(),
            "--area",
            "pengembangan_usaha",
            "--alias",
            "Ibu M.",
            "--benefit",
            "Menjual tas rajut",
            "--publication",
            "https://news.example.id/a;Warta Desa;2025-04-01",
            "--consent",
            "--at",
            "2025-04-02T10:00:00",
        ],
    );
    assert_eq!(story["publications"][0]["outlet"], "Warta Desa");
    let listed = ok_json(d, &["activity", "list", "--from", "2025-03-01"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let shown = ok_json(d, &["activity", "show", &id.to_string()]);
    assert_eq!(shown["stories"][0]["beneficiary_alias"], "Ibu M.");

    let report = run(
        d,
        false,
        &[
            "report",
            "--from",
            "2025-03-01",
            "--to",
            "2025-04-30",
            "--population",
            "1000",
        ],
    );
    assert!(report.status.success());
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["activities"]["count"], 1);
    assert_eq!(report["activities"]["participants"], 25);
    assert_eq!(report["activities"]["impact_stories"], 1);
    assert_eq!(report["indicators"]["community_involvement_rate"], 2.5);
    assert_eq!(report["members"]["total"], 1);
    assert_eq!(report["series"].as_array().unwrap().len(), 2);

    let written = ok_json(
        d,
        &[
            "report",
            "--from",
            "2025-03-01",
            "--to",
            "2025-04-30",
            "--format",
            "csv",
            "-o",
            "r.csv",
        ],
    );
    assert_eq!(written["format"], "csv");
    let csv = std::fs::read_to_string(d.join("r.csv")).unwrap();
    assert!(csv.starts_with("[period]\nfrom,to,days,by\n2025-03-01,2025-04-30,61,month\n"));
    assert!(!d.join(".r.csv.partial").exists());

    let html = run(
        d,
        false,
        &[
            "report",
            "--from",
            "2025-03-01",
            "--to",
            "2025-04-30",
            "--format",
            "html",
            "-o",
            "r.html",
        ],
    );
    assert!(html.status.success());
    let page = std::fs::read_to_string(d.join("r.html")).unwrap();
    assert!(page.to_ascii_lowercase().starts_with("<!doctype html"));

    let backwards = run(
        d,
        true,
        &["report", "--from", "2025-04-30", "--to", "2025-03-01"],
    );
    assert_eq!(backwards.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&backwards.stdout).unwrap();
    assert_eq!(
        err["error"]["message"],
        "invalid period: ends (2025-03-01) before it starts (2025-04-30)"
    );
}
