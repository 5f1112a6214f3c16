//! The HTML report opened in a real browser: Debian's `chromium`, headless, loads the page
//! written by `pustaka::report_html::render`, and the test checks that the page logs
//! nothing to the console (no script errors, no blocked network loads) and that the browser
//! laid out every chart bar with a non-zero size (the page's own script counts them into
//! `<body data-bars-drawn>`, which `--dump-dom` shows after the scripts ran).
//!
//! Without a `chromium` on the PATH the test prints why and passes, unless
//! `PUSTAKA_REQUIRE_CHROMIUM` is set (as `scripts/test-all` does): then it fails.
//! `PUSTAKA_CHROMIUM` names another browser binary; `PUSTAKA_REPORT_SCREENSHOT=path` also
//! saves the screenshot of the demo library's report there (that is how `docs/report.png`
//! is made).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pustaka::{Bucket, Date, Library, NewActivity, ReportRequest, Timestamp};
use pustaka_inlislite::import::{import_dump, ImportOptions};
use serde_json::{json, Value};

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pustaka-report-html-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
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

/// The browser to run, or `None` (after saying why) when the test may skip.
fn chromium() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("PUSTAKA_CHROMIUM") {
        Some(path) => vec![PathBuf::from(path)],
        None => {
            let path = std::env::var_os("PATH").unwrap_or_default();
            std::env::split_paths(&path)
                .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
                .collect()
        }
    };
    if let Some(found) = candidates.into_iter().find(|p| p.is_file()) {
        return Some(found);
    }
    if std::env::var_os("PUSTAKA_REQUIRE_CHROMIUM").is_some() {
        panic!("PUSTAKA_REQUIRE_CHROMIUM is set but no chromium was found on the PATH");
    }
    eprintln!("skipping: no chromium on the PATH (install Debian's `chromium` to run this test)");
    None
}

/// Runs the browser headless with `args` on `page`; returns its stdout and stderr.
fn run_chromium(browser: &Path, profile: &Path, args: &[&str], page: &Path) -> (String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Read both pipes on threads, so a full pipe never stalls the browser.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not finish within 120 s", browser.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    assert!(
        status.success(),
        "{} failed ({status}):\n{err}",
        browser.display()
    );
    (out, err)
}

/// A report with every section filled, three months of visits and a name that needs
/// escaping.
fn sample_report() -> Value {
    json!({
        "period": {"from": "2024-01-01", "to": "2024-03-31", "days": 91},
        "by": "month",
        "visits": {
            "members": 120, "non_members": 45, "group_persons": 30, "total": 195,
            "daily_average": 2.142857,
            "by_gender": {"Laki-laki": 90, "Perempuan": 100, "unknown": 5},
            "by_occupation": {"Pelajar": 80, "</script><script>console.error(1)</script>": 3},
            "by_education": {},
            "by_purpose": {"Membaca": 150},
            "by_location": {"Ruang baca": 195},
            "by_hour": {"08": 40, "09": 60, "13": 95}
        },
        "members": {"total": 300, "new": 12, "active": 80, "by_type": {"Umum": 300}},
        "circulation": {"loans": 210, "items_lent": 190, "titles_lent": 150, "returns": 200,
            "late_returns": 17, "fines_charged": 34000, "fines_paid": 12000, "read_in_place": 55},
        "collection": {"titles": 1500, "items": 2300, "new_items": 40, "recent_share": 0.125},
        "activities": {
            "count": 6, "participants": 140,
            "by_strategy": {
                "layanan_informasi": {"activities": 2, "participants": 40},
                "pelibatan_masyarakat": {"activities": 3, "participants": 90},
                "advokasi": {"activities": 1, "participants": 10}
            },
            "by_type": {"pelatihan": {"activities": 6, "participants": 140}},
            "participants_by": {"gender": {"Perempuan": 80, "Laki-laki": 60}},
            "outside_library": 2, "inside_library": 4, "stakeholder_meetings": 1,
            "stakeholder_representatives": 7, "impact_stories": 2
        },
        "indicators": {"population": 5000, "daily_visits_per_person": 0.000429,
            "members_per_person": 0.06, "collection_per_person": 0.46,
            "community_involvement_rate": 2.8,
            "annual_row": {"koleksi": 2300, "tenaga": 2, "anggota": 300, "kunjungan": 195}},
        "series": [
            {"label": "2024-01", "visits": {"members": 40, "non_members": 20, "group_persons": 30}},
            {"label": "2024-02", "visits": {"members": 50, "non_members": 0, "group_persons": 0}},
            {"label": "2024-03", "visits": {"members": 30, "non_members": 25, "group_persons": 0}}
        ]
    })
}

/// How many bars the report's data should draw: one per non-zero kind of visitor in each
/// bucket, one per hour with visits, and one per strategy for activities and again for
/// participants.
fn expected_bars(report: &Value) -> usize {
    let positive = |v: &Value| v.as_f64().is_some_and(|n| n > 0.0);
    let series = report["series"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let visits: usize = series
        .iter()
        .map(|entry| {
            ["members", "non_members", "group_persons"]
                .iter()
                .filter(|k| positive(&entry["visits"][**k]))
                .count()
        })
        .sum();
    let hours = report["visits"]["by_hour"]
        .as_object()
        .map_or(0, |m| m.values().filter(|v| positive(v)).count());
    let strategies = report["activities"]["by_strategy"]
        .as_object()
        .map_or(0, |m| {
            m.values()
                .map(|v| {
                    positive(&v["activities"]) as usize + positive(&v["participants"]) as usize
                })
                .sum()
        });
    visits + hours + strategies
}

/// The number in `name="…"` in `html`.
fn attribute(html: &str, name: &str) -> Option<usize> {
    let start = html.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + html[start..].find('"')?;
    html[start..end].parse().ok()
}

/// Renders `report`, opens it in the browser and checks it loads cleanly with every bar
/// drawn; returns the path of a screenshot (kept in `dir`).
fn check_in_browser(browser: &Path, dir: &TempDir, report: &Value) -> PathBuf {
    let html = pustaka::report_html::render(report);
    for needle in ["src=", "href=", "url(", "@import"] {
        assert!(
            !html.contains(needle),
            "the page loads nothing: found {needle:?}"
        );
    }
    let page = dir.0.join("report.html");
    std::fs::write(&page, &html).unwrap();
    let bars = expected_bars(report);
    assert!(bars > 0, "the report has something to draw");
    assert_eq!(html.matches("<rect class=\"bar").count(), bars);

    let (dom, log) = run_chromium(browser, &dir.0.join("profile"), &["--dump-dom"], &page);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    assert!(dom.contains("<body"), "chromium dumped the DOM: {dom:.200}");
    let series = report["series"].as_array().map_or(0, Vec::len);
    assert_eq!(dom.matches("<g class=\"bucket\"").count(), series);
    assert_eq!(
        attribute(&dom, "data-bars-drawn"),
        Some(bars),
        "every bar was laid out with a non-zero size"
    );

    let png = dir.0.join("report.png");
    run_chromium(
        browser,
        &dir.0.join("profile"),
        &[
            "--hide-scrollbars",
            "--window-size=1000,1500",
            &format!("--screenshot={}", png.display()),
        ],
        &page,
    );
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        bytes.len() > 20_000,
        "a screenshot of charts, not a blank page"
    );
    png
}

#[test]
fn a_report_with_every_section_loads_without_console_messages_and_draws_every_bar() {
    let Some(browser) = chromium() else { return };
    let dir = TempDir::new("sample");
    let report = sample_report();
    assert_eq!(expected_bars(&report), 6 + 3 + 6);
    check_in_browser(&browser, &dir, &report);
}

/// The first and last day of the demo library's guest book and loans, by SQL.
fn demo_period(library: &Library) -> (String, String) {
    let conn = rusqlite::Connection::open(library.database_path()).unwrap();
    conn.query_row(
        "SELECT min(d), max(d) FROM ( \
           SELECT substr(CreateDate, 1, 10) AS d FROM memberguesses \
           UNION ALL SELECT substr(CreateDate, 1, 10) FROM groupguesses \
           UNION ALL SELECT substr(LoanDate, 1, 10) FROM collectionloanitems)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// Calendar months from the month of `from` to that of `to`, both included.
fn months(from: &str, to: &str) -> usize {
    let ym = |d: &str| d[..4].parse::<usize>().unwrap() * 12 + d[5..7].parse::<usize>().unwrap();
    ym(to) - ym(from) + 1
}

#[test]
fn the_demo_librarys_report_loads_and_draws_every_bar() {
    let Some(browser) = chromium() else { return };
    let dir = TempDir::new("demo");
    let library = Library::create(dir.0.join("library")).unwrap();
    let dump =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/inlislite/perpus-demo.sql");
    import_dump(&library, dump, ImportOptions::default()).unwrap();
    let (from, to) = demo_period(&library);
    let day = |d: &str| Date::parse(d).unwrap();
    // The dump has no activities (INLISLite has none); three, one per strategy, in the period.
    let at = Timestamp::parse(&format!("{to} 17:00:00")).unwrap();
    for (title, strategy, kind, participants, outside) in [
        (
            "Pelatihan menjahit untuk ibu rumah tangga",
            "pelibatan_masyarakat",
            "pelatihan",
            25,
            true,
        ),
        (
            "Literasi digital untuk pelaku UMKM",
            "layanan_informasi",
            "literasi_digital",
            18,
            false,
        ),
        (
            "Audiensi dengan Bappeda",
            "advokasi",
            "stakeholder_meeting",
            6,
            true,
        ),
    ] {
        let mut activity =
            NewActivity::new(title, strategy, kind, day(&from), day(&from), participants);
        activity.outside_library = outside;
        library.activities().add(&activity, at).unwrap();
    }
    let request = ReportRequest {
        from: day(&from),
        to: day(&to),
        by: Bucket::Month,
        population: Some(25_000),
    };
    let report = serde_json::to_value(library.report(&request).unwrap()).unwrap();
    assert_eq!(
        report["series"].as_array().unwrap().len(),
        months(&from, &to)
    );
    assert_eq!(report["activities"]["count"], 3);
    assert_eq!(report["activities"]["participants"], 49);
    let conn = rusqlite::Connection::open(library.database_path()).unwrap();
    let visits: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM memberguesses) \
               + (SELECT coalesce(sum(CountPersonel), 0) FROM groupguesses)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        report["visits"]["total"], visits,
        "every visit falls in the period"
    );
    assert!(expected_bars(&report) > report["series"].as_array().unwrap().len());
    let png = check_in_browser(&browser, &dir, &report);
    if let Some(target) = std::env::var_os("PUSTAKA_REPORT_SCREENSHOT") {
        std::fs::copy(&png, &target).unwrap();
    }
}

#[test]
fn an_empty_report_loads_and_says_there_is_no_data() {
    let Some(browser) = chromium() else { return };
    let dir = TempDir::new("empty");
    let page = dir.0.join("report.html");
    std::fs::write(&page, pustaka::report_html::render(&json!({}))).unwrap();
    let (dom, log) = run_chromium(
        browser.as_path(),
        &dir.0.join("profile"),
        &["--dump-dom"],
        &page,
    );
    assert!(!log.contains(":CONSOLE"), "{log}");
    assert_eq!(attribute(&dom, "data-bars-drawn"), Some(0));
    assert!(dom.contains("Tidak ada data"));
}
