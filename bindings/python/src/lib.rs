//! Python bindings for pustaka: the extension module `pustaka._pustaka`.
//!
//! The Python package `pustaka` re-exports what is here: `pustaka.marc` (records, fields,
//! reading and writing), `pustaka.Library` (catalogue, items, members, circulation, MARC
//! import, read-only SQL) and the exception tree rooted at `pustaka.PustakaError`. The Rust
//! side mirrors the core crates module by module; every conversion of a Rust error into a
//! Python exception is in [`error`].

mod circulation;
mod error;
mod inclusion;
mod inlislite;
mod library;
mod marc;
mod search;
mod time;

use pyo3::prelude::*;

/// The native part of the `pustaka` package.
#[pymodule]
fn _pustaka(m: &Bound<'_, PyModule>) -> PyResult<()> {
    error::register(m)?;
    marc::register(m)?;
    library::register(m)?;
    circulation::register(m)?;
    inclusion::register(m)?;
    inlislite::register(m)?;
    search::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
