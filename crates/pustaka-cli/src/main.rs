//! The `pustaka` command: MARC conversion and statistics today; library import, search and
//! circulation as the library grows. A thin layer over the crates: parsing arguments,
//! printing results (text for people, `--json` for scripts) and choosing exit codes.

mod inclusion_cmd;
mod inlislite_cmd;
mod library_cmd;
mod loan_cmd;
mod marc_cmd;
mod output;
mod quickstart;
mod search_cmd;

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
    /// Create a new library in the --library directory.
    Init,
    /// Import records into the library.
    Import {
        #[command(subcommand)]
        command: library_cmd::ImportCommand,
    },
    /// Export the library's records.
    Export {
        #[command(subcommand)]
        command: library_cmd::ExportCommand,
    },
    /// Catalogue records.
    Catalog {
        #[command(subcommand)]
        command: library_cmd::CatalogCommand,
    },
    /// Items (collections).
    Item {
        #[command(subcommand)]
        command: library_cmd::ItemCommand,
    },
    /// Members.
    Member {
        #[command(subcommand)]
        command: library_cmd::MemberCommand,
    },
    /// Circulation: checkouts, returns, renewals, bookings, reading in place.
    Loan(loan_cmd::LoanArgs),
    /// Fines (pelanggaran): list and pay.
    Fine(loan_cmd::FineArgs),
    /// The guest book (Buku Tamu): check-ins, group visits, visitor counts.
    Visit(inclusion_cmd::VisitArgs),
    /// Community activities: record, list, show, impact stories.
    Activity(inclusion_cmd::ActivityArgs),
    /// A periodic report (visits, members, circulation, collection, activities) as JSON,
    /// CSV or HTML.
    Report(inclusion_cmd::ReportArgs),
    /// Search the catalogue.
    Search(search_cmd::SearchArgs),
    /// Rebuild the search index from the database.
    Reindex,
    /// Convert and summarise the bundled sample records, then build a library from them: a
    /// first look at pustaka.
    Quickstart {
        /// Where to write the converted files.
        #[arg(long, default_value = "pustaka-quickstart")]
        dir: PathBuf,
    },
}

/// Restores the default action of SIGPIPE, so that `pustaka ... | head` ends quietly when
/// the reader goes away instead of failing on the next write, as command-line tools do.
#[cfg(unix)]
#[allow(unsafe_code)]
fn reset_sigpipe() {
    // SAFETY: setting a signal's disposition to its default at start-up, before any other
    // thread exists, has no memory-safety implications.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn reset_sigpipe() {}

fn main() -> ExitCode {
    reset_sigpipe();
    let cli = Cli::parse();
    let out = output::Output::new(cli.json, cli.quiet);
    let status = match cli.command {
        Command::Marc { command } => marc_cmd::run(command, &out),
        Command::Init => library_cmd::init(&cli.library, &out),
        Command::Import { command } => library_cmd::import(&cli.library, command, &out),
        Command::Export { command } => library_cmd::export(&cli.library, command, &out),
        Command::Catalog { command } => library_cmd::catalog(&cli.library, command, &out),
        Command::Item { command } => library_cmd::item(&cli.library, command, &out),
        Command::Member { command } => library_cmd::member(&cli.library, command, &out),
        Command::Loan(args) => loan_cmd::loan(&cli.library, args, &out),
        Command::Fine(args) => loan_cmd::fine(&cli.library, args, &out),
        Command::Visit(args) => inclusion_cmd::visit(&cli.library, args, &out),
        Command::Activity(args) => inclusion_cmd::activity(&cli.library, args, &out),
        Command::Report(args) => inclusion_cmd::report(&cli.library, args, &out),
        Command::Search(args) => search_cmd::search(&cli.library, args, &out),
        Command::Reindex => search_cmd::reindex(&cli.library, &out),
        Command::Quickstart { dir } => quickstart::run(&dir, &out),
    };
    ExitCode::from(status)
}
