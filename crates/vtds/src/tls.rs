//! The server's TLS identity: configured PEM files, or a self-signed certificate generated once
//! into the data dir so clients that pin it (trust-server-certificate aside) keep working.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use tds_server::TlsIdentity;

use crate::config::Settings;
use crate::store::{create_private_dir, write_private};

/// Loads the configured certificate, or the generated one, generating it on first start.
pub fn load_identity(settings: &Settings) -> Result<TlsIdentity> {
    if let (Some(cert), Some(key)) = (&settings.tls_cert, &settings.tls_key) {
        return load_pem(cert, key);
    }
    let dir = settings.data_dir.join("tls");
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    if !cert.exists() || !key.exists() {
        create_private_dir(&dir)?;
        let host = hostname();
        let names = vec!["localhost".to_string(), "127.0.0.1".to_string(), host];
        let (cert_pem, key_pem) =
            TlsIdentity::generate_self_signed(&names).context("generating a TLS certificate")?;
        write_private(&key, key_pem.as_bytes())?;
        write_private(&cert, cert_pem.as_bytes())?;
        tracing::info!(path = %cert.display(), "generated a self-signed TLS certificate");
    }
    load_pem(&cert, &key)
}

fn load_pem(cert: &Path, key: &Path) -> Result<TlsIdentity> {
    let cert_pem =
        fs::read_to_string(cert).with_context(|| format!("reading {}", cert.display()))?;
    let key_pem = fs::read_to_string(key).with_context(|| format!("reading {}", key.display()))?;
    TlsIdentity::from_pem(&cert_pem, &key_pem)
        .with_context(|| format!("loading TLS identity from {}", cert.display()))
}

fn hostname() -> String {
    fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "vtds".to_string())
}
