//! The `pustaka` command: MARC conversion and statistics today; library import, search and
//! circulation as the library grows. A thin layer over the crates: parsing arguments,
//! printing results (text for people, `--json` for scripts) and choosing exit codes.

mod marc_cmd;
mod output;
mod quickstart;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// pustaka: library automation that speaks MARC 21 and INLISLite.
#[derive(Parser, Debug)]
#[command(name = "pustaka", version, about, long_about = None)]
struct Cli {
    /// Library directory (default ./pustaka-library, or $PUSTAKA_LIBRARY).
    #[arg(
        long,
        global = true,
        env = "PUSTAKA_LIBRARY",
        default_value = "pustaka-library"
    )]
    library: PathBuf,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

    /// No progress bars.
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read, convert and summarise MARC files.
    Marc {
        #[command(subcommand)]
        command: marc_cmd::MarcCommand,
    },
    /// Convert and summarise the bundled sample records: a first look at pustaka.
    Quickstart {
        /// Where to write the converted files.
        #[arg(long, default_value = "pustaka-quickstart")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = output::Output::new(cli.json, cli.quiet);
    let _ = &cli.library;
    let status = match cli.command {
        Command::Marc { command } => marc_cmd::run(command, &out),
        Command::Quickstart { dir } => quickstart::run(&dir, &out),
    };
    ExitCode::from(status)
}
