//! A private MariaDB server for the tests that need one: its own data directory and socket
//! under the temporary directory, no networking, stopped and removed on drop. Needs
//! `mariadb-install-db`, `mariadbd` and `mariadb` (Debian's `mariadb-server`); without them
//! [`start`] says so and returns `None`, unless `PUSTAKA_REQUIRE_MARIADB` is set.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
        || Path::new("/usr/sbin").join(program).is_file()
}

pub fn program(name: &str) -> PathBuf {
    let sbin = Path::new("/usr/sbin").join(name);
    if sbin.is_file() {
        sbin
    } else {
        PathBuf::from(name)
    }
}

pub struct Server {
    child: Child,
    /// The server's directory (data, socket, log); free for the test's own files too.
    pub dir: PathBuf,
}

impl Server {
    /// The server's Unix socket.
    pub fn socket(&self) -> PathBuf {
        self.dir.join("sock")
    }

    /// Runs `query` (or the SQL file `input`) with the `mariadb` client as root; the
    /// output, tab-separated without headers.
    pub fn sql(&self, db: Option<&str>, input: Option<&Path>, query: Option<&str>) -> String {
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

/// Starts a server named `name` (its directory holds the name and the process id).
pub fn start(name: &str) -> Option<Server> {
    if !(on_path("mariadbd") && on_path("mariadb-install-db") && on_path("mariadb")) {
        assert!(
            std::env::var_os("PUSTAKA_REQUIRE_MARIADB").is_none(),
            "PUSTAKA_REQUIRE_MARIADB is set but MariaDB is not installed"
        );
        eprintln!("mariadb_roundtrip: MariaDB not installed, skipped");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("pustaka-mariadb-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Two tests may set up their servers at once; mariadb-install-db has been seen to fail
    // then, now and again, so it gets a second try on a clean directory.
    let mut failure = String::new();
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(dir.join("data"));
        let out = Command::new(program("mariadb-install-db"))
            .arg("--no-defaults")
            .arg(format!("--datadir={}", dir.join("data").display()))
            .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        if out.status.success() {
            failure.clear();
            break;
        }
        failure = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    assert!(failure.is_empty(), "mariadb-install-db failed:\n{failure}");
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
