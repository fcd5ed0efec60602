//! RPC requests on the wire: per call, the results of its statements (DONEINPROC each), then
//! RETURNSTATUS 0, RETURNVALUE for OUTPUT parameters and DONEPROC, as SQL Server answers
//! sp_executesql and the sp_prepare family. A failed call ends with ERROR + DONEPROC(ERROR) and
//! the next call of the request still runs.

use bytes::BytesMut;
use tds_proto::rpc::RpcCall;
use tds_proto::types::{put_intn, TypeInfo};
use tds_server::ResponseWriter;

use super::results::{write_outcomes, Ended, Framing};
use crate::rpc::{plan_call, Prepared};
use crate::Session;

/// Runs one call; `more` when another call of the same request follows.
pub(super) async fn run_call(
    session: &mut Session,
    prepared: &mut Prepared,
    call: &RpcCall,
    more: bool,
    out: &mut ResponseWriter,
) -> std::io::Result<()> {
    let plan = match plan_call(call, prepared) {
        Ok(plan) => plan,
        Err(e) => {
            tracing::debug!(proc = call.proc.display_name(), error = %e, "RPC call failed");
            out.error(&e);
            out.done_proc(more, true);
            return Ok(());
        }
    };
    if !plan.statements.is_empty() {
        let mut run = session.run_statements(Ok(plan.statements));
        if write_outcomes(&mut run, out, Framing::Proc).await? == Ended::Error {
            out.done_proc(more, true);
            return Ok(());
        }
    }
    out.return_status(0);
    for o in &plan.outputs {
        let mut value = BytesMut::with_capacity(5);
        // An i32 always fits INTN(4).
        let _ = put_intn(&mut value, 4, Some(i64::from(o.value)));
        out.return_value(o.ordinal, &o.name, TypeInfo::IntN(4), &value);
    }
    out.done_proc(more, false);
    Ok(())
}
