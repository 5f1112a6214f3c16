//! The round trip against a real MariaDB: the demo dump loaded into one database, the same
//! dump imported into pustaka and exported loaded into another, and every table compared
//! with `CHECKSUM TABLE ... EXTENDED`. The test starts its own server (private data
//! directory and socket, no networking) and stops it. It needs `mariadb-install-db`,
//! `mariadbd` and `mariadb` on PATH (Debian's `mariadb-server`); without them it says so and
//! passes, unless `PUSTAKA_REQUIRE_MARIADB` is set.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pustaka::Library;
use pustaka_inlislite::export::export_dump;
use pustaka_inlislite::import::{import_dump, ImportOptions, Tables};

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
        || Path::new("/usr/sbin").join(program).is_file()
}

fn program(name: &str) -> PathBuf {
    let sbin = Path::new("/usr/sbin").join(name);
    if sbin.is_file() {
        sbin
    } else {
        PathBuf::from(name)
    }
}

struct Server {
    child: Child,
    dir: PathBuf,
}

impl Server {
    fn socket(&self) -> PathBuf {
        self.dir.join("sock")
    }

    fn sql(&self, db: Option<&str>, input: Option<&Path>, query: Option<&str>) -> String {
        let mut c = Command::new(program("mariadb"));
        c.arg("--no-defaults")
            .arg("-S")
            .arg(self.socket())
            .args(["-uroot", "-N", "-B"]);
        if let Some(db) = db {
            c.arg(db);
        }
        if let Some(q) = query {
            c.args(["-e", q]);
        }
        c.stdin(match input {
            Some(p) => Stdio::from(std::fs::File::open(p).unwrap()),
            None => Stdio::null(),
        });
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "mariadb {query:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start() -> Option<Server> {
    if !(on_path("mariadbd") && on_path("mariadb-install-db") && on_path("mariadb")) {
        assert!(
            std::env::var_os("PUSTAKA_REQUIRE_MARIADB").is_none(),
            "PUSTAKA_REQUIRE_MARIADB is set but MariaDB is not installed"
        );
        eprintln!("mariadb_roundtrip: MariaDB not installed, skipped");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("pustaka-mariadb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let ok = Command::new(program("mariadb-install-db"))
        .arg("--no-defaults")
        .arg(format!("--datadir={}", dir.join("data").display()))
        .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "mariadb-install-db failed");
    let mut server = Command::new(program("mariadbd"));
    server
        .arg("--no-defaults")
        .arg(format!("--datadir={}", dir.join("data").display()))
        .arg(format!("--socket={}", dir.join("sock").display()))
        .arg(format!("--pid-file={}", dir.join("pid").display()))
        .arg("--skip-networking")
        .stdout(Stdio::null())
        .stderr(Stdio::from(
            std::fs::File::create(dir.join("server.log")).unwrap(),
        ));
    // Running as root needs --user=root.
    #[cfg(unix)]
    if std::env::var("USER").as_deref() == Ok("root") || std::env::var_os("USER").is_none() {
        server.arg("--user=root");
    }
    let server = Server {
        child: server.spawn().unwrap(),
        dir,
    };
    let started = Instant::now();
    while !server.socket().exists() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "mariadbd did not start: {}",
            std::fs::read_to_string(server.dir.join("server.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(server)
}

#[test]
fn dump_to_pustaka_to_export_gives_mariadb_the_same_rows_in_every_table() {
    let Some(server) = start() else { return };
    let demo =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/inlislite/perpus-demo.sql");
    let lib_dir = server.dir.join("library");
    let library = Library::create(&lib_dir).unwrap();
    import_dump(
        &library,
        &demo,
        ImportOptions {
            tables: Tables::All,
            progress: None,
        },
    )
    .unwrap();
    let exported = server.dir.join("export.sql");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&exported).unwrap());
    export_dump(&library, &mut file).unwrap();
    drop(file);

    server.sql(
        None,
        None,
        Some("CREATE DATABASE original; CREATE DATABASE roundtrip"),
    );
    server.sql(Some("original"), Some(&demo), None);
    server.sql(Some("roundtrip"), Some(&exported), None);
    let tables = server.sql(
        None,
        None,
        Some("SELECT table_name FROM information_schema.tables WHERE table_schema = 'original' ORDER BY 1"),
    );
    let tables: Vec<&str> = tables.lines().collect();
    assert_eq!(tables.len(), 37);
    for t in tables {
        let q = format!("SELECT count(*) FROM `{t}`; CHECKSUM TABLE `{t}` EXTENDED");
        let a = server.sql(Some("original"), None, Some(&q));
        let b = server.sql(Some("roundtrip"), None, Some(&q));
        let strip = |s: &str| s.replace("original.", "").replace("roundtrip.", "");
        assert_eq!(strip(&a), strip(&b), "table {t}");
    }
}
