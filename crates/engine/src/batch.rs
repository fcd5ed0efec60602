//! Running the statements of one batch lazily, one outcome at a time.

use std::collections::VecDeque;

use datafusion::common::ScalarValue;
use sqlparser::ast::Statement;
use tds_server::SqlError;

use crate::hooks::control::{self, Step};
use crate::outcome::Outcome;
use crate::rpc::declare::Declared;
use crate::session::Session;

/// Statements one batch may run, counting those `IF` and `EXEC('…')` add: a bound on hostile
/// or self-expanding input.
const MAX_STATEMENTS: usize = 10_000;

/// The statements of one batch, run one at a time: a statement starts only when the adapter asks
/// for the next outcome, i.e. after the previous result stream was consumed or dropped.
pub struct BatchRun<'a> {
    session: &'a mut Session,
    pending: VecDeque<Statement>,
    error: Option<SqlError>,
    started: usize,
}

impl<'a> BatchRun<'a> {
    /// The batch of `session`; a parse error becomes its only outcome. Local variables of the
    /// previous batch are gone.
    pub(crate) fn new(session: &'a mut Session, parsed: Result<Vec<Statement>, SqlError>) -> Self {
        Self::with_variables(session, parsed, Vec::new())
    }

    /// A batch that starts with `variables` declared (the OUTPUT parameters of an RPC call).
    pub(crate) fn with_variables(
        session: &'a mut Session,
        parsed: Result<Vec<Statement>, SqlError>,
        variables: Vec<(Declared, ScalarValue)>,
    ) -> Self {
        session.begin_batch();
        for (declared, value) in variables {
            session.locals_mut().bind(declared, value);
        }
        let (pending, error) = match parsed {
            Ok(stmts) => (stmts.into(), None),
            Err(e) => (VecDeque::new(), Some(e)),
        };
        BatchRun {
            session,
            pending,
            error,
            started: 0,
        }
    }

    /// The next outcome, or `None` when the batch is finished. After an `Outcome::Error` no
    /// further statement runs.
    pub async fn next(&mut self) -> Option<Outcome> {
        if let Some(e) = self.error.take() {
            return Some(Outcome::Error(e));
        }
        loop {
            let stmt = self.pending.pop_front()?;
            self.started += 1;
            if self.started > MAX_STATEMENTS {
                self.pending.clear();
                return Some(Outcome::Error(control::too_many_statements()));
            }
            match control::step(&mut *self.session, stmt).await {
                Step::Outcome(outcome) => {
                    if matches!(outcome, Outcome::Error(_)) {
                        self.pending.clear();
                    }
                    return Some(outcome);
                }
                // IF and EXEC('…') run their statements next, in place.
                Step::Inline(stmts) => {
                    for s in stmts.into_iter().rev() {
                        self.pending.push_front(s);
                    }
                }
                // DECLARE and SET @v produce nothing a client sees.
                Step::Nothing => {}
            }
        }
    }

    /// True when no further outcome will follow (true once the last statement has started).
    pub fn is_last(&self) -> bool {
        self.error.is_none() && self.pending.is_empty()
    }
}
