//! `@@NAME` system variables must be ones the session provides; `@name` local variables need a
//! DECLARE, which vtds does not run yet. Both fail like SQL Server (137) before planning.

use sqlparser::ast::{Expr, Statement};
use tds_server::{ErrorKind, SqlError};

use super::{for_each_expr, RewriteContext, RewriteRule};
use crate::hooks::variables::is_system_variable;

/// Validates variable references.
pub(crate) struct CheckVariables;

fn undeclared(name: &str) -> SqlError {
    SqlError::new(
        ErrorKind::UndeclaredVariable,
        format!("Must declare the scalar variable \"{name}\"."),
    )
}

impl RewriteRule for CheckVariables {
    fn name(&self) -> &'static str {
        "check_variables"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        for_each_expr(stmt, |e| match e {
            Expr::Identifier(id) if id.quote_style.is_none() && id.value.starts_with('@') => {
                if is_system_variable(&id.value) {
                    Ok(())
                } else {
                    Err(undeclared(&id.value))
                }
            }
            _ => Ok(()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    #[test]
    fn unknown_variables_are_137() {
        assert!(with_rule(&CheckVariables, "SELECT @@VERSION, @@spid").is_ok());
        let e = with_rule(&CheckVariables, "SELECT @@NOPE").unwrap_err();
        assert_eq!(
            (e.number(), e.message.as_str()),
            (137, "Must declare the scalar variable \"@@NOPE\".")
        );
        assert_eq!(
            with_rule(&CheckVariables, "SELECT @x")
                .unwrap_err()
                .number(),
            137
        );
    }
}
