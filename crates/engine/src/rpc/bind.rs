//! Binding RPC parameter values into a statement text: parse it like a batch, then replace each
//! `@name` that a declaration names with the value's literal. OUTPUT parameters passed by
//! reference stay variables of the batch instead (`SET @p = …` assigns them), and their final
//! values go back to the caller.

use std::collections::HashMap;

use datafusion::common::ScalarValue;
use sqlparser::ast::{Expr, Statement};
use tds_proto::rpc::RpcParam;
use tds_server::{ErrorKind, SqlError};

use super::declare::Declared;
use super::literal::literal;
use crate::hooks::control::eval;
use crate::hooks::locals::converted;
use crate::parse::parse_batch;
use crate::rewrite::for_each_expr;
use crate::session::Session;

/// An OUTPUT parameter of a call: a variable of the batch whose final value is returned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutputVariable {
    /// Position of the parameter in the call (RETURNVALUE's ordinal).
    pub ordinal: u16,
    /// Its name as the client sent it.
    pub name: String,
    /// The declaration it binds to (name, type, `sql_type` of the returned value).
    pub declared: Declared,
    /// The value passed in, as a literal of the declared type.
    pub initial: Expr,
}

/// Statements with the input values bound, and the OUTPUT variables.
#[derive(Debug)]
pub(crate) struct Bound {
    /// The parsed statements, input parameters replaced by literals.
    pub statements: Vec<Statement>,
    /// OUTPUT parameters, in call order.
    pub outputs: Vec<OutputVariable>,
}

/// 8162: the caller asked for output from a parameter not declared OUTPUT.
fn not_output(key: &str) -> SqlError {
    SqlError::new(
        ErrorKind::NotAnOutputParameter,
        format!(
            "The formal parameter \"{key}\" was not declared as an OUTPUT parameter, but the actual parameter passed in requested output."
        ),
    )
}

/// Matches values to declarations: by name when the value is named after a declared parameter
/// (SqlClient, tedious), else by position (tiberius and FreeTDS name them `@P1…` in order
/// anyway; go-mssqldb and jTDS may send them unnamed). `first_ordinal` is the position of the
/// first value in the call.
fn assign(
    declared: &[Declared],
    values: &[RpcParam],
    first_ordinal: usize,
) -> Result<(HashMap<String, Expr>, Vec<OutputVariable>), SqlError> {
    let mut bound = HashMap::new();
    let mut outputs = Vec::new();
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
        let value = literal(&v.value, Some(d))?;
        if !v.is_output() {
            bound.insert(d.key.clone(), value);
            continue;
        }
        if !d.is_output {
            return Err(not_output(&d.key));
        }
        outputs.push(OutputVariable {
            ordinal: u16::try_from(first_ordinal + i).unwrap_or(u16::MAX),
            name: v.name.clone(),
            declared: d.clone(),
            initial: value,
        });
    }
    Ok((bound, outputs))
}

/// Parses `sql` and binds `values` (the call's parameters from position `first_ordinal` on) to
/// the `declared` parameters. A declared parameter without a value stays a variable and fails
/// as undeclared (137) if the statement uses it.
pub(crate) fn bind(
    sql: &str,
    declared: &[Declared],
    values: &[RpcParam],
    first_ordinal: usize,
) -> Result<Bound, SqlError> {
    let (bound, outputs) = assign(declared, values, first_ordinal)?;
    let mut statements = parse_batch(sql)?;
    if bound.is_empty() {
        return Ok(Bound {
            statements,
            outputs,
        });
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
    Ok(Bound {
        statements,
        outputs,
    })
}

/// The variables the batch starts with: each OUTPUT parameter with the value passed in,
/// converted to its declared type.
pub(crate) async fn initial_values(
    session: &Session,
    outputs: &[OutputVariable],
) -> Result<Vec<(Declared, ScalarValue)>, SqlError> {
    let mut values = Vec::with_capacity(outputs.len());
    for o in outputs {
        let value = eval(session, converted(&o.declared, o.initial.clone())).await?;
        values.push((o.declared.clone(), value));
    }
    Ok(values)
}

/// The value each OUTPUT parameter ends the batch with (NULL if it never existed).
pub(crate) fn final_values(session: &Session, outputs: &[OutputVariable]) -> Vec<ScalarValue> {
    outputs
        .iter()
        .map(|o| {
            session
                .locals()
                .get(&o.declared.key)
                .map_or(ScalarValue::Null, |l| l.value.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::declare::parse_declarations;
    use tds_proto::rpc::{ParamType, ParamValue};

    fn value(name: &str, value: ParamValue) -> RpcParam {
        with_status(name, value, 0)
    }

    fn with_status(name: &str, value: ParamValue, status: u8) -> RpcParam {
        RpcParam {
            name: name.into(),
            status,
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
        let stmts = bind(sql, &d, values, 2)?.statements;
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

    #[test]
    fn output_parameters_stay_variables() {
        let d = parse_declarations("@a int, @p int OUTPUT").unwrap();
        let vals = [
            value("@a", ParamValue::Int(1)),
            with_status("@p", ParamValue::Null, 1),
        ];
        let b = bind("SET @p = @a + 1", &d, &vals, 2).unwrap();
        assert_eq!(b.statements[0].to_string(), "SET @p = CAST(1 AS INT) + 1");
        assert_eq!(b.outputs.len(), 1);
        let out = &b.outputs[0];
        assert_eq!((out.ordinal, out.name.as_str()), (3, "@p"));
        assert_eq!(out.declared.sql_type, "int");
        assert_eq!(out.initial.to_string(), "CAST(NULL AS INT)");
        // Declared OUTPUT but passed by value: an input.
        let b = bind("SELECT @p", &d, &[value("@p", ParamValue::Int(7))], 2).unwrap();
        assert!(b.outputs.is_empty());
        assert_eq!(b.statements[0].to_string(), "SELECT CAST(7 AS INT)");
        // Passed for output but not declared so: 8162.
        let e = bind(
            "SELECT 1",
            &d,
            &[with_status("@a", ParamValue::Int(1), 1)],
            2,
        )
        .unwrap_err();
        assert_eq!(e.number(), 8162);
    }
}
