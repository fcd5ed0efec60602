//! System (catalog) procedures: `sp_tables`, `sp_columns`, `sp_pkeys`, `sp_server_info`, … with
//! result sets shaped exactly as SQL Server documents them, because ODBC, JDBC and jTDS bind
//! them by position and type. Reached from `EXEC` in SQL batches and, by name, from RPC.

mod args;
mod columns;
mod context;
mod datatype;
mod keys;
mod managed;
mod odbc;
mod registry;
mod result;
mod server;
mod tables;

#[cfg(test)]
mod tests;

pub use args::ProcArg;
pub use registry::call;

use sqlparser::ast::{Expr, ObjectName};
use tds_server::SqlError;

use crate::outcome::Outcome;
use crate::session::Session;

/// The procedure name as written, without brackets (`dbo.sp_x`), for lookup and error text.
fn spelled(name: &ObjectName) -> String {
    name.0
        .iter()
        .map(|p| {
            p.as_ident()
                .map_or_else(|| p.to_string(), |i| i.value.clone())
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Answers `EXEC name args` in a SQL batch: the procedure's first result set (every procedure
/// here returns exactly one).
pub(crate) fn exec_statement(
    session: &Session,
    name: &ObjectName,
    parameters: &[Expr],
) -> Result<Outcome, SqlError> {
    let name = spelled(name);
    let args = args::from_exprs(parameters)?;
    let mut outcomes = call(session, &name, &args)?;
    Ok(if outcomes.is_empty() {
        Outcome::Done {
            rows_affected: None,
        }
    } else {
        outcomes.swap_remove(0)
    })
}
