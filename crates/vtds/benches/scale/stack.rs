//! The system under test: a demo (simulator + vtds server) on loopback, and tiberius clients.

use anyhow::Result;
use tempfile::TempDir;
use tiberius::{AuthMethod, Client, Config, EncryptionLevel};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};
use vtds::cli::{DemoArgs, EncryptArg, SimFlags};
use vtds::demo::{Demo, DEMO_DATABASE, DEMO_USER};

/// A tiberius client.
pub type TdsClient = Client<Compat<TcpStream>>;

const TOKEN: &str = "vtds_bench_token_0123456789abcdef";

/// A running demo and its data directory.
pub struct Stack {
    pub demo: Demo,
    _dir: TempDir,
}

/// How to size and slow the simulated account.
pub struct StackSpec {
    pub customers: usize,
    pub latency_ms: u64,
    /// vtds's request budget towards the simulator.
    pub stripe_rps: f64,
}

impl Stack {
    /// Starts the demo and generates the simulator's data up front, so no figure includes it.
    pub async fn start(spec: StackSpec) -> Result<Stack> {
        let dir = tempfile::tempdir()?;
        let args = DemoArgs {
            listen: "127.0.0.1:0".parse()?,
            token: Some(TOKEN.to_string()),
            sim: SimFlags {
                customers: spec.customers,
                seed: 11,
                latency_ms: spec.latency_ms,
                ..SimFlags::default()
            },
            encrypt: EncryptArg::On,
            stripe_rps: Some(spec.stripe_rps),
        };
        let demo = Demo::start(dir.path(), &args).await?;
        let sim = demo.sim.simulator();
        for resource in ["customers", "charges"] {
            let _ = sim.count(resource);
        }
        Ok(Stack { demo, _dir: dir })
    }

    /// Stripe requests the simulator has served since the last reset.
    pub fn requests(&self) -> u64 {
        self.demo.sim.simulator().stats().total
    }

    /// Zeroes the simulator's counters.
    pub fn reset(&self) {
        self.demo.sim.simulator().reset_stats();
    }

    /// The simulator's objects of a resource, newest first.
    pub fn objects(&self, resource: &str) -> Vec<serde_json::Value> {
        self.demo.sim.simulator().objects(resource)
    }

    /// A logged-in client, with TLS for the login only or for everything.
    pub async fn connect(&self, encryption: EncryptionLevel) -> Result<TdsClient> {
        let mut config = Config::new();
        config.host("127.0.0.1");
        config.port(self.demo.server.addr().port());
        config.database(DEMO_DATABASE);
        config.authentication(AuthMethod::sql_server(DEMO_USER, TOKEN));
        config.encryption(encryption);
        config.trust_cert();
        let tcp = TcpStream::connect(config.get_addr()).await?;
        tcp.set_nodelay(true)?;
        Ok(Client::connect(config, tcp.compat_write()).await?)
    }
}
