//! RPC requests on the wire: per call, the results of its statements (DONEINPROC each), then
//! RETURNSTATUS 0, RETURNVALUE for OUTPUT parameters and DONEPROC, as SQL Server answers
//! sp_executesql and the sp_prepare family (an OUTPUT parameter of the statement comes back
//! with the value the batch left in it). Calls by name of a catalog procedure (ODBC's
//! SQLTables, JDBC's DatabaseMetaData, SqlClient's `CommandType.StoredProcedure`) run the same
//! registry as `EXEC`. A failed call ends with ERROR + DONEPROC(ERROR) and the next call of the
//! request still runs.

use bytes::BytesMut;
use datafusion::common::ScalarValue;
use tds_proto::rpc::{ParamValue, ProcRef, RpcCall, RpcParam};
use tds_proto::types::{put_intn, TypeInfo};
use tds_server::{ErrorKind, ResponseWriter, SqlError};

use super::results::{write_outcomes, Ended, Framing, Outcomes};
use super::return_value;
use crate::procs::{self, ProcArg};
use crate::rpc::{final_values, initial_values, plan_call, Prepared};
use crate::Session;

/// Runs one call; `more` when another call of the same request follows.
pub(super) async fn run_call(
    session: &mut Session,
    prepared: &mut Prepared,
    call: &RpcCall,
    more: bool,
    out: &mut ResponseWriter,
) -> std::io::Result<()> {
    if let (ProcRef::Name(name), None) = (&call.proc, call.proc.well_known()) {
        return run_named(session, name, &call.params, more, out).await;
    }
    let plan = match plan_call(call, prepared) {
        Ok(plan) => plan,
        Err(e) => {
            failed(call.proc.display_name(), &e, more, out);
            return Ok(());
        }
    };
    let variables = match initial_values(session, &plan.variables).await {
        Ok(v) => v,
        Err(e) => {
            failed(call.proc.display_name(), &e, more, out);
            return Ok(());
        }
    };
    if !plan.statements.is_empty() {
        let mut run = session.run_statements_with(Ok(plan.statements), variables);
        if write_outcomes(Outcomes::Run(&mut run), out, Framing::Proc).await? == Ended::Error {
            out.done_proc(more, true);
            return Ok(());
        }
    }
    // OUTPUT values are encoded before anything is written, so a value that does not fit its
    // declaration fails the call cleanly.
    let version = out.tds_version();
    let finals = final_values(session, &plan.variables);
    let encoded = plan
        .variables
        .iter()
        .zip(&finals)
        .map(|(v, value)| return_value::encode(value, &v.declared.sql_type, version))
        .collect::<Result<Vec<_>, _>>();
    let encoded = match encoded {
        Ok(e) => e,
        Err(e) => {
            failed(call.proc.display_name(), &e, more, out);
            return Ok(());
        }
    };
    out.return_status(0);
    for o in &plan.outputs {
        let mut value = BytesMut::with_capacity(5);
        // An i32 always fits INTN(4).
        let _ = put_intn(&mut value, 4, Some(i64::from(o.value)));
        out.return_value(o.ordinal, &o.name, TypeInfo::IntN(4), &value);
    }
    for (v, (type_info, value)) in plan.variables.iter().zip(&encoded) {
        out.return_value(v.ordinal, &v.name, *type_info, value);
    }
    out.done_proc(more, false);
    Ok(())
}

/// A procedure called by name: the catalog procedures of [`procs`], with the call's parameters
/// as (named or positional) arguments.
async fn run_named(
    session: &mut Session,
    name: &str,
    params: &[RpcParam],
    more: bool,
    out: &mut ResponseWriter,
) -> std::io::Result<()> {
    let outcomes = params
        .iter()
        .map(proc_arg)
        .collect::<Result<Vec<_>, _>>()
        .and_then(|args| procs::call(session, name, &args));
    let outcomes = match outcomes {
        Ok(outcomes) => outcomes,
        Err(e) => {
            failed(name, &e, more, out);
            return Ok(());
        }
    };
    let list = Outcomes::List(outcomes.into_iter());
    if write_outcomes(list, out, Framing::Proc).await? == Ended::Error {
        out.done_proc(more, true);
        return Ok(());
    }
    out.return_status(0);
    out.done_proc(more, false);
    Ok(())
}

fn failed(proc: &str, e: &SqlError, more: bool, out: &mut ResponseWriter) {
    tracing::debug!(proc, error = %e, "RPC call failed");
    out.error(e);
    out.done_proc(more, true);
}

/// A procedure argument from an RPC parameter; an empty name is positional.
fn proc_arg(p: &RpcParam) -> Result<ProcArg, SqlError> {
    let value = match &p.value {
        ParamValue::Null => ScalarValue::Null,
        ParamValue::Bool(b) => ScalarValue::Boolean(Some(*b)),
        ParamValue::Int(i) => ScalarValue::Int64(Some(*i)),
        ParamValue::Float(f) => ScalarValue::Float64(Some(*f)),
        ParamValue::String(s) => ScalarValue::Utf8(Some(s.clone())),
        ParamValue::Decimal {
            unscaled,
            precision,
            scale,
        } => ScalarValue::Decimal128(Some(*unscaled), (*precision).max(1), *scale as i8),
        _ => {
            return Err(SqlError::new(
                ErrorKind::Conversion,
                format!(
                    "Parameter '{}' has a date, time, binary or uniqueidentifier type, which catalog procedures do not take.",
                    p.name
                ),
            ))
        }
    };
    Ok(if p.name.is_empty() {
        ProcArg::positional(value)
    } else {
        ProcArg::named(&p.name, value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tds_proto::rpc::ParamType;

    fn param(name: &str, value: ParamValue) -> RpcParam {
        RpcParam {
            name: name.to_string(),
            status: 0,
            param_type: ParamType {
                code: 0xE7,
                max_len: 8000,
                precision: 0,
                scale: 0,
                collation: None,
            },
            value,
        }
    }

    #[test]
    fn rpc_parameters_become_procedure_arguments() {
        let named = proc_arg(&param(
            "@table_name",
            ParamValue::String("Customers".into()),
        ))
        .unwrap();
        assert_eq!(named.name.as_deref(), Some("@table_name"));
        assert_eq!(named.value, ScalarValue::Utf8(Some("Customers".into())));

        let positional = proc_arg(&param("", ParamValue::Int(3))).unwrap();
        assert_eq!(positional.name, None);
        assert_eq!(positional.value, ScalarValue::Int64(Some(3)));

        assert_eq!(
            proc_arg(&param("@x", ParamValue::Null)).unwrap().value,
            ScalarValue::Null
        );
        let err = proc_arg(&param("@when", ParamValue::Bytes(vec![1]))).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conversion);
        assert!(err.message.contains("@when"), "{}", err.message);
    }
}
