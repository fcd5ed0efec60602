//! The listener: accept loop with a connection limit, SPID assignment and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::config::{EncryptMode, ServerConfig};
use crate::connection::{self, Shared};
use crate::error::{Error, Result};
use crate::handler::{Authenticator, SessionFactory};

/// First SPID handed out; SQL Server reserves 1–50 for system sessions and clients such as
/// FreeTDS treat the header SPID as `@@SPID`.
const FIRST_SPID: u16 = 51;

/// A bound TDS listener.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("local_addr", &self.listener.local_addr().ok())
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Validates `config` and binds its address.
    pub async fn bind(
        config: ServerConfig,
        auth: Arc<dyn Authenticator>,
        sessions: Arc<dyn SessionFactory>,
    ) -> Result<Server> {
        if config.encrypt == EncryptMode::Required && config.tls.is_none() {
            return Err(Error::Config(
                "encryption is required but no TLS certificate is configured".into(),
            ));
        }
        if config.encrypt == EncryptMode::On && config.tls.is_none() {
            warn!("no TLS certificate configured: clients that require encryption cannot connect");
        }
        if config.max_connections == 0 {
            return Err(Error::Config("max_connections must be at least 1".into()));
        }
        let listener = TcpListener::bind(config.listen).await?;
        Ok(Server {
            listener,
            shared: Arc::new(Shared {
                config,
                auth,
                sessions,
            }),
        })
    }

    /// The bound address (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.shared.config.listen)
    }

    /// Accepts connections until `shutdown` completes, then stops accepting, tells idle
    /// connections to close, lets running requests finish, and returns when every connection
    /// has ended.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send) -> Result<()> {
        let limit = Arc::new(Semaphore::new(self.shared.config.max_connections));
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut connections = JoinSet::new();
        let mut next_spid = FIRST_SPID;
        info!(addr = %self.local_addr(), "TDS listener ready");
        tokio::pin!(shutdown);
        loop {
            let permit = tokio::select! {
                p = Arc::clone(&limit).acquire_owned() => match p {
                    Ok(p) => p,
                    Err(_) => break,
                },
                _ = &mut shutdown => break,
            };
            let (tcp, peer) = tokio::select! {
                r = self.listener.accept() => match r {
                    Ok(a) => a,
                    Err(e) => {
                        // EMFILE and friends: back off instead of spinning on the error.
                        warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                _ = &mut shutdown => break,
            };
            let spid = next_spid;
            next_spid = next_spid.checked_add(1).unwrap_or(FIRST_SPID);
            connections.spawn(connection::run(
                tcp,
                peer,
                spid,
                Arc::clone(&self.shared),
                stop_rx.clone(),
                permit,
            ));
            while connections.try_join_next().is_some() {}
        }
        drop(self.listener);
        let _ = stop_tx.send(true);
        info!(open = connections.len(), "TDS listener stopping");
        while connections.join_next().await.is_some() {}
        Ok(())
    }
}
