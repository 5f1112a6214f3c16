//! How the command speaks: text or JSON on stdout, warnings and errors on stderr, progress
//! bars only when stderr is a terminal and `--quiet` is not given.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

/// Exit status: everything was read.
pub const EXIT_OK: u8 = 0;
/// Exit status: some records were rejected, the rest was processed.
pub const EXIT_PARTIAL: u8 = 1;
/// Exit status: a fatal error stopped the command.
pub const EXIT_FATAL: u8 = 2;

/// Output settings shared by every command.
pub struct Output {
    pub json: bool,
    pub quiet: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool) -> Self {
        Output { json, quiet }
    }

    /// A byte-count progress bar over `total` bytes, hidden when not on a terminal.
    pub fn progress(&self, total: u64, what: &str) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        bar
    }

    /// Prints a fatal error (as `{"error": {"kind", "message"}}` with `--json`) and returns
    /// the fatal exit status.
    pub fn fatal(&self, kind: &str, message: &str) -> u8 {
        if self.json {
            let v = serde_json::json!({"error": {"kind": kind, "message": message}});
            println!("{v}");
        } else {
            eprintln!("pustaka: error: {message}");
        }
        EXIT_FATAL
    }

    /// Prints a JSON value on one line.
    pub fn print_json(&self, value: &Value) {
        println!("{value}");
    }
}
