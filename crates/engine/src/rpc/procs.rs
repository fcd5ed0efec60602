//! The system procedures clients call over RPC for parameterised SQL: sp_executesql,
//! sp_prepare, sp_execute, sp_prepexec and sp_unprepare. Each call is turned into a
//! [`CallPlan`]: the statements to run and the OUTPUT values to return.

use sqlparser::ast::Statement;
use tds_proto::rpc::{ParamValue, ProcId, RpcCall, RpcParam};
use tds_server::{ErrorKind, SqlError};

use super::bind::{bind, OutputVariable};
use super::declare::parse_declarations;
use super::prepared::{Prepared, PreparedStatement};
use crate::parse::parse_batch;

/// An OUTPUT parameter to send back as RETURNVALUE (only int handles so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputInt {
    /// Position of the parameter in the call.
    pub ordinal: u16,
    /// Its name as the client sent it.
    pub name: String,
    /// The value.
    pub value: i32,
}

/// What one call does.
#[derive(Debug)]
pub(crate) struct CallPlan {
    /// Statements to run, each ending with DONEINPROC.
    pub statements: Vec<Statement>,
    /// OUTPUT handles (sp_prepare's), sent after RETURNSTATUS.
    pub outputs: Vec<OutputInt>,
    /// OUTPUT parameters of the statements: batch variables whose final values are sent after
    /// the handles.
    pub variables: Vec<OutputVariable>,
}

fn missing(proc: &str, param: &str) -> SqlError {
    SqlError::new(
        ErrorKind::MissingParameter,
        format!(
            "Procedure or function '{proc}' expects parameter '{param}', which was not supplied."
        ),
    )
}

fn text_arg(params: &[RpcParam], i: usize, proc: &str, name: &str) -> Result<String, SqlError> {
    match params.get(i).map(|p| &p.value) {
        Some(ParamValue::String(s)) => Ok(s.clone()),
        _ => Err(missing(proc, name)),
    }
}

/// An optional declaration argument: absent or NULL declares nothing.
fn decl_arg(params: &[RpcParam], i: usize) -> Result<String, SqlError> {
    match params.get(i).map(|p| &p.value) {
        Some(ParamValue::String(s)) => Ok(s.clone()),
        None | Some(ParamValue::Null) => Ok(String::new()),
        Some(_) => Err(SqlError::new(
            ErrorKind::Conversion,
            "Procedure expects parameter '@params' of type 'ntext/nchar/nvarchar'.",
        )),
    }
}

fn handle_arg(params: &[RpcParam], proc: &str) -> Result<i32, SqlError> {
    match params.first().map(|p| &p.value) {
        Some(ParamValue::Int(h)) => i32::try_from(*h).map_err(|_| missing(proc, "@handle")),
        _ => Err(missing(proc, "@handle")),
    }
}

fn output(params: &[RpcParam], value: i32) -> Vec<OutputInt> {
    params
        .first()
        .map(|p| OutputInt {
            ordinal: 0,
            name: p.name.clone(),
            value,
        })
        .into_iter()
        .collect()
}

fn tail(params: &[RpcParam], from: usize) -> &[RpcParam] {
    params.get(from..).unwrap_or(&[])
}

/// Plans one call against the session's prepared statements.
pub(crate) fn plan_call(call: &RpcCall, prepared: &mut Prepared) -> Result<CallPlan, SqlError> {
    let p = &call.params;
    let Some(proc) = call.proc.well_known() else {
        return Err(SqlError::new(
            ErrorKind::UnknownProcedure,
            format!(
                "Could not find stored procedure '{}'.",
                call.proc.display_name()
            ),
        ));
    };
    let name = proc.name();
    let plan = |statements, outputs| {
        Ok(CallPlan {
            statements,
            outputs,
            variables: vec![],
        })
    };
    let bound = |b: super::bind::Bound, outputs| {
        Ok(CallPlan {
            statements: b.statements,
            outputs,
            variables: b.outputs,
        })
    };
    match proc {
        ProcId::ExecuteSql => {
            let sql = text_arg(p, 0, name, "@statement")?;
            let declared = parse_declarations(&decl_arg(p, 1)?)?;
            bound(bind(&sql, &declared, tail(p, 2), 2)?, vec![])
        }
        ProcId::Prepare => {
            let declared = parse_declarations(&decl_arg(p, 1)?)?;
            let sql = text_arg(p, 2, name, "@stmt")?;
            // Compile now, as SQL Server does, so syntax errors surface at prepare time.
            parse_batch(&sql)?;
            let handle = prepared.insert(PreparedStatement { sql, declared })?;
            plan(vec![], output(p, handle))
        }
        ProcId::PrepExec => {
            let declared = parse_declarations(&decl_arg(p, 1)?)?;
            let sql = text_arg(p, 2, name, "@stmt")?;
            let statements = bind(&sql, &declared, tail(p, 3), 3)?;
            let handle = prepared.insert(PreparedStatement { sql, declared })?;
            bound(statements, output(p, handle))
        }
        ProcId::Execute => {
            let handle = handle_arg(p, name)?;
            let stmt = prepared.get(handle)?;
            bound(bind(&stmt.sql, &stmt.declared, tail(p, 1), 1)?, vec![])
        }
        ProcId::Unprepare => {
            // SQL Server ignores an unknown handle here; drivers unprepare on close.
            if let Ok(handle) = handle_arg(p, name) {
                prepared.remove(handle);
            }
            plan(vec![], vec![])
        }
        other => Err(SqlError::new(
            ErrorKind::NotSupported,
            format!(
                "The procedure '{}' (server-side cursors) is not supported by vtds; use a \
                 forward-only, read-only result set.",
                other.name()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tds_proto::rpc::{ParamType, ProcRef};

    fn param(name: &str, value: ParamValue) -> RpcParam {
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

    fn s(v: &str) -> ParamValue {
        ParamValue::String(v.into())
    }

    fn call(proc: ProcRef, params: Vec<RpcParam>) -> RpcCall {
        RpcCall {
            proc,
            options: 0,
            params,
        }
    }

    #[test]
    fn prepare_execute_unprepare() {
        let mut prepared = Prepared::default();
        let prep = call(
            ProcRef::Id(ProcId::Prepare),
            vec![
                param("@handle", ParamValue::Null),
                param("@params", s("@P1 int")),
                param("@stmt", s("SELECT @P1")),
                param("@options", ParamValue::Int(1)),
            ],
        );
        let plan = plan_call(&prep, &mut prepared).unwrap();
        assert!(plan.statements.is_empty());
        assert_eq!(
            plan.outputs,
            vec![OutputInt {
                ordinal: 0,
                name: "@handle".into(),
                value: 1
            }]
        );
        // FreeTDS calls sp_execute by name.
        let exec = call(
            ProcRef::Name("sp_execute".into()),
            vec![param("", ParamValue::Int(1)), param("", ParamValue::Int(7))],
        );
        let plan = plan_call(&exec, &mut prepared).unwrap();
        assert_eq!(plan.statements[0].to_string(), "SELECT CAST(7 AS INT)");
        let unprep = call(
            ProcRef::Id(ProcId::Unprepare),
            vec![param("", ParamValue::Int(1))],
        );
        plan_call(&unprep, &mut prepared).unwrap();
        assert_eq!(plan_call(&exec, &mut prepared).unwrap_err().number(), 8179);
    }

    #[test]
    fn executesql_prepexec_and_errors() {
        let mut prepared = Prepared::default();
        let es = call(
            ProcRef::Name("sys.sp_executesql".into()),
            vec![param("stmt", s("SELECT 1"))],
        );
        assert_eq!(plan_call(&es, &mut prepared).unwrap().statements.len(), 1);
        let pe = call(
            ProcRef::Id(ProcId::PrepExec),
            vec![
                param("@h", ParamValue::Null),
                param("", s("@a nvarchar(5)")),
                param("", s("SELECT @a")),
                param("", s("v")),
            ],
        );
        let plan = plan_call(&pe, &mut prepared).unwrap();
        assert_eq!(plan.statements[0].to_string(), "SELECT 'v'");
        assert_eq!(plan.outputs[0].value, 1);
        let unknown = call(ProcRef::Name("sp_nope".into()), vec![]);
        let e = plan_call(&unknown, &mut prepared).unwrap_err();
        assert_eq!(e.number(), 2812);
        assert_eq!(e.message, "Could not find stored procedure 'sp_nope'.");
        let no_stmt = call(ProcRef::Id(ProcId::ExecuteSql), vec![]);
        assert_eq!(
            plan_call(&no_stmt, &mut prepared).unwrap_err().number(),
            201
        );
        let bad = call(
            ProcRef::Id(ProcId::Prepare),
            vec![
                param("", ParamValue::Null),
                param("", ParamValue::Null),
                param("", s("SELEC 1")),
            ],
        );
        assert_eq!(plan_call(&bad, &mut prepared).unwrap_err().number(), 102);
        let cursor = call(ProcRef::Id(ProcId::CursorOpen), vec![]);
        assert!(plan_call(&cursor, &mut prepared).is_err());
    }
}
