//! The traits through which the engine plugs into the listener, and the login data they see.

use std::io;
use std::net::SocketAddr;

use async_trait::async_trait;
use tds_proto::login7::Password;
use tds_proto::rpc::RpcRequest;
use tds_proto::tm::TmRequest;
use tds_proto::TdsVersion;

use crate::response::ResponseWriter;
use crate::sql_error::{ErrorKind, SqlError};

/// What the client sent in LOGIN7, plus what the server negotiated. `Debug` is safe to log.
#[derive(Debug, Clone)]
pub struct LoginRequest {
    /// Login name (an e-mail address for vtds).
    pub user_name: String,
    /// The secret (a personal access token); `Debug` prints `<redacted>`.
    pub password: Password,
    /// Requested initial database; `None` when the client sent none.
    pub database: Option<String>,
    /// Application name ("tsql", "Microsoft SQL Server Management Studio", …).
    pub app_name: String,
    /// Client host name.
    pub host_name: String,
    /// Client library ("DB-Library", "ODBC", "Core .Net SqlClient Data Provider", …).
    pub library_name: String,
    /// Requested language; usually empty or "us_english".
    pub language: String,
    /// TDS version the client asked for, as sent (0x74000004, 0x71000001, 0x08000000, …).
    pub client_tds_version: u32,
    /// Negotiated TDS version; drives every version-dependent encoding.
    pub tds_version: TdsVersion,
    /// Negotiated packet size.
    pub packet_size: u32,
    /// Client address.
    pub peer: SocketAddr,
    /// True when the whole session is TLS-protected (not just the login packet).
    pub encrypted: bool,
    /// The client requested the UTF8_SUPPORT feature (TDS 7.4 FEATUREEXT).
    pub utf8_requested: bool,
}

/// An authenticated identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Canonical user name.
    pub user_name: String,
    /// Database to use when the login names none.
    pub default_database: Option<String>,
}

/// Facts about an established session, for the engine (`@@SPID`, `HOST_NAME()`, logging, …).
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// Server process id; also in every packet header we send.
    pub spid: u16,
    /// Negotiated TDS version.
    pub tds_version: TdsVersion,
    /// Negotiated packet size.
    pub packet_size: u32,
    /// Client address.
    pub peer: SocketAddr,
    /// True when the whole session is TLS-protected.
    pub encrypted: bool,
    /// Server name used in ERROR/INFO tokens.
    pub server_name: String,
    /// Client application name.
    pub app_name: String,
    /// Client host name.
    pub host_name: String,
    /// Authenticated user name.
    pub user_name: String,
}

/// Checks a login's credentials.
#[async_trait]
pub trait Authenticator: Send + Sync + 'static {
    /// Returns the principal, or an error to send the client (normally
    /// [`SqlError::login_failed`], which never says whether the user or the secret was wrong).
    async fn authenticate(&self, login: &LoginRequest) -> Result<Principal, SqlError>;
}

/// Opens a session for an authenticated principal.
#[async_trait]
pub trait SessionFactory: Send + Sync + 'static {
    /// Creates the session's handler; an error (e.g. 4060 cannot open database) fails the login.
    async fn open_session(
        &self,
        principal: &Principal,
        login: &LoginRequest,
        info: &SessionInfo,
    ) -> Result<Box<dyn SessionHandler>, SqlError>;
}

/// One client session's request handling.
///
/// Cancellation: when the client sends ATTENTION, the future of the running `on_*` call is
/// dropped at its next await point; everything already appended to the [`ResponseWriter`] is sent,
/// followed by DONE(ATTN). Append only whole tokens between awaits.
#[async_trait]
pub trait SessionHandler: Send {
    /// Current database name, sent in the login ENVCHANGE and INFO 5701.
    fn database(&self) -> String;

    /// Runs a SQL batch, writing its tokens (ending with a final DONE) to `out`. An `Err` is an
    /// I/O failure towards the client and closes the connection; SQL errors are written as
    /// ERROR tokens instead.
    async fn on_sql_batch(&mut self, sql: String, out: &mut ResponseWriter) -> io::Result<()>;

    /// Runs a decoded RPC request [2.2.6.6]: per call, its results (each ended by DONEINPROC),
    /// RETURNSTATUS, RETURNVALUEs for OUTPUT parameters and DONEPROC (MORE on all but the last
    /// call). The default answers every call with 2812, as for an unknown procedure.
    async fn on_rpc(&mut self, request: RpcRequest, out: &mut ResponseWriter) -> io::Result<()> {
        let count = request.calls.len();
        for (i, call) in request.calls.iter().enumerate() {
            out.error(&SqlError::new(
                ErrorKind::UnknownProcedure,
                format!(
                    "Could not find stored procedure '{}'.",
                    call.proc.display_name()
                ),
            ));
            out.done_proc(i + 1 < count, true);
        }
        Ok(())
    }

    /// Runs a transaction manager request [2.2.6.9]. The default answers with the ENVCHANGEs
    /// and DONE SQL Server sends ([`crate::answer_transaction_request`]).
    async fn on_transaction_manager(
        &mut self,
        request: TmRequest,
        out: &mut ResponseWriter,
    ) -> io::Result<()> {
        crate::answer_transaction_request(&request, out);
        Ok(())
    }

    /// The client set RESETCONNECTION on a request: reset session state before it runs.
    fn on_reset(&mut self) {}
}
