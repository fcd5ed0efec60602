//! One TDS connection's requests: SQL batches, RPC calls and transaction manager requests,
//! written as tokens and streamed packet by packet.

use async_trait::async_trait;
use tds_server::rpc::RpcRequest;
use tds_server::{ResponseWriter, SessionHandler, TmRequest};

use super::results::{write_outcomes, Framing, Outcomes};
use super::rpc::run_call;
use crate::rpc::Prepared;
use crate::Session;

/// A [`Session`] as the TDS server sees it.
pub struct TdsSession {
    session: Session,
    prepared: Prepared,
}

impl TdsSession {
    /// Wraps an open engine session.
    pub fn new(session: Session) -> TdsSession {
        TdsSession {
            session,
            prepared: Prepared::default(),
        }
    }
}

#[async_trait]
impl SessionHandler for TdsSession {
    fn database(&self) -> String {
        self.session.database().to_string()
    }

    async fn on_sql_batch(&mut self, sql: String, out: &mut ResponseWriter) -> std::io::Result<()> {
        let mut run = self.session.run_batch(&sql);
        write_outcomes(Outcomes::Run(&mut run), out, Framing::Batch).await?;
        Ok(())
    }

    async fn on_rpc(
        &mut self,
        request: RpcRequest,
        out: &mut ResponseWriter,
    ) -> std::io::Result<()> {
        let count = request.calls.len();
        for (i, call) in request.calls.iter().enumerate() {
            run_call(
                &mut self.session,
                &mut self.prepared,
                call,
                i + 1 < count,
                out,
            )
            .await?;
        }
        Ok(())
    }

    async fn on_transaction_manager(
        &mut self,
        request: TmRequest,
        out: &mut ResponseWriter,
    ) -> std::io::Result<()> {
        tds_server::answer_transaction_request(&request, out);
        self.session.set_trancount(out.transaction_level());
        Ok(())
    }

    fn on_reset(&mut self) {
        self.session.reset();
        self.prepared.clear();
    }
}
