//! Binding RPC parameter values into a statement text: parse it like a batch, then replace each
//! `@name` that a declaration names with the value's literal.

use std::collections::HashMap;

use sqlparser::ast::{Expr, Statement};
use tds_proto::rpc::RpcParam;
use tds_server::{ErrorKind, SqlError};

use super::declare::Declared;
use super::literal::literal;
use crate::parse::parse_batch;
use crate::rewrite::for_each_expr;

/// Matches values to declarations: by name when the value is named after a declared parameter
/// (SqlClient, tedious), else by position (tiberius and FreeTDS name them `@P1…` in order
/// anyway; go-mssqldb and jTDS may send them unnamed).
fn assign(declared: &[Declared], values: &[RpcParam]) -> Result<HashMap<String, Expr>, SqlError> {
    let mut bound = HashMap::new();
    for (i, v) in values.iter().enumerate() {
        let named = if v.name.is_empty() {
            None
        } else {
            let key = if v.name.starts_with('@') {
                v.name.to_ascii_lowercase()
            } else {
                format!("@{}", v.name.to_ascii_lowercase())
            };
            declared.iter().find(|d| d.key == key)
        };
        let Some(d) = named.or_else(|| declared.get(i)) else {
            return Err(SqlError::new(
                ErrorKind::TooManyArguments,
                "Procedure or function has too many arguments specified.",
            ));
        };
        bound.insert(d.key.clone(), literal(&v.value, Some(d))?);
    }
    Ok(bound)
}

/// Parses `sql` and binds `values` to the `declared` parameters. A declared parameter without
/// a value stays a variable and fails as undeclared (137) if the statement uses it.
pub(crate) fn bind(
    sql: &str,
    declared: &[Declared],
    values: &[RpcParam],
) -> Result<Vec<Statement>, SqlError> {
    let bound = assign(declared, values)?;
    let mut statements = parse_batch(sql)?;
    if bound.is_empty() {
        return Ok(statements);
    }
    for stmt in &mut statements {
        for_each_expr(stmt, |e| {
            if let Expr::Identifier(id) = e {
                if id.quote_style.is_none() && !id.value.starts_with("@@") {
                    if let Some(lit) = bound.get(&id.value.to_ascii_lowercase()) {
                        *e = lit.clone();
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(statements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::declare::parse_declarations;
    use tds_proto::rpc::{ParamType, ParamValue};

    fn value(name: &str, value: ParamValue) -> RpcParam {
        RpcParam {
            name: name.into(),
            status: 0,
            param_type: ParamType {
                code: 0x26,
                max_len: 4,
                precision: 0,
                scale: 0,
                collation: None,
            },
            value,
        }
    }

    fn text(sql: &str, decl: &str, values: &[RpcParam]) -> Result<String, SqlError> {
        let d = parse_declarations(decl)?;
        let stmts = bind(sql, &d, values)?;
        Ok(stmts
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("; "))
    }

    #[test]
    fn binds_by_position_and_by_name() {
        let vals = [
            value("@P1", ParamValue::Int(41)),
            value("", ParamValue::String("x".into())),
        ];
        assert_eq!(
            text("SELECT @P1 + 1, @p2", "@P1 int, @P2 nvarchar(10)", &vals).unwrap(),
            "SELECT CAST(41 AS INT) + 1, 'x'"
        );
        let named = [
            value("@b", ParamValue::Int(2)),
            value("@a", ParamValue::Int(1)),
        ];
        assert_eq!(
            text("SELECT @a, @b, @@SPID", "@a bigint, @b int", &named).unwrap(),
            "SELECT CAST(1 AS BIGINT), CAST(2 AS INT), @@SPID"
        );
    }

    #[test]
    fn argument_errors() {
        let vals = [value("@P1", ParamValue::Int(1))];
        assert_eq!(text("SELECT 1", "", &vals).unwrap_err().number(), 8144);
        // Declared but not supplied: still a variable.
        assert_eq!(text("SELECT @P1", "@P1 int", &[]).unwrap(), "SELECT @P1");
        assert_eq!(text("SELEC 1", "", &[]).unwrap_err().number(), 102);
    }
}
