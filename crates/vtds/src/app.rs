//! The composition root: metadata store + Stripe connector + engine + TDS server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use connector::ConnectorFactory;
use connector_stripe::{StripeConnectorFactory, StripeOptions};
use engine::{Engine, EngineConfig};
use metastore::MetadataStore;
use tds_server::{Server, ServerConfig};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::Settings;

/// A server running in the background of this process.
pub struct RunningServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<()>>,
}

impl RunningServer {
    /// The address clients connect to (the real port when `:0` was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and waits for the server task to finish.
    pub async fn shutdown(mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.await.context("server task panicked")?
    }

    /// Waits until the server stops by itself (it only does on a fatal error).
    pub async fn wait(self) -> Result<()> {
        self.task.await.context("server task panicked")?
    }
}

/// Builds every layer and starts listening.
pub async fn start_server(
    settings: &Settings,
    store: Arc<dyn MetadataStore>,
) -> Result<RunningServer> {
    let stripe: Arc<dyn ConnectorFactory> = Arc::new(StripeConnectorFactory::new(StripeOptions {
        default_api_base: settings.stripe_api_base.clone(),
        requests_per_second: settings.stripe_rps,
        ..StripeOptions::default()
    }));
    let engine = Engine::new(store, vec![stripe], EngineConfig::default());
    let frontend = Arc::new(engine::tds::TdsFrontend::new(engine));

    let mut config = ServerConfig::new(settings.listen);
    config.encrypt = settings.encrypt;
    config.tls = Some(crate::tls::load_identity(settings)?);
    config.max_connections = settings.max_connections;
    config.login_timeout = Duration::from_secs(30);

    let server = Server::bind(config, frontend.clone(), frontend)
        .await
        .with_context(|| format!("listening on {}", settings.listen))?;
    let addr = server.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        server
            .run_until(async {
                let _ = stopped.await;
            })
            .await
            .context("server failed")
    });
    tracing::info!(%addr, "vtds is listening");
    Ok(RunningServer {
        addr,
        stop: Some(stop),
        task,
    })
}
