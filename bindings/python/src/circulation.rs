//! `lib.circulation`: checkouts, returns, renewals, bookings, reading in place and fines,
//! over `pustaka::circulation`. Results are dicts with the fields (and value forms) of the
//! CLI's JSON (`pustaka loan ... --json`): times `YYYY-MM-DDTHH:MM:SS`, dates
//! `YYYY-MM-DD`, money in whole rupiah. Refusals raise `pustaka.CirculationError` with the
//! core's `kind`.

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use pustaka::circulation::{
    Booking, Checkout, Loan, Payment, PaymentReceipt, Reading, Renewal, Return, Violation,
};

use crate::library::Shared;
use crate::time::{date, invalid_circulation, iso, timestamp};

/// `lib.circulation`.
#[pyclass(module = "pustaka", name = "Circulation", frozen)]
pub(crate) struct Circulation {
    shared: Arc<Shared>,
}

impl Circulation {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Circulation { shared }
    }
}

fn checkout_dict<'py>(py: Python<'py>, c: &Checkout) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("loan_id", &c.loan_id)?;
    d.set_item("member_no", &c.member_no)?;
    let items = PyList::empty(py);
    for i in &c.items {
        let it = PyDict::new(py);
        it.set_item("barcode", &i.barcode)?;
        it.set_item("loan_date", iso(&i.loan_date))?;
        it.set_item("due_date", i.due_date.to_string())?;
        items.append(it)?;
    }
    d.set_item("items", items)?;
    Ok(d)
}

fn return_dict<'py>(py: Python<'py>, r: &Return) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("barcode", &r.barcode)?;
    d.set_item("member_no", &r.member_no)?;
    d.set_item("returned_at", iso(&r.returned_at))?;
    d.set_item("due_date", r.due_date.to_string())?;
    d.set_item("late_days", r.late_days)?;
    d.set_item("fine", r.fine)?;
    d.set_item("suspension_days", r.suspension_days)?;
    Ok(d)
}

fn renewal_dict<'py>(py: Python<'py>, r: &Renewal) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("barcode", &r.barcode)?;
    d.set_item("due_date", r.due_date.to_string())?;
    d.set_item("renewals", r.renewals)?;
    Ok(d)
}

fn loan_dict<'py>(py: Python<'py>, l: &Loan) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("loan_id", &l.loan_id)?;
    d.set_item("barcode", &l.barcode)?;
    d.set_item("member_no", &l.member_no)?;
    d.set_item("loan_date", iso(&l.loan_date))?;
    d.set_item("due_date", l.due_date.to_string())?;
    d.set_item("renewals", l.renewals)?;
    Ok(d)
}

fn violation_dict<'py>(py: Python<'py>, v: &Violation) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", v.id)?;
    d.set_item("loan_id", &v.loan_id)?;
    d.set_item("barcode", &v.barcode)?;
    d.set_item("fine", v.fine)?;
    d.set_item("suspension_days", v.suspension_days)?;
    d.set_item("paid", v.paid)?;
    d.set_item("created", &v.created)?;
    Ok(d)
}

fn booking_dict<'py>(py: Python<'py>, b: &Booking) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("barcode", &b.barcode)?;
    d.set_item("member_no", &b.member_no)?;
    d.set_item("booked_at", iso(&b.booked_at))?;
    d.set_item("expires_at", iso(&b.expires_at))?;
    Ok(d)
}

fn reading_dict<'py>(py: Python<'py>, r: &Reading) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", r.id)?;
    d.set_item("barcode", &r.barcode)?;
    d.set_item("member_no", &r.member_no)?;
    d.set_item("started_at", iso(&r.started_at))?;
    Ok(d)
}

fn receipt_dict<'py>(
    py: Python<'py>,
    member_no: &str,
    r: &PaymentReceipt,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("member_no", member_no)?;
    d.set_item("paid", r.paid.clone())?;
    d.set_item("total", r.total)?;
    Ok(d)
}

fn loans_list<'py>(py: Python<'py>, loans: &[Loan]) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for l in loans {
        out.append(loan_dict(py, l)?)?;
    }
    Ok(out)
}

/// One barcode (a str) or an iterable of them.
fn barcodes(value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    let mut out = Vec::new();
    for item in value
        .try_iter()
        .map_err(|_| PyTypeError::new_err("barcodes must be a str or an iterable of str"))?
    {
        out.push(item?.extract::<String>()?);
    }
    Ok(out)
}

#[pymethods]
impl Circulation {
    /// Lends items (one barcode or a list) to a member under one loan; all or nothing.
    /// `dry_run=True` runs every check and computes the loan without writing.
    /// Returns `{"loan_id", "member_no", "items": [{"barcode", "loan_date", "due_date"}]}`.
    #[pyo3(signature = (member_no, barcodes, at=None, *, dry_run=false))]
    fn checkout<'py>(
        &self,
        py: Python<'py>,
        member_no: String,
        barcodes: &Bound<'py, PyAny>,
        at: Option<&Bound<'py, PyAny>>,
        dry_run: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let codes = self::barcodes(barcodes)?;
        let at = timestamp(py, at, invalid_circulation)?;
        let done = self.shared.run(py, |l| {
            let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
            if dry_run {
                l.circulation().checkout_dry_run(&member_no, &refs, at)
            } else {
                l.circulation().checkout(&member_no, &refs, at)
            }
        })?;
        checkout_dict(py, &done)
    }

    /// Takes an item back. Returns `{"barcode", "member_no", "returned_at", "due_date",
    /// "late_days", "fine", "suspension_days"}`.
    #[pyo3(signature = (barcode, at=None))]
    fn return_item<'py>(
        &self,
        py: Python<'py>,
        barcode: String,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = timestamp(py, at, invalid_circulation)?;
        let done = self
            .shared
            .run(py, |l| l.circulation().return_item(&barcode, at))?;
        return_dict(py, &done)
    }

    /// Renews the open loan of an item. Returns `{"barcode", "due_date", "renewals"}`.
    #[pyo3(signature = (barcode, at=None))]
    fn renew<'py>(
        &self,
        py: Python<'py>,
        barcode: String,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = timestamp(py, at, invalid_circulation)?;
        let done = self
            .shared
            .run(py, |l| l.circulation().renew(&barcode, at))?;
        renewal_dict(py, &done)
    }

    /// Books an available item for a member. Returns `{"barcode", "member_no",
    /// "booked_at", "expires_at"}`.
    #[pyo3(signature = (member_no, barcode, at=None))]
    fn book<'py>(
        &self,
        py: Python<'py>,
        member_no: String,
        barcode: String,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = timestamp(py, at, invalid_circulation)?;
        let done = self
            .shared
            .run(py, |l| l.circulation().book(&member_no, &barcode, at))?;
        booking_dict(py, &done)
    }

    /// Starts reading an item in the library (by `member_no`, or by a visitor). Returns
    /// `{"id", "barcode", "member_no", "started_at"}`.
    #[pyo3(signature = (barcode, at=None, *, member_no=None))]
    fn read_in_place<'py>(
        &self,
        py: Python<'py>,
        barcode: String,
        at: Option<&Bound<'py, PyAny>>,
        member_no: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = timestamp(py, at, invalid_circulation)?;
        let done = self.shared.run(py, |l| {
            l.circulation()
                .read_in_place(&barcode, member_no.as_deref(), at)
        })?;
        reading_dict(py, &done)
    }

    /// Ends the reading in place of an item. Returns the reading as `read_in_place` does.
    #[pyo3(signature = (barcode, at=None))]
    fn return_read_in_place<'py>(
        &self,
        py: Python<'py>,
        barcode: String,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let at = timestamp(py, at, invalid_circulation)?;
        let done = self
            .shared
            .run(py, |l| l.circulation().return_read_in_place(&barcode, at))?;
        reading_dict(py, &done)
    }

    /// A member's open loans, oldest first: `[{"loan_id", "barcode", "member_no",
    /// "loan_date", "due_date", "renewals"}]`.
    fn loans<'py>(&self, py: Python<'py>, member_no: String) -> PyResult<Bound<'py, PyList>> {
        let loans = self.shared.run(py, |l| l.circulation().loans(&member_no))?;
        loans_list(py, &loans)
    }

    /// The open loans overdue on `on` (due before it; default today), by due date.
    #[pyo3(signature = (on=None))]
    fn overdue<'py>(
        &self,
        py: Python<'py>,
        on: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let on = date(py, on, invalid_circulation)?;
        let loans = self.shared.run(py, |l| l.circulation().overdue(on))?;
        loans_list(py, &loans)
    }

    /// A member's unpaid fines (`pelanggaran`), oldest first: `[{"id", "loan_id",
    /// "barcode", "fine", "suspension_days", "paid", "created"}]`.
    fn fines<'py>(&self, py: Python<'py>, member_no: String) -> PyResult<Bound<'py, PyList>> {
        let fines = self
            .shared
            .run(py, |l| l.circulation().unpaid_fines(&member_no))?;
        let out = PyList::empty(py);
        for v in &fines {
            out.append(violation_dict(py, v)?)?;
        }
        Ok(out)
    }

    /// Pays fines: the violations named (`pelanggaran` ids), else as many whole fines as
    /// `amount` covers (oldest first), else every unpaid fine. Returns `{"member_no",
    /// "paid": [ids], "total"}`.
    #[pyo3(signature = (member_no, *, violations=None, amount=None, at=None))]
    fn pay<'py>(
        &self,
        py: Python<'py>,
        member_no: String,
        violations: Option<Vec<i64>>,
        amount: Option<i64>,
        at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let payment = match (violations, amount) {
            (Some(_), Some(_)) => {
                return Err(crate::error::ValidationError::new_err(
                    "invalid payment: give violations or amount, not both",
                ))
            }
            (Some(ids), None) => Payment::Violations(ids),
            (None, Some(amount)) => Payment::Amount(amount),
            (None, None) => Payment::All,
        };
        let at = timestamp(py, at, invalid_circulation)?;
        let receipt = self
            .shared
            .run(py, |l| l.circulation().pay(&member_no, &payment, at))?;
        receipt_dict(py, &member_no, &receipt)
    }
}

/// Adds the class to the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Circulation>()
}
