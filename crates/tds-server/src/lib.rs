//! Tokio TDS listener: TLS inside PRELOGIN, login, request dispatch to a SessionHandler.
//!
//! The crate owns everything between the socket and the SQL engine: first-byte detection
//! (PRELOGIN, bare LOGIN7 from jTDS, TLS-first TDS 8.0), the encryption negotiation and TLS
//! handshake wrapped in PRELOGIN packets, LOGIN7 and the login response, packet framing in both
//! directions, ATTENTION → cancellation of the running request, login timeout, the connection
//! limit and graceful shutdown. The engine plugs in through [`Authenticator`], [`SessionFactory`]
//! and [`SessionHandler`], and writes its tokens through [`ResponseWriter`].

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod config;
mod connection;
mod error;
mod framing;
mod handler;
mod handshake;
mod login;
mod prelogin_wrapper;
mod response;
mod server;
mod session;
mod sql_error;
mod tls;
mod transaction;

pub use config::{EncryptMode, ServerConfig};
pub use error::{Error, Result};
pub use handler::{
    Authenticator, LoginRequest, Principal, SessionFactory, SessionHandler, SessionInfo,
};
pub use prelogin_wrapper::PreloginWrapper;
pub use response::ResponseWriter;
pub use server::Server;
pub use sql_error::{ErrorKind, SqlError};
pub use tds_proto::login7::Password;
pub use tds_proto::rpc;
pub use tds_proto::tm::{BeginXact, TmRequest};
pub use tds_proto::TdsVersion;
pub use tls::TlsIdentity;
pub use transaction::answer_transaction_request;
