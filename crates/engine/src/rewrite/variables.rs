//! `@@NAME` system variables must be ones the session provides; `@name` local variables must be
//! declared in the batch (`DECLARE`) and become literals of their current value. Anything else
//! fails like SQL Server (137) before planning.

use sqlparser::ast::{Expr, Statement};
use tds_server::SqlError;

use super::{for_each_expr, RewriteContext, RewriteRule};
use crate::hooks::locals::{literal, undeclared};
use crate::hooks::variables::is_system_variable;

/// Validates variable references and binds local variables.
pub(crate) struct CheckVariables;

impl RewriteRule for CheckVariables {
    fn name(&self) -> &'static str {
        "check_variables"
    }

    fn rewrite(&self, stmt: &mut Statement, cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        for_each_expr(stmt, |e| {
            let Expr::Identifier(id) = e else {
                return Ok(());
            };
            if id.quote_style.is_some() || !id.value.starts_with('@') {
                return Ok(());
            }
            if is_system_variable(&id.value) {
                return Ok(());
            }
            match cx.locals.get(&id.value) {
                Some(local) if !id.value.starts_with("@@") => {
                    *e = literal(local);
                    Ok(())
                }
                _ => Err(undeclared(&id.value)),
            }
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
