"""pustaka: a library-automation core in Rust, for Python.

Every error pustaka raises on purpose is a ``PustakaError``.
"""

import datetime
import os
import pathlib
from typing import Any, Iterator, Literal, Mapping, Sequence, TypedDict, Union

from pustaka import inlislite as inlislite
from pustaka import marc as marc
from pustaka.marc import Record

__version__: str

class PustakaError(Exception):
    """Base class of every error pustaka raises."""

class MarcError(PustakaError):
    """A MARC record or input that cannot be read or written.

    Raised by ``pustaka.marc.read`` in strict mode for a record that cannot be read (and
    collected in ``MarcReader.rejected`` in lenient mode), and by writers and
    ``Record.as_marc`` for what a format cannot hold. ``str(err)`` is one sentence with the
    position, e.g. ``"record 7 at byte 10422, field 245: subfield code is not ASCII"``.
    A ``MarcError`` raised by Python code has the class defaults below.
    """

    record_number: int
    """Record number, counting from 1 (0 when the error is not inside a record)."""
    offset: int
    """Byte offset from the start of the input."""
    line: int | None
    """Line number for text formats (MARCXML, JSON, mnemonic), else None."""
    tag: str | None
    """The field's tag when the error is inside a field, else None."""
    kind: str
    """What failed: "RecordLengthInvalid", "TruncatedRecord", "EndOfRecordNotFound",
    "LeaderInvalid", "BaseAddressNotFound", "BaseAddressInvalid", "DirectoryInvalid",
    "DirectoryEntryInvalid", "NoFields", "RecordTooLong", "IndicatorsInvalid",
    "SubfieldCodeInvalid", "InvalidUtf8", "Junk", "Xml", "Json", "Mnemonic", "TagInvalid",
    "Io", "Unwritable" (or "Other")."""
    pymarc_name: str
    """The exception name pymarc 5 gives the same failure (e.g. "RecordDirectoryInvalid",
    "UnicodeDecodeError"), or "Other"."""
    message: str
    """The sentence without the position."""

class NotFound(PustakaError):
    """Something asked for does not exist."""

class Conflict(PustakaError):
    """A change conflicts with the current state."""

class ValidationError(PustakaError):
    """Input that breaks a rule of the data model."""

    field: str | None
    """The field (column) at fault, e.g. "MemberNo", when the core names one."""

class CirculationError(PustakaError):
    """A circulation rule forbids the operation."""

    kind: str
    """The refusal by name: "not_found", "member_inactive", "member_expired",
    "member_suspended", "quota_exceeded", "not_allowed", "not_loanable",
    "item_unavailable", "booked_by_other", "renewal_limit" or "invalid_time"."""
    message: str
    """The sentence with the facts (member, barcode, dates)."""

class QueryError(PustakaError):
    """A search query that cannot be parsed or run."""

    position: int | None
    """For a malformed search query, the byte offset in the query text where it goes wrong
    (None for other query errors, e.g. read-only SQL)."""
    message: str
    """What is wrong, without the position."""

class ImportFailed(PustakaError):
    """An import that could not be completed."""

    kind: str
    """What failed: "dump" (a dump that cannot be read), "v2_dump" (an INLISLite v2-era
    dump), "io" (a file that cannot be opened), or "other"."""
    line: int | None
    """The dump line of the failure, when it has one."""
    column: int | None
    """The dump column (in bytes, from 1) of the failure, when it has one."""
    message: str
    """The sentence."""

At = Union[datetime.datetime, datetime.date, str, None]
"""A time: a datetime (its wall-clock time, to the second), a date (midnight), a string
"YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD HH:MM:SS", or None for now."""

On = Union[datetime.date, str, None]
"""A date: a date (or datetime), a string "YYYY-MM-DD", or None for today."""

CatalogKey = Union[int, str, "Catalog"]
"""A catalog by id (int), by BIBID (str) or as a Catalog."""

class ImportRejection(TypedDict):
    record: int
    """Position of the record in the file, counting from 1."""
    reason: str

class ImportSummary(TypedDict):
    imported: int
    rejected: int
    warnings: int
    seconds: float
    items: int
    complete: bool
    """False when the import stopped at a rejected record (keep_going=False)."""
    rejections: list[ImportRejection]

class Library:
    """A library on disk: a directory holding library.sqlite with INLISLite v3's tables."""

    @staticmethod
    def create(path: str | os.PathLike[str]) -> Library:
        """Creates a new library in directory path (created if missing); Conflict if it
        already holds one."""
    @staticmethod
    def open(path: str | os.PathLike[str]) -> Library:
        """Opens (and migrates) the library in directory path; NotFound if none."""
    @property
    def path(self) -> pathlib.Path: ...
    @property
    def database_path(self) -> pathlib.Path: ...
    @property
    def catalog(self) -> Catalogue: ...
    @property
    def items(self) -> Items: ...
    @property
    def members(self) -> Members: ...
    @property
    def circulation(self) -> Circulation: ...
    @property
    def visits(self) -> Visits:
        """The guest book: check-ins, group visits and visitor counts."""
    @property
    def activities(self) -> Activities:
        """Community activities, participants, stakeholders and impact stories."""
    def report(
        self,
        from_: datetime.date | str,
        to: datetime.date | str,
        by: Literal["day", "month", "year"] = "month",
        population: int | None = None,
    ) -> Report:
        """The periodic report of the days ``from_`` to ``to`` (both included) as a dict
        with the JSON report's keys; ``population`` adds ``indicators``. Raises
        ``ValidationError`` for ``to`` before ``from_``, a bad ``by`` or population 0."""
    def migrations(self) -> list[tuple[int, str]]: ...
    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        facets: bool = True,
        sort: Literal["relevance", "year", "-year", "title"] | None = None,
        filters: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    ) -> SearchResults:
        """Searches the catalogue with the GIL released: words (all required, then any,
        then typo-tolerant), "phrases", field prefixes (judul:/ti:, pengarang:/au:,
        subjek:/su:, penerbit:/pb:, isbn:/nb:, issn:/ns:, tahun:/yr: with 2000..2010,
        bahasa:/ln:, nomor:/callnum:). sort: "relevance" (None), "year" (oldest first),
        "-year" (newest first) or "title". filters: facet values every hit must carry,
        e.g. {"availability": "available"}. A malformed query raises QueryError with
        position."""
    def reindex(self) -> int:
        """Rebuilds the search index from the database; returns the records indexed."""
    def import_marc(
        self,
        path: str | os.PathLike[str],
        worksheet: int = 1,
        lenient: bool = False,
        keep_going: bool = False,
        items_from: str | None = None,
        at: At = None,
        batch_size: int = 1000,
    ) -> ImportSummary:
        """Imports a MARC file (format detected) in batches, with the GIL released.
        items_from is "990" or "952" to create items from those fields. A file that cannot
        be opened is MarcError."""
    def sql(
        self, query: str, params: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Runs one read-only SQL statement on its own read-only connection; rows as dicts.
        A statement that would write, or invalid SQL, raises QueryError."""

class Hit:
    """One search result line."""

    catalog_id: int
    bibid: str
    title: str
    author: str
    publisher: str
    year: int | None
    call_number: str
    score: float
    """Relevance (higher is better; comparable within one search only)."""
    snippet: str
    """A short excerpt of the field where the query matched (title, author, subject or
    notes), at most 160 characters plus "…" where cut."""
    highlights: list[tuple[int, int]]
    """The matching words of snippet as (start, end) string indexes: snippet[start:end]."""

class SearchResults:
    """The answer to Library.search. Iterating gives the hits; len() counts them."""

    total: int
    """How many records match (all pages)."""
    @property
    def hits(self) -> list[Hit]: ...
    @property
    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Facet name ("author", "subject", "year", "decade", "language",
        "material_type", "location", "availability") -> (value, count) pairs, most
        frequent first; empty when facets=False."""
    rung: Literal["and", "or", "fuzzy"]
    """Which rung answered: every word ("and"), some words ("or"), or typo-tolerant."""
    suggestion: str | None
    """A "did you mean" rewrite of the query, when a typo-tolerant match answered."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Hit]: ...

class Catalog:
    """A catalogue record as stored: the catalogs row and the MARC record."""

    id: int
    bibid: str
    control_number: str
    worksheet_id: int
    title: str
    author: str | None
    edition: str | None
    publikasi: str | None
    publisher: str | None
    publish_location: str | None
    publish_year: str | None
    subject: str | None
    physical_description: str | None
    isbn: str | None
    call_number: str | None
    dewey_no: str | None
    note: str | None
    languages: str | None
    is_rda: bool
    create_date: str | None
    update_date: str | None
    @property
    def record(self) -> Record:
        """The MARC record as stored (a new Record on each access)."""

class Catalogue:
    """lib.catalog."""

    def add(self, record: Record | Any, worksheet: int = 1, at: At = None) -> Catalog: ...
    def get(self, id: int) -> Catalog: ...
    def get_by_bibid(self, bibid: str) -> Catalog: ...
    def update(self, id: int, record: Record | Any, at: At = None) -> Catalog: ...
    def delete(self, id: int, at: At = None) -> None: ...
    def restore(self, id: int, at: At = None) -> Catalog: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Catalog]: ...

class CatalogIterator:
    def __iter__(self) -> CatalogIterator: ...
    def __next__(self) -> Catalog: ...

class Item:
    """An item (a collections row)."""

    id: int
    catalog_id: int | None
    barcode: str
    no_induk: str | None
    call_number: str | None
    location_library_id: int | None
    location_id: int | None
    media_id: int | None
    source_id: int | None
    category_id: int | None
    rule_id: int | None
    status_id: int | None
    price: int | None
    currency: str | None
    acquisition_date: str | None
    create_date: str | None

class Items:
    """lib.items."""

    def add(
        self,
        catalog: CatalogKey,
        barcode: str,
        *,
        no_induk: str | None = None,
        call_number: str | None = None,
        location_id: int | None = None,
        location_library_id: int | None = None,
        media_id: int | None = None,
        source_id: int | None = None,
        category_id: int | None = None,
        rule_id: int | None = None,
        status_id: int | None = None,
        price: int | None = None,
        currency: str | None = None,
        acquisition_date: str | None = None,
        at: At = None,
    ) -> Item:
        """Adds an item; a barcode already used is Conflict."""
    def get(self, id: int) -> Item: ...
    def get_by_barcode(self, barcode: str) -> Item: ...
    def for_catalog(self, catalog: CatalogKey) -> list[Item]: ...

class Member:
    """A member (a members row)."""

    id: int
    member_no: str
    name: str
    member_type_id: int
    status_id: int
    register_date: str | None
    end_date: str | None
    email: str | None
    phone: str | None
    address: str | None
    identity_no: str | None
    create_date: str | None

class Members:
    """lib.members."""

    def add(
        self,
        member_no: str,
        name: str,
        member_type: int | str,
        *,
        status: int = 3,
        register_date: On = None,
        end_date: On = None,
        email: str | None = None,
        phone: str | None = None,
        address: str | None = None,
        identity_no: str | None = None,
        create_type: bool = False,
        at: At = None,
    ) -> Member:
        """Adds a member; member_type is a jenis_anggota id or name. A member number
        already used is Conflict; an unknown type name is ValidationError unless
        create_type=True."""
    def get(self, member_no: str) -> Member:
        """The member with that MemberNo; NotFound if none."""
    def get_by_id(self, id: int) -> Member: ...
    def add_type(
        self,
        name: str,
        *,
        validity_days: int = 365,
        max_items: int = 1000,
        max_loan_days: int = 0,
        at: At = None,
    ) -> int: ...
    def types(self) -> list[tuple[int, str]]: ...

class LoanedItem(TypedDict):
    barcode: str
    loan_date: str
    due_date: str

class CheckoutResult(TypedDict):
    loan_id: str
    member_no: str
    items: list[LoanedItem]

class ReturnResult(TypedDict):
    barcode: str
    member_no: str
    returned_at: str
    due_date: str
    late_days: int
    fine: int
    suspension_days: int

class RenewalResult(TypedDict):
    barcode: str
    due_date: str
    renewals: int

class LoanInfo(TypedDict):
    loan_id: str
    barcode: str
    member_no: str
    loan_date: str
    due_date: str
    renewals: int

class BookingResult(TypedDict):
    barcode: str
    member_no: str
    booked_at: str
    expires_at: str

class ReadingResult(TypedDict):
    id: int
    barcode: str
    member_no: str | None
    started_at: str

class FineInfo(TypedDict):
    id: int
    loan_id: str | None
    barcode: str | None
    fine: int
    suspension_days: int
    paid: bool
    created: str | None

class PaymentResult(TypedDict):
    member_no: str
    paid: list[int]
    total: int

class Circulation:
    """lib.circulation. Results have the fields of the CLI's JSON: times
    "YYYY-MM-DDTHH:MM:SS", dates "YYYY-MM-DD", money in rupiah. Refusals raise
    CirculationError with .kind; a malformed `at` is kind "invalid_time"."""

    def checkout(
        self, member_no: str, barcodes: str | Sequence[str], at: At = None, *, dry_run: bool = False
    ) -> CheckoutResult: ...
    def return_item(self, barcode: str, at: At = None) -> ReturnResult: ...
    def renew(self, barcode: str, at: At = None) -> RenewalResult: ...
    def book(self, member_no: str, barcode: str, at: At = None) -> BookingResult: ...
    def read_in_place(
        self, barcode: str, at: At = None, *, member_no: str | None = None
    ) -> ReadingResult: ...
    def return_read_in_place(self, barcode: str, at: At = None) -> ReadingResult: ...
    def loans(self, member_no: str) -> list[LoanInfo]: ...
    def overdue(self, on: On = None) -> list[LoanInfo]: ...
    def fines(self, member_no: str) -> list[FineInfo]: ...
    def pay(
        self,
        member_no: str,
        *,
        violations: Sequence[int] | None = None,
        amount: int | None = None,
        at: At = None,
    ) -> PaymentResult: ...

__all__ = [
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
    "SearchResults",
    "ValidationError",
    "__version__",
    "inlislite",
    "marc",
]

_Date = Union[datetime.date, str]
_Time = Union[datetime.datetime, datetime.date, str, None]

class CheckIn(TypedDict):
    id: int
    """``memberguesses.ID`` of the saved row (or of the member's earlier row that day)."""
    counted: bool
    """False when a member already checked in that day and members count once a day."""

class Visits:
    """A library's guest book (INLISLite's ``memberguesses``, ``groupguesses``,
    ``tujuan_kunjungan``), as ``Library.visits``."""

    def add(
        self,
        *,
        member_no: str | None = None,
        name: str | None = None,
        gender_id: int | None = None,
        occupation_id: int | None = None,
        education_id: int | None = None,
        address: str | None = None,
        purpose_id: int | None = None,
        information: str | None = None,
        location_id: int | None = None,
        library_id: int | None = None,
        visitor_no: str | None = None,
        description: str | None = None,
        terminal: str | None = None,
        at: _Time = None,
    ) -> CheckIn:
        """Checks a member (``member_no``) or non-member (``name``, ``gender_id``,
        ``address`` required) in."""
    def add_group(
        self,
        leader_name: str,
        institution: str,
        institution_address: str,
        persons: int,
        *,
        occupation: Mapping[str, int] | None = None,
        education: Mapping[str, int] | None = None,
        men: int = 0,
        women: int = 0,
        leader_phone: str | None = None,
        institution_phone: str | None = None,
        institution_email: str | None = None,
        information: str | None = None,
        visitor_no: str | None = None,
        terminal: str | None = None,
        purpose_id: int | None = None,
        location_id: int | None = None,
        library_id: int | None = None,
        at: _Time = None,
    ) -> int:
        """Records a group visit and returns ``groupguesses.ID``. ``occupation`` keys: pns,
        swasta, peneliti, guru, dosen, pensiunan, tni, wiraswasta, pelajar, mahasiswa,
        lainnya; ``education`` keys: sd, smp, sma, d1, d2, d3, s1, s2, s3. Each set and
        ``men + women`` must add up to ``persons`` (else ``ValidationError``)."""
    def count(
        self, since: _Date, until: _Date, by: Literal["day", "month", "year"] | None = None
    ) -> Any:
        """Visitor figures of the days ``since`` to ``until``: one dict, or with ``by`` a
        list of ``{"label", "from", "to", "visits"}``."""
    def add_purpose(
        self,
        code: str,
        label: str,
        *,
        member: bool = True,
        non_member: bool = True,
        group: bool = True,
        at: _Time = None,
    ) -> int: ...
    def purposes(self) -> list[dict[str, Any]]: ...
    @property
    def counts_every_checkin(self) -> bool: ...
    def set_counts_every_checkin(self, every: bool, *, at: _Time = None) -> None: ...

class Activities:
    """A library's community activities and impact stories, as ``Library.activities``."""

    def add(
        self,
        title: str,
        strategy: str,
        activity_type: str,
        start: _Date,
        end: _Date,
        participants: int,
        *,
        description: str | None = None,
        venue: str | None = None,
        funding_source: str | None = None,
        impact_areas: Sequence[str] | None = None,
        outside_library: bool = False,
        tallies: Mapping[str, Mapping[str, int]] | None = None,
        roster: Sequence[Mapping[str, Any]] | None = None,
        stakeholders: Sequence[Mapping[str, Any]] | None = None,
        attachments: Sequence[Mapping[str, Any]] | None = None,
        library_id: int | None = None,
        at: _Time = None,
    ) -> dict[str, Any]:
        """Documents an activity and returns it as a dict."""
    def get(self, id: int) -> dict[str, Any]: ...
    def list(self, since: _Date | None = None, until: _Date | None = None) -> list[dict[str, Any]]: ...
    def add_story(
        self,
        impact_area: str,
        beneficiary_alias: str,
        benefit: str,
        *,
        activity_id: int | None = None,
        evidence: str | None = None,
        outcome: Mapping[str, Any] | None = None,
        publications: Sequence[Mapping[str, Any]] | None = None,
        attachments: Sequence[Mapping[str, Any]] | None = None,
        consent: bool = False,
        at: _Time = None,
    ) -> dict[str, Any]:
        """Records an impact story and returns it as a dict."""
    def story(self, id: int) -> dict[str, Any]: ...
    def codes(self, list: str) -> dict[str, str]: ...
    def add_code(self, list: str, code: str, label: str) -> None: ...

class Report(dict[str, Any]):
    """A periodic report: a dict with the JSON report's keys."""

    def to_html(self, path: str | os.PathLike[str] | None = None) -> Any:
        """Writes the self-contained HTML page to ``path`` and returns it as a
        ``pathlib.Path``; without ``path`` returns the HTML text."""

def report_to_html(
    report: Mapping[str, Any], path: str | os.PathLike[str] | None = None
) -> Any:
    """Renders a report dict as one self-contained HTML page (see ``Report.to_html``)."""
