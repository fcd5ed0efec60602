//! One TDS connection's batches: engine outcomes written as tokens, streamed packet by packet.

use async_trait::async_trait;
use futures::StreamExt;
use tds_server::{ErrorKind, ResponseWriter, SessionHandler, SqlError};

use crate::{classify_error, Outcome, Session};

/// A [`Session`] as the TDS server sees it.
pub struct TdsSession {
    session: Session,
}

impl TdsSession {
    /// Wraps an open engine session.
    pub fn new(session: Session) -> TdsSession {
        TdsSession { session }
    }
}

/// What ends a statement on the wire. DONE carries a MORE bit that must say whether another
/// result follows, which is only known once the next outcome arrives; so the DONE of each
/// statement is held back until then.
#[derive(Clone, Copy)]
struct PendingDone {
    row_count: Option<u64>,
}

#[async_trait]
impl SessionHandler for TdsSession {
    fn database(&self) -> String {
        self.session.database().to_string()
    }

    async fn on_sql_batch(&mut self, sql: String, out: &mut ResponseWriter) -> std::io::Result<()> {
        let version = out.tds_version();
        let mut pending: Option<PendingDone> = None;
        let mut run = self.session.run_batch(&sql);
        while let Some(outcome) = run.next().await {
            if let Some(done) = pending.take() {
                out.done(true, done.row_count);
            }
            match outcome {
                Outcome::Done { rows_affected } => {
                    pending = Some(PendingDone {
                        row_count: rows_affected,
                    })
                }
                Outcome::DatabaseChanged { old, new } => {
                    out.env_database(&old, &new);
                    pending = Some(PendingDone { row_count: None });
                }
                Outcome::Error(e) => {
                    out.error(&e);
                    out.done_error(false);
                    return Ok(());
                }
                Outcome::Rows { schema, mut stream } => {
                    let encoder = match arrow_tds::ResultEncoder::new(&schema, version) {
                        Ok(encoder) => encoder,
                        Err(e) => {
                            out.error(&encoding_error(&e));
                            out.done_error(false);
                            return Ok(());
                        }
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
                            Err(e) => {
                                out.error(&e);
                                out.done_error(false);
                                return Ok(());
                            }
                        }
                        out.flush_full_packets().await?;
                    }
                    pending = Some(PendingDone {
                        row_count: Some(rows),
                    });
                }
            }
        }
        let last = pending.unwrap_or(PendingDone { row_count: None });
        out.done(false, last.row_count);
        Ok(())
    }

    fn on_reset(&mut self) {
        self.session.reset();
    }
}

fn encoding_error(e: &arrow_tds::Error) -> SqlError {
    match e {
        arrow_tds::Error::Truncation { .. } => SqlError::new(
            ErrorKind::Truncation,
            "String or binary data would be truncated.",
        ),
        other => SqlError::new(ErrorKind::Internal, other.to_string()),
    }
}
