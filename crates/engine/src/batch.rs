//! Running the statements of one batch lazily, one outcome at a time.

use std::collections::VecDeque;

use sqlparser::ast::Statement;
use tds_server::SqlError;

use crate::outcome::Outcome;
use crate::session::Session;

/// The statements of one batch, run one at a time: a statement starts only when the adapter asks
/// for the next outcome, i.e. after the previous result stream was consumed or dropped.
pub struct BatchRun<'a> {
    session: &'a mut Session,
    pending: VecDeque<Statement>,
    error: Option<SqlError>,
}

impl<'a> BatchRun<'a> {
    /// The batch of `session`; a parse error becomes its only outcome.
    pub(crate) fn new(session: &'a mut Session, parsed: Result<Vec<Statement>, SqlError>) -> Self {
        let (pending, error) = match parsed {
            Ok(stmts) => (stmts.into(), None),
            Err(e) => (VecDeque::new(), Some(e)),
        };
        BatchRun {
            session,
            pending,
            error,
        }
    }

    /// The next outcome, or `None` when the batch is finished. After an `Outcome::Error` no
    /// further statement runs.
    pub async fn next(&mut self) -> Option<Outcome> {
        if let Some(e) = self.error.take() {
            return Some(Outcome::Error(e));
        }
        let stmt = self.pending.pop_front()?;
        let outcome = self.session.run_statement(stmt).await;
        if matches!(outcome, Outcome::Error(_)) {
            self.pending.clear();
        }
        Some(outcome)
    }

    /// True when no further outcome will follow (true once the last statement has started).
    pub fn is_last(&self) -> bool {
        self.error.is_none() && self.pending.is_empty()
    }
}
