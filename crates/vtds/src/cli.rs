//! Command-line interface: every subcommand and flag, with `--help` text.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// vtds: a virtual SQL Server for live Stripe data.
#[derive(Debug, Parser)]
#[command(name = "vtds", version, about, long_about = None)]
pub struct Cli {
    /// Directory for the metadata database, master key and TLS certificate.
    #[arg(
        long,
        env = "VTDS_DATA_DIR",
        default_value = "./vtds-data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Log filter, e.g. `info` or `vtds=debug,tds_server=trace`.
    #[arg(long, env = "VTDS_LOG", default_value = "info", global = true)]
    pub log: String,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the TDS server.
    Serve(ServeArgs),
    /// Start a simulated Stripe account and a server on it, with a demo user, and print how to connect.
    Demo(DemoArgs),
    /// Run the Stripe API simulator on its own.
    Sim(SimArgs),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal access tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage connections (databases backed by a Stripe account).
    #[command(subcommand)]
    Connection(ConnectionCommand),
    /// Allow a user to open a connection's database.
    Grant(GrantArgs),
}

/// TLS policy for client connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncryptArg {
    /// Never use TLS; clients that demand it fail.
    Off,
    /// Use TLS when the client asks for it (SQL Server's default behaviour).
    On,
    /// Refuse clients that do not encrypt.
    Required,
}

/// Flags of `vtds serve` (each may also come from the config file or the environment).
#[derive(Debug, Clone, Args, Default)]
pub struct ServeArgs {
    /// Configuration file (TOML); default `<data-dir>/vtds.toml` when it exists.
    #[arg(long, env = "VTDS_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 0.0.0.0:14333].
    #[arg(long, env = "VTDS_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// TLS policy [default: on].
    #[arg(long, env = "VTDS_ENCRYPT", value_enum)]
    pub encrypt: Option<EncryptArg>,
    /// PEM certificate chain; default a self-signed one generated into the data dir.
    #[arg(long, env = "VTDS_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for `--tls-cert`.
    #[arg(long, env = "VTDS_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// Maximum concurrent client connections [default: 1000].
    #[arg(long, env = "VTDS_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Stripe API base URL for connections that don't set their own [default: https://api.stripe.com].
    #[arg(long, env = "VTDS_STRIPE_API_BASE")]
    pub stripe_api_base: Option<String>,
    /// Stripe requests per second per account, shared by all its queries [default: 100 for live
    /// keys, 25 for test keys, as Stripe allows].
    #[arg(long, env = "VTDS_STRIPE_RPS")]
    pub stripe_rps: Option<f64>,
}

/// Flags of `vtds demo`.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Address the SQL server listens on.
    #[arg(long, default_value = "127.0.0.1:14333")]
    pub listen: SocketAddr,
    /// Token (password) for demo@example.com; generated when omitted.
    #[arg(long, env = "VTDS_DEMO_TOKEN")]
    pub token: Option<String>,
    /// The simulated Stripe account.
    #[command(flatten)]
    pub sim: SimFlags,
    /// TLS policy.
    #[arg(long, value_enum, default_value = "on")]
    pub encrypt: EncryptArg,
    /// vtds's request budget towards the simulator, per second [default: 25, as for a Stripe test key].
    #[arg(long)]
    pub stripe_rps: Option<f64>,
}

/// Flags of `vtds sim`.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Address the simulator listens on.
    #[arg(long, default_value = "127.0.0.1:12111")]
    pub listen: SocketAddr,
    /// The simulated Stripe account.
    #[command(flatten)]
    pub sim: SimFlags,
    /// API key the simulator accepts (besides its built-in default key).
    #[arg(long)]
    pub api_key: Option<String>,
}

/// The simulated account and how its API behaves, shared by `vtds demo` and `vtds sim`.
#[derive(Debug, Clone, Args)]
pub struct SimFlags {
    /// Number of simulated customers (charges and the rest scale with it).
    #[arg(long, default_value_t = 200)]
    pub customers: usize,
    /// Seed of the simulated data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Latency the simulator adds to every Stripe request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Test clocks; customers on them are hidden from lists, as in Stripe.
    #[arg(long, default_value_t = 2)]
    pub test_clocks: usize,
    /// Requests per second the simulator serves before answering 429, as Stripe's rate limiter
    /// does [default: unlimited].
    #[arg(long)]
    pub rate_limit: Option<u32>,
    /// Fraction of requests (0–1) the simulator fails with a retryable HTTP 500.
    #[arg(long, default_value_t = 0.0, value_parser = parse_fraction)]
    pub fail_rate: f64,
}

/// A fraction in 0..=1, refused (with clap's usage error) otherwise.
fn parse_fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        _ => Err(format!("`{text}` is not a fraction between 0 and 1")),
    }
}

impl SimFlags {
    /// The simulator configuration these flags describe.
    pub fn config(&self) -> stripe_sim::SimConfig {
        stripe_sim::SimConfig {
            seed: self.seed,
            customers: self.customers,
            latency: std::time::Duration::from_millis(self.latency_ms),
            test_clocks: self.test_clocks,
            rate_limit: self.rate_limit,
            fail_rate: self.fail_rate,
            ..stripe_sim::SimConfig::default()
        }
    }
}

impl Default for SimFlags {
    fn default() -> SimFlags {
        SimFlags {
            customers: 200,
            seed: 42,
            latency_ms: 0,
            test_clocks: 2,
            rate_limit: None,
            fail_rate: 0.0,
        }
    }
}

/// `vtds user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user (log in with the email as user name and a token as password).
    Add {
        /// The user's email address.
        email: String,
        /// Database the user lands in when the client names none.
        #[arg(long)]
        default_database: Option<String>,
    },
    /// List users.
    List,
}

/// `vtds token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a personal access token; it is printed once and stored only as a hash.
    Create {
        /// The user's email address.
        email: String,
    },
    /// Revoke a token by its id.
    Revoke {
        /// Token id as printed by `token create`.
        id: i64,
    },
}

/// `vtds connection …`
#[derive(Debug, Subcommand)]
pub enum ConnectionCommand {
    /// Add a Stripe connection; its name is the database name clients use.
    Add {
        /// Database name, e.g. Stripe1.
        name: String,
        /// Stripe secret (sk_…) or restricted (rk_…) key; stored encrypted.
        #[arg(long, env = "VTDS_STRIPE_API_KEY")]
        api_key: String,
        /// Stripe API base URL (e.g. a simulator).
        #[arg(long)]
        api_base: Option<String>,
    },
    /// List connections (keys are never shown).
    List,
}

/// `vtds grant EMAIL CONNECTION`
#[derive(Debug, Args)]
pub struct GrantArgs {
    /// The user's email address.
    pub email: String,
    /// The connection (database) name.
    pub connection: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(args: &[&str]) -> Result<DemoArgs, clap::Error> {
        let argv = ["vtds", "demo"].iter().chain(args);
        match Cli::try_parse_from(argv)?.command {
            Command::Demo(d) => Ok(d),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn demo_flags_reach_the_simulator_config() {
        let d = demo(&[
            "--customers",
            "30000",
            "--latency-ms",
            "150",
            "--rate-limit",
            "100",
            "--fail-rate",
            "0.01",
            "--test-clocks",
            "0",
        ])
        .unwrap();
        let cfg = d.sim.config();
        assert_eq!(cfg.customers, 30_000);
        assert_eq!(cfg.latency, std::time::Duration::from_millis(150));
        assert_eq!(cfg.rate_limit, Some(100));
        assert_eq!(cfg.fail_rate, 0.01);
        assert_eq!(cfg.test_clocks, 0);
    }

    #[test]
    fn defaults_match_the_struct_default() {
        let d = demo(&[]).unwrap();
        let (parsed, default) = (d.sim.config(), SimFlags::default().config());
        assert_eq!(format!("{parsed:?}"), format!("{default:?}"));
    }

    #[test]
    fn fail_rate_outside_zero_to_one_is_refused() {
        for bad in ["--fail-rate=1.5", "--fail-rate=-0.1", "--fail-rate=often"] {
            let err = demo(&[bad]).unwrap_err();
            assert!(err.to_string().contains("not a fraction"), "{err}");
        }
    }
}
