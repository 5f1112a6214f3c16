"""pustaka: a library-automation core in Rust, for Python.

``pustaka.marc`` reads and writes MARC 21 records (ISO 2709, MARCXML, MARC-in-JSON,
MarcEdit mnemonic) with the shape of pymarc 5's API, so that pymarc scripts port with an
import change. ``pustaka.Library`` is a library on disk with INLISLite v3's tables: its
catalogue, items, members and circulation, MARC import, catalogue search
(``Library.search``) and read-only SQL. Every error
pustaka raises on purpose is a ``pustaka.PustakaError``.
"""

from pustaka._pustaka import (
    Catalog,
    Catalogue,
    Circulation,
    CirculationError,
    Conflict,
    Hit,
    ImportFailed,
    Item,
    Items,
    Library,
    MarcError,
    Member,
    Members,
    NotFound,
    PustakaError,
    QueryError,
    SearchResults,
    ValidationError,
    __version__,
)
from pustaka import marc
from pustaka import inlislite
from pustaka._pustaka import Activities, Visits
from pustaka._pustaka import _report_html


def report_to_html(report, path=None):
    """Renders a report dict (``Library.report``'s, or one read back from its JSON) as one
    self-contained HTML page with charts, readable offline and on a phone. Writes it to
    ``path`` (UTF-8) and returns the path as a ``pathlib.Path``; without ``path`` returns
    the HTML text."""
    import json
    import pathlib

    html = _report_html(json.dumps(report))
    if path is None:
        return html
    path = pathlib.Path(path)
    path.write_text(html, encoding="utf-8")
    return path


class Report(dict):
    """A library's periodic report: a dict with the keys of the JSON report (``period``,
    ``by``, ``visits``, ``members``, ``circulation``, ``collection``, ``activities``,
    ``indicators``, ``series``), as ``Library.report`` returns it."""

    __slots__ = ()

    def to_html(self, path=None):
        """Writes the report as one self-contained HTML page to ``path`` and returns the
        path; without ``path`` returns the HTML text (see ``report_to_html``)."""
        return report_to_html(self, path)

    def __repr__(self):
        period = self.get("period") or {}
        return "<pustaka.Report {} to {} by {}>".format(
            period.get("from"), period.get("to"), self.get("by")
        )


__all__ = [
    "Activities",
    "Catalog",
    "Catalogue",
    "Circulation",
    "CirculationError",
    "Conflict",
    "Hit",
    "ImportFailed",
    "Item",
    "Items",
    "Library",
    "MarcError",
    "Member",
    "Members",
    "NotFound",
    "PustakaError",
    "QueryError",
    "Report",
    "SearchResults",
    "ValidationError",
    "Visits",
    "__version__",
    "inlislite",
    "marc",
    "report_to_html",
]
