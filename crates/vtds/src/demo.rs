//! `vtds demo`: a simulated Stripe account, a server on it and a ready-to-use login.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use metastore::{MetadataStore, NewConnection};
use stripe_sim::SimServer;

use crate::app::{start_server, RunningServer};
use crate::cli::DemoArgs;
use crate::config::{encrypt_mode, Settings};

/// The demo's user.
pub const DEMO_USER: &str = "demo@example.com";
/// The demo's database (connection) name.
pub const DEMO_DATABASE: &str = "Stripe1";
/// The demo keeps its own metadata file so it never touches a real deployment's users.
const DEMO_DB_FILE: &str = "demo.db";

/// Everything a demo runs, with what a client needs to log in.
pub struct Demo {
    /// The simulated Stripe API.
    pub sim: SimServer,
    /// The SQL server.
    pub server: RunningServer,
    /// The demo user's token (password).
    pub token: String,
}

impl Demo {
    /// Starts the simulator and the server and provisions the demo user and database.
    pub async fn start(data_dir: &Path, args: &DemoArgs) -> Result<Demo> {
        let sim = SimServer::start(
            args.sim.config(),
            "127.0.0.1:0".parse().context("simulator address")?,
        )
        .await
        .context("starting the Stripe simulator")?;

        crate::store::create_private_dir(data_dir)?;
        let db = data_dir.join(DEMO_DB_FILE);
        for suffix in ["", "-wal", "-shm"] {
            let path = data_dir.join(format!("{DEMO_DB_FILE}{suffix}"));
            if path.exists() {
                std::fs::remove_file(&path)
                    .with_context(|| format!("removing old {}", db.display()))?;
            }
        }
        let store = crate::store::open_store(data_dir, DEMO_DB_FILE)?;
        let token = provision(store.as_ref(), &sim, args.token.as_deref())?;

        let settings = Settings {
            data_dir: data_dir.to_path_buf(),
            listen: args.listen,
            encrypt: encrypt_mode(args.encrypt),
            tls_cert: None,
            tls_key: None,
            max_connections: 1000,
            stripe_api_base: sim.base_url(),
            stripe_rps: args.stripe_rps,
        };
        let server = start_server(&settings, store as Arc<dyn MetadataStore>).await?;
        Ok(Demo { sim, server, token })
    }

    /// The text printed for the user: where to connect and how.
    pub fn banner(&self) -> String {
        let addr = self.server.addr();
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            addr.ip().to_string()
        };
        let port = addr.port();
        let token = &self.token;
        let customers = self.sim.simulator().count("customers");
        format!(
            "vtds demo is running on a simulated Stripe account ({customers} customers).\n\
             \n  host:      {host}\n  port:      {port}\n  user:      {DEMO_USER}\n  token:     {token}\n  database:  {DEMO_DATABASE}\n  stripe:    {sim} (simulator)\n\
             \nConnect with FreeTDS tsql and try `SELECT TOP 5 Id, Email, Name FROM Stripe.Customers`, then `go`:\n\
             \n  tsql -H {host} -p {port} -U {DEMO_USER} -P '{token}' -D {DEMO_DATABASE}\n\
             \nPress Ctrl-C to stop.\n",
            sim = self.sim.base_url(),
        )
    }

    /// Stops the server, then the simulator.
    pub async fn shutdown(self) -> Result<()> {
        self.server.shutdown().await?;
        self.sim.shutdown().await;
        Ok(())
    }
}

fn provision(store: &dyn MetadataStore, sim: &SimServer, token: Option<&str>) -> Result<String> {
    store
        .create_user(DEMO_USER)
        .context("creating the demo user")?;
    let token = match token {
        Some(t) => store.import_token(DEMO_USER, t),
        None => store.create_token(DEMO_USER),
    }
    .context("creating the demo token")?
    .token;
    store
        .add_connection(&NewConnection {
            name: DEMO_DATABASE.to_string(),
            kind: "stripe".to_string(),
            api_key: stripe_sim::DEFAULT_API_KEY.to_string(),
            api_base: Some(sim.base_url()),
        })
        .context("creating the demo connection")?;
    store.grant(DEMO_USER, DEMO_DATABASE)?;
    store.set_default_database(DEMO_USER, Some(DEMO_DATABASE))?;
    Ok(token)
}

/// Runs the demo until Ctrl-C.
pub async fn run(data_dir: &Path, args: &DemoArgs) -> Result<()> {
    let demo = Demo::start(data_dir, args).await?;
    let mut out = std::io::stdout().lock();
    out.write_all(demo.banner().as_bytes())?;
    out.flush()?;
    drop(out);
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    demo.shutdown().await
}
