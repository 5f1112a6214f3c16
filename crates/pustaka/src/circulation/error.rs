//! Why circulation refused something, by a name from a fixed list.

use std::fmt;

/// The reason a circulation operation was refused. The names returned by
/// [`CirculationErrorKind::name`] are a contract: command lines print them and bindings
/// raise them, so they never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CirculationErrorKind {
    /// The member, item or open loan does not exist.
    NotFound,
    /// The member's `StatusAnggota_id` is not 3 (active) nor 5 (suspended).
    MemberInactive,
    /// The member's `EndDate` has passed.
    MemberExpired,
    /// The member is suspended: status 5, or a `pelanggaran` suspension still running.
    MemberSuspended,
    /// The member already has as many items on loan as the rules allow.
    QuotaExceeded,
    /// The member may not borrow this item's category or from its location, or may not
    /// renew an overdue item.
    NotAllowed,
    /// The item's `Rule_id` does not allow lending.
    NotLoanable,
    /// The item is not available (`Status_id` is not 1), or is named twice in one checkout.
    ItemUnavailable,
    /// The item is booked by another member and the booking has not expired.
    BookedByOther,
    /// The loan has been renewed as often as the rules allow, or already today.
    RenewalLimit,
    /// The time given is before the loan it acts on.
    InvalidTime,
}

impl CirculationErrorKind {
    /// Every kind, in the order of the contract.
    pub const ALL: [CirculationErrorKind; 11] = [
        CirculationErrorKind::NotFound,
        CirculationErrorKind::MemberInactive,
        CirculationErrorKind::MemberExpired,
        CirculationErrorKind::MemberSuspended,
        CirculationErrorKind::QuotaExceeded,
        CirculationErrorKind::NotAllowed,
        CirculationErrorKind::NotLoanable,
        CirculationErrorKind::ItemUnavailable,
        CirculationErrorKind::BookedByOther,
        CirculationErrorKind::RenewalLimit,
        CirculationErrorKind::InvalidTime,
    ];

    /// The kind's name: `not_found`, `member_inactive`, ...
    pub fn name(self) -> &'static str {
        match self {
            CirculationErrorKind::NotFound => "not_found",
            CirculationErrorKind::MemberInactive => "member_inactive",
            CirculationErrorKind::MemberExpired => "member_expired",
            CirculationErrorKind::MemberSuspended => "member_suspended",
            CirculationErrorKind::QuotaExceeded => "quota_exceeded",
            CirculationErrorKind::NotAllowed => "not_allowed",
            CirculationErrorKind::NotLoanable => "not_loanable",
            CirculationErrorKind::ItemUnavailable => "item_unavailable",
            CirculationErrorKind::BookedByOther => "booked_by_other",
            CirculationErrorKind::RenewalLimit => "renewal_limit",
            CirculationErrorKind::InvalidTime => "invalid_time",
        }
    }
}

/// A circulation refusal: its kind and a sentence with the facts (member, barcode, dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CirculationError {
    kind: CirculationErrorKind,
    message: String,
}

impl CirculationError {
    /// A refusal of this kind with this message.
    pub fn new(kind: CirculationErrorKind, message: impl Into<String>) -> Self {
        CirculationError {
            kind,
            message: message.into(),
        }
    }

    /// The kind's name, one of the contract's list (`not_found`, `member_inactive`, ...).
    pub fn kind(&self) -> &'static str {
        self.kind.name()
    }

    /// The kind as an enum.
    pub fn error_kind(&self) -> CirculationErrorKind {
        self.kind
    }

    /// The sentence describing the refusal.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CirculationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.kind.name())
    }
}

impl std::error::Error for CirculationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_names_are_the_contract_list() {
        let names: Vec<&str> = CirculationErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(
            names,
            [
                "not_found",
                "member_inactive",
                "member_expired",
                "member_suspended",
                "quota_exceeded",
                "not_allowed",
                "not_loanable",
                "item_unavailable",
                "booked_by_other",
                "renewal_limit",
                "invalid_time"
            ]
        );
    }
}
