//! Python strings made once: every numeric tag and every ASCII character.
//!
//! Tags and subfield codes repeat in every record; handing out the same string object
//! costs one reference-count increment instead of an allocation.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;

static ASCII: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
static TAGS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

fn ascii_table(py: Python<'_>) -> &Vec<Py<PyString>> {
    ASCII.get_or_init(py, || {
        (0u8..128)
            .map(|b| {
                let c = [b];
                let s = std::str::from_utf8(&c).unwrap_or(" ");
                PyString::intern(py, s).unbind()
            })
            .collect()
    })
}

fn tag_table(py: Python<'_>) -> &Vec<Py<PyString>> {
    TAGS.get_or_init(py, || {
        (0..1000)
            .map(|n| PyString::intern(py, &format!("{n:03}")).unbind())
            .collect()
    })
}

/// A one-character string for a byte; non-ASCII bytes are read as Latin-1.
pub(crate) fn byte_str(py: Python<'_>, b: u8) -> Bound<'_, PyString> {
    match ascii_table(py).get(usize::from(b)) {
        Some(s) => s.bind(py).clone(),
        None => PyString::new(py, char::from(b).encode_utf8(&mut [0u8; 4])),
    }
}

/// A one-character string for a char.
pub(crate) fn char_str(py: Python<'_>, c: char) -> Bound<'_, PyString> {
    if c.is_ascii() {
        byte_str(py, c as u8)
    } else {
        PyString::new(py, c.encode_utf8(&mut [0u8; 4]))
    }
}

/// The string for a tag's bytes: shared for numeric tags, interned for others.
pub(crate) fn tag_str<'py>(py: Python<'py>, tag: &[u8]) -> Bound<'py, PyString> {
    if let [a, b, c] = tag {
        if tag.iter().all(u8::is_ascii_digit) {
            let n =
                usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0');
            if let Some(s) = tag_table(py).get(n) {
                return s.bind(py).clone();
            }
        }
    }
    PyString::intern(py, &String::from_utf8_lossy(tag))
}

/// Python's `str.strip()` with no argument: Unicode white space plus the four ASCII
/// information separators (0x1C-0x1F) that Python also counts as white space.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// An iterator that yields exactly `len` items, padding with `None` if the inner one ends
/// early, so that `PyList::new` (which requires an exact length) can never fail on it.
pub(crate) struct Exact<'py, I> {
    pub inner: I,
    pub left: usize,
    pub py: Python<'py>,
}

impl<'py, I: Iterator<Item = Bound<'py, PyAny>>> Iterator for Exact<'py, I> {
    type Item = Bound<'py, PyAny>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(
            self.inner
                .next()
                .unwrap_or_else(|| self.py.None().into_bound(self.py)),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<'py, I: Iterator<Item = Bound<'py, PyAny>>> ExactSizeIterator for Exact<'py, I> {}
