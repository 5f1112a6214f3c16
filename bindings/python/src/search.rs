//! `Library.search`: the catalogue search, with `pustaka.SearchResults` and `pustaka.Hit`.
//!
//! The search runs with the GIL released (it catches the index up with any committed change
//! first); the answer is then turned into plain Python values. A malformed query raises
//! `pustaka.QueryError` with `position` (the byte offset in the query text) and `message`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use pustaka::search::{Query, SearchResults as CoreResults, Sort, FACETS};

use crate::error::QueryError;
use crate::library::Shared;

/// One result line of a search.
#[pyclass(module = "pustaka", name = "Hit", frozen)]
#[derive(Clone)]
pub(crate) struct Hit {
    /// `catalogs.ID`.
    #[pyo3(get)]
    catalog_id: i64,
    /// The BIBID.
    #[pyo3(get)]
    bibid: String,
    /// Title (245 $a $b $n $p, ISBD punctuation trimmed).
    #[pyo3(get)]
    title: String,
    /// Main author, or the statement of responsibility.
    #[pyo3(get)]
    author: String,
    /// Publisher.
    #[pyo3(get)]
    publisher: String,
    /// Publication year, or None.
    #[pyo3(get)]
    year: Option<i64>,
    /// Call number.
    #[pyo3(get)]
    call_number: String,
    /// Relevance score (higher is better; comparable within one search only).
    #[pyo3(get)]
    score: f32,
    /// A short excerpt of the field where the query matched.
    #[pyo3(get)]
    snippet: String,
    /// The matching words in `snippet`, as `(start, end)` string indexes.
    #[pyo3(get)]
    highlights: Vec<(usize, usize)>,
}

#[pymethods]
impl Hit {
    fn __repr__(&self) -> String {
        format!(
            "Hit(catalog_id={}, bibid={:?}, title={:?}, year={}, score={:.3})",
            self.catalog_id,
            self.bibid,
            self.title,
            self.year
                .map_or_else(|| "None".to_string(), |y| y.to_string()),
            self.score
        )
    }
}

/// The answer to `Library.search`: `total` matching records, the page of `hits`, `facets`
/// (facet name -> list of `(value, count)`, empty unless asked for), the `rung` that
/// answered (`"and"`, `"or"` or `"fuzzy"`) and a "did you mean" `suggestion` or None.
/// Iterating gives the hits; `len()` is the number of hits on this page.
#[pyclass(module = "pustaka", name = "SearchResults", frozen)]
pub(crate) struct SearchResults {
    /// How many records match.
    #[pyo3(get)]
    total: usize,
    hits: Vec<Hit>,
    facets: Vec<(String, Vec<(String, u64)>)>,
    /// `"and"`, `"or"` or `"fuzzy"`.
    #[pyo3(get)]
    rung: &'static str,
    /// A rewrite of the query from the index's own words, or None.
    #[pyo3(get)]
    suggestion: Option<String>,
}

#[pymethods]
impl SearchResults {
    /// The page of hits, best first (or in the requested order).
    #[getter]
    fn hits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.hits.iter().cloned())
    }

    /// Facet name -> list of `(value, count)`, most frequent first.
    #[getter]
    fn facets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, values) in &self.facets {
            let list = PyList::empty(py);
            for (value, count) in values {
                list.append(PyTuple::new(
                    py,
                    [
                        value.into_pyobject(py)?.into_any(),
                        count.into_pyobject(py)?.into_any(),
                    ],
                )?)?;
            }
            d.set_item(name, list)?;
        }
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.hits.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.hits.iter().cloned())?
            .into_any()
            .try_iter()?
            .into_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "SearchResults(total={}, hits={}, rung={:?}, suggestion={:?})",
            self.total,
            self.hits.len(),
            self.rung,
            self.suggestion
        )
    }
}

fn convert(r: CoreResults) -> SearchResults {
    let mut facets = Vec::new();
    let mut by_name = r.facets;
    for name in FACETS {
        if let Some(values) = by_name.remove(name) {
            facets.push((
                name.to_string(),
                values.into_iter().map(|v| (v.value, v.count)).collect(),
            ));
        }
    }
    SearchResults {
        total: r.total,
        hits: r
            .hits
            .into_iter()
            .map(|h| Hit {
                catalog_id: h.catalog_id,
                bibid: h.bibid,
                title: h.title,
                author: h.author,
                publisher: h.publisher,
                year: h.year,
                call_number: h.call_number,
                score: h.score,
                snippet: h.snippet,
                highlights: h.highlights,
            })
            .collect(),
        facets,
        rung: r.rung.as_str(),
        suggestion: r.suggestion,
    }
}

/// Facet filters from a dict `{facet: value}` or an iterable of `(facet, value)` pairs.
fn filters(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let pairs: Vec<(String, String)> = if let Ok(d) = value.cast::<PyDict>() {
        d.iter()
            .map(|(k, v)| Ok((k.extract()?, v.extract()?)))
            .collect::<PyResult<_>>()?
    } else {
        value
            .try_iter()?
            .map(|p| p.and_then(|p| p.extract::<(String, String)>()))
            .collect::<PyResult<_>>()?
    };
    for (name, _) in &pairs {
        if !FACETS.contains(&name.as_str()) {
            return Err(QueryError::new_err(format!(
                "unknown facet `{name}`: expected one of {}",
                FACETS.join(", ")
            )));
        }
    }
    Ok(pairs)
}

/// `Library.search(query, limit=10, offset=0, facets=True, sort=None, filters=None)`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn search(
    shared: &Shared,
    py: Python<'_>,
    query: String,
    limit: usize,
    offset: usize,
    facets: bool,
    sort: Option<&str>,
    filter: Option<&Bound<'_, PyAny>>,
) -> PyResult<SearchResults> {
    let sort: Sort = match sort {
        None => Sort::Relevance,
        Some(s) => s
            .parse()
            .map_err(|e: pustaka::search::UnknownSort| QueryError::new_err(e.to_string()))?,
    };
    let mut q = Query::new(query).limit(limit).offset(offset).sort(sort);
    q.facets = facets;
    q.filters = filters(filter)?;
    let results = shared.run(py, move |lib| lib.search(&q))?;
    Ok(convert(results))
}

/// Adds `Hit` and `SearchResults` to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Hit>()?;
    m.add_class::<SearchResults>()?;
    Ok(())
}
