//! One client connection: pre-login and login under the login timeout, then the request loop.
//! Any failure closes only this connection and is logged at debug level.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::{watch, OwnedSemaphorePermit};
use tracing::{debug, field, info_span, Instrument};

use crate::config::ServerConfig;
use crate::handler::{Authenticator, SessionFactory};
use crate::{handshake, login, session};

/// A byte stream: plain TCP, TLS over the PRELOGIN wrapper, or strict TLS.
pub(crate) trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// The transport after login, whatever its encryption.
pub(crate) type BoxedIo = Box<dyn Io>;

/// Listener-wide state shared by all connections.
pub(crate) struct Shared {
    pub config: ServerConfig,
    pub auth: Arc<dyn Authenticator>,
    pub sessions: Arc<dyn SessionFactory>,
}

/// What one connection's phases need.
pub(crate) struct ConnCtx {
    pub config: ServerConfig,
    pub auth: Arc<dyn Authenticator>,
    pub sessions: Arc<dyn SessionFactory>,
    pub peer: SocketAddr,
    pub spid: u16,
}

/// Serves one connection to its end. `shutdown` flips to true when the server stops; `_permit`
/// holds the connection slot until this returns.
pub(crate) async fn run(
    tcp: TcpStream,
    peer: SocketAddr,
    spid: u16,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let span = info_span!("conn", %peer, spid, user = field::Empty, app = field::Empty);
    async move {
        let _ = tcp.set_nodelay(true);
        let ctx = ConnCtx {
            config: shared.config.clone(),
            auth: Arc::clone(&shared.auth),
            sessions: Arc::clone(&shared.sessions),
            peer,
            spid,
        };
        let timeout = ctx.config.login_timeout;
        let established = tokio::select! {
            r = tokio::time::timeout(timeout, establish(tcp, &ctx)) => match r {
                Ok(Ok(Some(e))) => e,
                Ok(Ok(None)) => return,
                Ok(Err(e)) => {
                    debug!(error = %e, "closed during login");
                    return;
                }
                Err(_) => {
                    debug!("login timeout");
                    return;
                }
            },
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        match session::run(established, &ctx, shutdown).await {
            Ok(()) => debug!("connection closed"),
            Err(e) => debug!(error = %e, "connection closed with error"),
        }
    }
    .instrument(span)
    .await
}

async fn establish(tcp: TcpStream, ctx: &ConnCtx) -> std::io::Result<Option<login::Established>> {
    let Some(negotiated) = handshake::negotiate(tcp, ctx).await? else {
        return Ok(None);
    };
    login::login(negotiated, ctx).await
}
