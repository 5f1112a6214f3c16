//! End to end through the `pustaka` binary: init, import, catalog show, items, members,
//! export, in a fresh temporary directory per test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2024-06-01 10:00:00";
const FIRST_TITLE: &str = "Botanical materia medica and pharmacology; drugs considered from a \
     botanical, pharmaceutical, physiological, therapeutical and toxicological standpoint. \
     By S. H. Aurand.";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("pustaka-cli-{}-{name}", std::process::id()));
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

/// Runs the binary in `dir` with `--json`, on library `lib` unless `args` name another.
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pustaka"));
    command
        .current_dir(dir)
        .env("PUSTAKA_NOW", NOW)
        .env_remove("PUSTAKA_LIBRARY")
        .arg("--json");
    if !args.contains(&"--library") {
        command.args(["--library", "lib"]);
    }
    command.args(args).output().unwrap()
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
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    json(&output)
}

fn import_sample(dir: &Path) -> Value {
    ok(dir, &["init"]);
    ok(dir, &["import", "marc", sample().to_str().unwrap()])
}

#[test]
fn init_import_show_export() {
    let tmp = TempDir::new("import");
    let dir = tmp.0.as_path();
    let summary = import_sample(dir);
    assert_eq!(summary["imported"], 1000);
    assert_eq!(summary["rejected"], 0);
    assert_eq!(summary["warnings"], 0);
    assert!(summary["seconds"].as_f64().unwrap() >= 0.0);

    // A second init refuses to overwrite.
    let again = run(dir, &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(json(&again)["error"]["kind"], "conflict");

    let shown = ok(dir, &["catalog", "show", "0010-0624000001"]);
    assert_eq!(shown["catalog"]["Title"], FIRST_TITLE);
    assert_eq!(shown["catalog"]["ControlNumber"], "INLIS000000000000001");
    assert_eq!(shown["marc"]["fields"][0]["001"], "INLIS000000000000001");
    assert_eq!(shown["items"].as_array().unwrap().len(), 0);

    let last = ok(dir, &["catalog", "show", "0010-0624001000"]);
    assert_eq!(last["catalog"]["ID"], 1000);

    let missing = run(dir, &["catalog", "show", "0010-0624001001"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(json(&missing)["error"]["kind"], "not_found");

    // Export and re-import into a second library: the same number of records.
    for (to, file) in [
        ("iso2709", "out.mrc"),
        ("marcxml", "out.xml"),
        ("json", "out.jsonl"),
        ("mrk", "out.mrk"),
    ] {
        let exported = ok(dir, &["export", "marc", "--to", to, "-o", file]);
        assert_eq!(exported["exported"], 1000, "{to}");
        assert!(!dir.join(format!(".{file}.partial")).exists());
        let stats = ok(dir, &["marc", "stats", file]);
        assert_eq!(stats["records"], 1000, "{to}");
        assert_eq!(stats["rejected"], 0, "{to}");
    }
    let again = run(dir, &["--library", "lib2", "init"]);
    assert_eq!(again.status.code(), Some(0));
    let reimported = ok(dir, &["--library", "lib2", "import", "marc", "out.xml"]);
    assert_eq!(reimported["imported"], 1000);
    assert_eq!(reimported["rejected"], 0);
    let shown = ok(
        dir,
        &["--library", "lib2", "catalog", "show", "0010-0624000001"],
    );
    assert_eq!(shown["catalog"]["Title"], FIRST_TITLE);
}

#[test]
fn items_and_members() {
    let tmp = TempDir::new("items");
    let dir = tmp.0.as_path();
    import_sample(dir);
    let added = ok(
        dir,
        &[
            "item",
            "add",
            "--bibid",
            "0010-0624000002",
            "--barcode",
            "B-0001",
            "--no-induk",
            "0001/2024",
            "--status",
            "1",
            "--price",
            "75000",
        ],
    );
    assert_eq!(added["item"]["NomorBarcode"], "B-0001");
    assert_eq!(added["item"]["Catalog_id"], 2);
    assert_eq!(added["BIBID"], "0010-0624000002");

    let duplicate = run(
        dir,
        &[
            "item",
            "add",
            "--bibid",
            "0010-0624000003",
            "--barcode",
            "B-0001",
        ],
    );
    assert_eq!(duplicate.status.code(), Some(2));
    let error = json(&duplicate);
    assert_eq!(error["error"]["kind"], "conflict");
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("NomorBarcode B-0001"));

    let shown = ok(dir, &["item", "show", "B-0001"]);
    assert_eq!(shown["item"]["NoInduk"], "0001/2024");
    assert_eq!(shown["item"]["Price"], 75000);
    let record = ok(dir, &["catalog", "show", "0010-0624000002"]);
    assert_eq!(record["items"].as_array().unwrap().len(), 1);
    let fields = record["marc"]["fields"].as_array().unwrap();
    let last = fields.last().unwrap();
    assert_eq!(last["990"]["subfields"][0]["a"], "0001/2024");

    let no_type = run(
        dir,
        &[
            "member",
            "add",
            "--member-no",
            "M-1",
            "--name",
            "Siti",
            "--type",
            "Umum",
        ],
    );
    assert_eq!(no_type.status.code(), Some(2));
    assert_eq!(json(&no_type)["error"]["kind"], "validation");
    let member = ok(
        dir,
        &[
            "member",
            "add",
            "--member-no",
            "M-1",
            "--name",
            "Siti",
            "--type",
            "Umum",
            "--create-type",
        ],
    );
    assert_eq!(member["member"]["RegisterDate"], "2024-06-01");
    assert_eq!(member["member"]["EndDate"], "2025-06-01");
    assert_eq!(member["jenisanggota"], "Umum");
    let shown = ok(dir, &["member", "show", "M-1"]);
    assert_eq!(shown["member"]["Fullname"], "Siti");
    let twice = run(
        dir,
        &[
            "member",
            "add",
            "--member-no",
            "M-1",
            "--name",
            "Budi",
            "--type",
            "1",
        ],
    );
    assert_eq!(twice.status.code(), Some(2));
    assert_eq!(json(&twice)["error"]["kind"], "conflict");
}

#[test]
fn import_reports_rejected_records_and_items_from_990() {
    let tmp = TempDir::new("rejects");
    let dir = tmp.0.as_path();
    ok(dir, &["init"]);
    // Three records: two items on the first, the second reusing the first's barcode, one
    // item on the third.
    let text = "=LDR  00000nam a2200000 a 4500\n=001  A1\n=245  10$aFirst.\n=990  \\\\$aINV-1\n=990  \\\\$aINV-2\n\n\
                =LDR  00000nam a2200000 a 4500\n=001  A2\n=245  10$aSecond.\n=990  \\\\$aINV-1\n\n\
                =LDR  00000nam a2200000 a 4500\n=001  A3\n=245  10$aThird.\n=990  \\\\$aINV-3\n";
    std::fs::write(dir.join("in.mrk"), text).unwrap();
    // Without --keep-going the duplicate barcode stops the import and its batch rolls back.
    let stopped = run(dir, &["import", "marc", "in.mrk", "--items-from", "990"]);
    assert_eq!(stopped.status.code(), Some(1));
    let summary = json(&stopped);
    assert_eq!(summary["imported"], 0);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(summary["complete"], false);
    let stderr = String::from_utf8_lossy(&stopped.stderr);
    assert!(stderr.contains("rejected: in.mrk, record 2:"), "{stderr}");
    assert!(stderr.contains("NomorBarcode INV-1"), "{stderr}");

    let kept = run(
        dir,
        &[
            "import",
            "marc",
            "in.mrk",
            "--items-from",
            "990",
            "--keep-going",
        ],
    );
    assert_eq!(kept.status.code(), Some(1));
    let summary = json(&kept);
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(summary["items"], 3);
    let item = ok(dir, &["item", "show", "INV-3"]);
    assert_eq!(item["Title"], "Third.");
    assert_eq!(item["item"]["NoInduk"], "INV-3");
}

#[test]
fn quickstart_builds_a_library_and_replaces_it() {
    let tmp = TempDir::new("quickstart");
    let dir = tmp.0.as_path();
    for _ in 0..2 {
        let summary = ok(dir, &["quickstart", "--dir", "qs"]);
        assert_eq!(summary["library"]["imported"], 1000);
        assert_eq!(summary["library"]["rejected"], 0);
        assert_eq!(summary["library"]["shown"], "0010-0624000001");
    }
    let item = ok(dir, &["--library", "qs/library", "item", "show", "QS-0001"]);
    assert_eq!(item["Title"], FIRST_TITLE);
    let member = ok(
        dir,
        &["--library", "qs/library", "member", "show", "QS-M-0001"],
    );
    assert_eq!(member["jenisanggota"], "Umum");
}
