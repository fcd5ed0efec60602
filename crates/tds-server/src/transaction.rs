//! Transaction manager requests [2.2.6.9] answered as SQL Server does. Nothing is transactional
//! in vtds, but the protocol dance must be exact: pytds and pyodbc re-send TM_BEGIN_XACT until
//! they see ENVCHANGE(8), and tedious/tiberius/SqlClient track the descriptor it carries and
//! echo it in every later ALL_HEADERS.

use tds_proto::tm::TmRequest;
use tds_proto::token::EnvChange;

use crate::response::ResponseWriter;
use crate::sql_error::{ErrorKind, SqlError};

/// One connection's transaction descriptor state.
#[derive(Debug, Clone, Default)]
pub(crate) struct TransactionState {
    /// The open transaction's descriptor.
    current: Option<[u8; 8]>,
    /// Transactions begun on this connection, to make each descriptor unique.
    started: u32,
    /// Nesting level, as `@@TRANCOUNT` would show it.
    level: i32,
}

impl TransactionState {
    /// Starts a transaction; returns the new descriptor when one was opened (not when nested).
    /// Descriptors are non-zero: the SPID in the high half, a per-connection counter below.
    pub(crate) fn begin(&mut self, spid: u16) -> Option<[u8; 8]> {
        self.level = self.level.saturating_add(1);
        if self.current.is_some() {
            return None;
        }
        self.started = self.started.wrapping_add(1).max(1);
        let d = ((u64::from(spid) << 32) | u64::from(self.started)).to_le_bytes();
        self.current = Some(d);
        Some(d)
    }

    /// Ends the transaction (outermost COMMIT or any ROLLBACK); returns the closed descriptor.
    pub(crate) fn end(&mut self, rollback: bool) -> Option<[u8; 8]> {
        if !rollback && self.level > 1 {
            self.level -= 1;
            return None;
        }
        self.level = 0;
        self.current.take()
    }

    /// The open transaction's descriptor.
    pub(crate) fn current(&self) -> Option<[u8; 8]> {
        self.current
    }

    /// Nesting level.
    pub(crate) fn level(&self) -> i32 {
        self.level
    }
}

/// Answers a transaction manager request: ENVCHANGE 8 (begin, new descriptor), 9 (commit) or
/// 10 (rollback, old = descriptor), a new ENVCHANGE 8 when the request asks to begin again,
/// then DONE. COMMIT/ROLLBACK without a transaction are acknowledged silently, as drivers with
/// autocommit off send them unconditionally. Distributed (DTC) requests are errors.
pub fn answer_transaction_request(request: &TmRequest, out: &mut ResponseWriter) {
    let next = match request {
        TmRequest::Begin(_) => {
            out.begin_transaction();
            None
        }
        TmRequest::Commit { begin, .. } => {
            out.end_transaction(false);
            begin.as_ref()
        }
        TmRequest::Rollback { name, begin } => {
            // A named rollback to a savepoint keeps the transaction open.
            if name.is_empty() || out.transaction_level() == 0 {
                out.end_transaction(true);
            }
            begin.as_ref()
        }
        TmRequest::Save { .. } => None,
        TmRequest::Distributed(_) => {
            out.error(&SqlError::new(
                ErrorKind::NotSupported,
                "Distributed transactions are not supported by this server.",
            ));
            out.done_error(false);
            return;
        }
    };
    if next.is_some() {
        out.begin_transaction();
    }
    out.done(false, None);
}

impl ResponseWriter {
    /// Begins a transaction, appending ENVCHANGE(8) with a fresh descriptor unless one is open.
    pub fn begin_transaction(&mut self) {
        let spid = self.spid();
        if let Some(d) = self.transactions().begin(spid) {
            EnvChange::BeginTransaction(d).encode(self.buffer());
        }
    }

    /// Commits (`rollback == false`) or rolls back the transaction, appending ENVCHANGE 9 or 10
    /// when the outermost level ends.
    pub fn end_transaction(&mut self, rollback: bool) {
        if let Some(d) = self.transactions().end(rollback) {
            let change = if rollback {
                EnvChange::RollbackTransaction(d)
            } else {
                EnvChange::CommitTransaction(d)
            };
            change.encode(self.buffer());
        }
    }

    /// The open transaction's descriptor, if any.
    pub fn transaction_descriptor(&self) -> Option<[u8; 8]> {
        self.transactions_ref().current()
    }

    /// The transaction nesting level (`@@TRANCOUNT`).
    pub fn transaction_level(&self) -> i32 {
        self.transactions_ref().level()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_are_unique_non_zero_and_nest() {
        let mut t = TransactionState::default();
        let d1 = t.begin(51).unwrap();
        assert_ne!(d1, [0; 8]);
        assert_eq!(t.begin(51), None);
        assert_eq!(t.level(), 2);
        assert_eq!(t.end(false), None);
        assert_eq!(t.end(false), Some(d1));
        assert_eq!(t.current(), None);
        let d2 = t.begin(51).unwrap();
        assert_ne!(d1, d2);
        assert_eq!(t.end(true), Some(d2));
        assert_eq!(t.end(true), None);
        assert_eq!(t.level(), 0);
    }
}
