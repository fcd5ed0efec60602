//! Serving a simulator on a TCP port (tests, `vtds demo`, `vtds sim`).

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::simulator::Simulator;

/// How long `shutdown` waits for in-flight requests before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A simulator listening on a socket. Dropping it stops serving too (without waiting).
#[derive(Debug)]
pub struct SimServer {
    addr: SocketAddr,
    sim: Simulator,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SimServer {
    /// Generates the data (on a blocking thread: large datasets take seconds), binds `addr`
    /// (port 0 picks a free port) and starts serving in a background task.
    pub async fn start(config: SimConfig, addr: SocketAddr) -> io::Result<SimServer> {
        let sim = tokio::task::spawn_blocking(move || Simulator::new(config))
            .await
            .map_err(io::Error::other)?;
        SimServer::serve(sim, addr).await
    }

    /// Serves an existing simulator (shares its data and counters) on `addr`.
    pub async fn serve(sim: Simulator, addr: SocketAddr) -> io::Result<SimServer> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = sim.router();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender also means stop.
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, "stripe-sim server stopped with an error");
            }
        });
        Ok(SimServer {
            addr,
            sim,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The bound address (with the real port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, using 127.0.0.1 when bound to the unspecified address.
    pub fn base_url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{addr}")
    }

    /// The simulator being served (for `stats()`, `objects()` oracles and so on).
    pub fn simulator(&self) -> &Simulator {
        &self.sim
    }

    /// Stops accepting, lets in-flight requests finish (bounded), and waits for the task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
