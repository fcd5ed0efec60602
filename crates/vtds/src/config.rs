//! Server settings layered as: config file, then environment, then flags (clap merges the last two).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;
use tds_server::EncryptMode;

use crate::cli::{EncryptArg, ServeArgs};

/// The default TDS port, as SQL Server's 1433 with one more digit.
pub const DEFAULT_LISTEN: &str = "0.0.0.0:14333";
/// Stripe's public API.
pub const DEFAULT_STRIPE_API_BASE: &str = "https://api.stripe.com";

/// Keys accepted in `vtds.toml`; the same names as the flags, with underscores.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    encrypt: Option<EncryptArg>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    max_connections: Option<usize>,
    stripe_api_base: Option<String>,
    stripe_rps: Option<f64>,
}

/// Fully resolved settings of one server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Directory holding `vtds.db`, `master.key` and `tls/`.
    pub data_dir: PathBuf,
    /// Listen address.
    pub listen: SocketAddr,
    /// TLS policy.
    pub encrypt: EncryptMode,
    /// Certificate chain file, if not the generated one.
    pub tls_cert: Option<PathBuf>,
    /// Private key file for `tls_cert`.
    pub tls_key: Option<PathBuf>,
    /// Connection limit.
    pub max_connections: usize,
    /// Stripe API base for connections without their own.
    pub stripe_api_base: String,
    /// Stripe request budget per account; `None` follows the key's mode.
    pub stripe_rps: Option<f64>,
}

impl Settings {
    /// Merges the config file (explicit, or `<data_dir>/vtds.toml` when present) under the flags.
    pub fn resolve(data_dir: &Path, args: &ServeArgs) -> Result<Settings> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => {
                let default = data_dir.join("vtds.toml");
                if default.exists() {
                    read_file(&default)?
                } else {
                    FileConfig::default()
                }
            }
        };
        let listen = match args.listen.or(file.listen) {
            Some(l) => l,
            None => DEFAULT_LISTEN.parse().context("default listen address")?,
        };
        let encrypt = args.encrypt.or(file.encrypt).unwrap_or(EncryptArg::On);
        let tls_cert = args.tls_cert.clone().or(file.tls_cert);
        let tls_key = args.tls_key.clone().or(file.tls_key);
        if tls_cert.is_some() != tls_key.is_some() {
            anyhow::bail!("--tls-cert and --tls-key must be given together");
        }
        Ok(Settings {
            data_dir: data_dir.to_path_buf(),
            listen,
            encrypt: encrypt_mode(encrypt),
            tls_cert,
            tls_key,
            max_connections: args
                .max_connections
                .or(file.max_connections)
                .unwrap_or(1000),
            stripe_api_base: args
                .stripe_api_base
                .clone()
                .or(file.stripe_api_base)
                .unwrap_or_else(|| DEFAULT_STRIPE_API_BASE.to_string()),
            stripe_rps: args.stripe_rps.or(file.stripe_rps),
        })
    }
}

/// Maps the CLI's policy names onto the server's.
pub fn encrypt_mode(arg: EncryptArg) -> EncryptMode {
    match arg {
        EncryptArg::Off => EncryptMode::Off,
        EncryptArg::On => EncryptMode::On,
        EncryptArg::Required => EncryptMode::Required,
    }
}

fn read_file(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing config file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_file_and_defaults_fill_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("vtds.toml"),
            "listen = \"127.0.0.1:1500\"\nencrypt = \"required\"\nmax_connections = 7\n",
        )
        .unwrap();
        let from_file = Settings::resolve(dir.path(), &ServeArgs::default()).unwrap();
        assert_eq!(from_file.listen, "127.0.0.1:1500".parse().unwrap());
        assert_eq!(from_file.encrypt, EncryptMode::Required);
        assert_eq!(from_file.max_connections, 7);
        assert_eq!(from_file.stripe_api_base, DEFAULT_STRIPE_API_BASE);

        let args = ServeArgs {
            listen: Some("127.0.0.1:1600".parse().unwrap()),
            encrypt: Some(EncryptArg::Off),
            ..ServeArgs::default()
        };
        let flagged = Settings::resolve(dir.path(), &args).unwrap();
        assert_eq!(flagged.listen, "127.0.0.1:1600".parse().unwrap());
        assert_eq!(flagged.encrypt, EncryptMode::Off);
        assert_eq!(flagged.max_connections, 7);
    }

    #[test]
    fn unknown_keys_and_half_tls_settings_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("vtds.toml"), "lisen = \"x\"\n").unwrap();
        assert!(Settings::resolve(dir.path(), &ServeArgs::default()).is_err());
        let empty = tempfile::tempdir().unwrap();
        let args = ServeArgs {
            tls_cert: Some("c.pem".into()),
            ..ServeArgs::default()
        };
        assert!(Settings::resolve(empty.path(), &args).is_err());
    }
}
