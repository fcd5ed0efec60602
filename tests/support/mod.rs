//! Shared helpers for the end-to-end suites: a demo (simulator + server) on free loopback ports,
//! clients for it, and PostgreSQL clusters for the tds_fdw suite.

pub mod clients;
pub mod postgres;

use std::net::SocketAddr;

use anyhow::Result;
use tempfile::TempDir;
use tiberius::{AuthMethod, Client, Config, EncryptionLevel};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};
use vtds::cli::{DemoArgs, EncryptArg, SimFlags};
use vtds::demo::{Demo, DEMO_DATABASE, DEMO_USER};

/// A tiberius client over tokio.
pub type TdsClient = Client<Compat<TcpStream>>;

/// The demo's user name, database and a fixed token the suites log in with.
pub const USER: &str = DEMO_USER;
/// The demo database.
pub const DATABASE: &str = DEMO_DATABASE;
/// The token the test demos are provisioned with.
pub const TOKEN: &str = "vtds_test_token_0123456789abcdef";

/// A running demo in a private data directory; dropped at the end of a test.
pub struct TestEnv {
    /// The simulator and the server.
    pub demo: Demo,
    _dir: TempDir,
}

impl TestEnv {
    /// Starts a demo with `customers` simulated customers, TLS when asked.
    pub async fn start(customers: usize) -> Result<TestEnv> {
        TestEnv::start_with(customers, EncryptArg::On).await
    }

    /// Starts a demo with an explicit TLS policy.
    pub async fn start_with(customers: usize, encrypt: EncryptArg) -> Result<TestEnv> {
        let dir = tempfile::tempdir()?;
        let args = DemoArgs {
            listen: "127.0.0.1:0".parse()?,
            token: Some(TOKEN.to_string()),
            sim: SimFlags {
                customers,
                seed: 7,
                ..SimFlags::default()
            },
            encrypt,
            // The simulator has no rate limit: don't let a test key's 25/s slow the suites.
            stripe_rps: Some(10_000.0),
        };
        let demo = Demo::start(dir.path(), &args).await?;
        Ok(TestEnv { demo, _dir: dir })
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.demo.server.addr()
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.addr().port()
    }

    /// The simulator's objects of one resource, newest first.
    pub fn sim_objects(&self, resource: &str) -> Vec<serde_json::Value> {
        self.demo.sim.simulator().objects(resource)
    }

    /// A tiberius configuration for the demo user.
    pub fn config(&self, encryption: EncryptionLevel, password: &str) -> Config {
        let mut config = Config::new();
        config.host("127.0.0.1");
        config.port(self.port());
        config.database(DATABASE);
        config.authentication(AuthMethod::sql_server(USER, password));
        config.encryption(encryption);
        config.trust_cert();
        config
    }

    /// Connects with tiberius.
    pub async fn connect(&self, encryption: EncryptionLevel) -> Result<TdsClient> {
        connect(self.config(encryption, TOKEN)).await
    }
}

/// Connects a tiberius client with `config`.
pub async fn connect(config: Config) -> Result<TdsClient> {
    let tcp = TcpStream::connect(config.get_addr()).await?;
    tcp.set_nodelay(true)?;
    Ok(Client::connect(config, tcp.compat_write()).await?)
}

/// Runs `sql` and returns every row of the first result set as strings (NULL as `None`).
pub async fn query_strings(client: &mut TdsClient, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
    let rows = client.simple_query(sql).await?.into_first_result().await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|value| column_text(&value))
                .collect::<Vec<_>>()
        })
        .collect())
}

/// Renders one tiberius value as text, for comparisons with the simulator's JSON.
pub fn column_text(value: &tiberius::ColumnData<'_>) -> Option<String> {
    use tiberius::ColumnData as C;
    match value {
        C::U8(v) => v.map(|v| v.to_string()),
        C::I16(v) => v.map(|v| v.to_string()),
        C::I32(v) => v.map(|v| v.to_string()),
        C::I64(v) => v.map(|v| v.to_string()),
        C::F32(v) => v.map(|v| v.to_string()),
        C::F64(v) => v.map(|v| v.to_string()),
        C::Bit(v) => v.map(|v| if v { "1" } else { "0" }.to_string()),
        C::String(v) => v.as_ref().map(|s| s.to_string()),
        C::Numeric(v) => v.map(|v| v.to_string()),
        other => Some(format!("{other:?}")),
    }
}

/// Whether a program is on PATH (the suites that drive external clients need it).
pub fn have_program(name: &str) -> bool {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}
