//! Writing a run of engine outcomes as tokens, for a SQL batch (each statement ends with DONE)
//! or inside an RPC call (each statement ends with DONEINPROC, the call's DONEPROC follows).

use futures::StreamExt;
use tds_server::{ErrorKind, ResponseWriter, SqlError};

use crate::{classify_error, BatchRun, Outcome};

/// Where the statements run, which decides their DONE token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Framing {
    /// A SQL batch: DONE per statement, MORE on all but the last; an error ends with
    /// DONE(ERROR) as the final token.
    Batch,
    /// Inside a procedure: DONEINPROC(MORE) per statement; on error only the ERROR token is
    /// written, the caller ends the call with DONEPROC(ERROR).
    Proc,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ended {
    /// Every statement succeeded.
    Ok,
    /// A statement failed (its ERROR token is written).
    Error,
}

fn end_statement(out: &mut ResponseWriter, framing: Framing, more: bool, count: Option<u64>) {
    match framing {
        Framing::Batch => out.done(more, count),
        Framing::Proc => out.done_in_proc(true, count),
    }
}

fn fail(out: &mut ResponseWriter, framing: Framing, e: &SqlError) -> Ended {
    out.error(e);
    if framing == Framing::Batch {
        out.done_error(false);
    }
    Ended::Error
}

/// Where outcomes come from: a running batch (statements start lazily) or a procedure's
/// already computed results.
pub(super) enum Outcomes<'r, 's> {
    /// Statements of a batch or an sp_executesql call.
    Run(&'r mut BatchRun<'s>),
    /// Results a catalog procedure computed up front.
    List(std::vec::IntoIter<Outcome>),
}

impl Outcomes<'_, '_> {
    async fn next(&mut self) -> Option<Outcome> {
        match self {
            Outcomes::Run(run) => run.next().await,
            Outcomes::List(list) => list.next(),
        }
    }
}

/// Streams every outcome of `run`. DONE carries a MORE bit that must say whether another result
/// follows, which is only known once the next outcome arrives; so each statement's DONE is held
/// back until then.
pub(super) async fn write_outcomes(
    mut run: Outcomes<'_, '_>,
    out: &mut ResponseWriter,
    framing: Framing,
) -> std::io::Result<Ended> {
    let version = out.tds_version();
    let mut pending: Option<Option<u64>> = None;
    while let Some(outcome) = run.next().await {
        if let Some(count) = pending.take() {
            end_statement(out, framing, true, count);
        }
        match outcome {
            Outcome::Done { rows_affected } => pending = Some(rows_affected),
            Outcome::DatabaseChanged { old, new } => {
                out.env_database(&old, &new);
                pending = Some(None);
            }
            Outcome::Error(e) => return Ok(fail(out, framing, &e)),
            // PRINT: the message alone; the batch's final DONE (or the call's DONEPROC) follows.
            Outcome::Info { number, message } => out.info(number, &message),
            Outcome::Rows { schema, mut stream } => {
                let encoder = match arrow_tds::ResultEncoder::new(&schema, version) {
                    Ok(encoder) => encoder,
                    Err(e) => return Ok(fail(out, framing, &encoding_error(&e))),
                };
                encoder.write_colmetadata(out.buffer());
                let mut rows = 0u64;
                while let Some(batch) = stream.next().await {
                    let written = match batch {
                        Ok(batch) => encoder
                            .write_rows(&batch, out.buffer())
                            .map_err(|e| encoding_error(&e)),
                        Err(e) => Err(classify_error(&e)),
                    };
                    match written {
                        Ok(n) => rows += n as u64,
                        Err(e) => return Ok(fail(out, framing, &e)),
                    }
                    out.flush_full_packets().await?;
                }
                pending = Some(Some(rows));
            }
        }
    }
    match (framing, pending) {
        (Framing::Batch, last) => out.done(false, last.flatten()),
        (Framing::Proc, Some(count)) => out.done_in_proc(true, count),
        (Framing::Proc, None) => {}
    }
    Ok(Ended::Ok)
}

pub(super) fn encoding_error(e: &arrow_tds::Error) -> SqlError {
    match e {
        arrow_tds::Error::Truncation { .. } => SqlError::new(
            ErrorKind::Truncation,
            "String or binary data would be truncated.",
        ),
        other => SqlError::new(ErrorKind::Internal, other.to_string()),
    }
}
