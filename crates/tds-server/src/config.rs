//! Typed listener configuration; the binary fills it from files, env and flags.

use std::net::SocketAddr;
use std::time::Duration;

use crate::tls::TlsIdentity;

/// Encryption policy, answered per the SQL Server matrix [2.2.6.5] (TDS.md, "PRELOGIN and TLS").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncryptMode {
    /// No TLS: every client is answered NOT_SUP, so clients that demand TLS fail to connect.
    Off,
    /// TLS when the client asks for it, as SQL Server without Force Encryption does: OFF → OFF
    /// (only LOGIN7 travels through TLS), ON/REQ → ON (full TLS), NOT_SUP → NOT_SUP. Without a
    /// [`TlsIdentity`] this behaves like [`EncryptMode::Off`].
    #[default]
    On,
    /// Full TLS for everyone: OFF → REQ, ON/REQ → ON; a client that cannot encrypt is refused
    /// before it sends its credentials (PRELOGIN answered REQ; a plaintext LOGIN7 gets an ERROR).
    Required,
}

/// Listener settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on (port 0 picks a free port; see [`crate::Server::local_addr`]).
    pub listen: SocketAddr,
    /// Encryption policy.
    pub encrypt: EncryptMode,
    /// Certificate and key; required for [`EncryptMode::Required`].
    pub tls: Option<TlsIdentity>,
    /// Server name put in ERROR and INFO tokens (`@@SERVERNAME`-like).
    pub server_name: String,
    /// Maximum concurrent connections; further clients wait in the accept backlog.
    pub max_connections: usize,
    /// Time a client has from TCP connect to a completed login.
    pub login_timeout: Duration,
    /// Largest request message (all packets together) accepted; larger ones close the connection.
    pub max_message_size: usize,
}

impl ServerConfig {
    /// Defaults: encryption [`EncryptMode::On`] (effective only once `tls` is set), server name
    /// "vtds", 1024 connections, 30 s login timeout, 64 MiB messages.
    pub fn new(listen: SocketAddr) -> Self {
        ServerConfig {
            listen,
            encrypt: EncryptMode::On,
            tls: None,
            server_name: "vtds".to_string(),
            max_connections: 1024,
            login_timeout: Duration::from_secs(30),
            max_message_size: 64 * 1024 * 1024,
        }
    }
}
