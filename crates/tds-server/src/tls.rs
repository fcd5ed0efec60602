//! Certificate loading and the two rustls configurations the server needs.
//!
//! Wrapped mode (TLS inside PRELOGIN packets, TDS 7.x) is capped at TLS 1.2 and never resumes or
//! issues tickets: SqlClient and tedious only do TLS 1.2 there, and a TLS 1.3 NewSessionTicket
//! after the handshake would have to travel unwrapped while the client still expects wrapping.
//! Strict mode (TDS 8.0, TLS first) allows TLS 1.2 and 1.3 and negotiates ALPN `tds/8.0`.

use std::fmt;
use std::sync::Arc;

use rustls::crypto::ring;
use rustls::server::NoServerSessionStorage;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::{Error, Result};

/// ALPN protocol id of TDS 8.0.
pub(crate) const ALPN_TDS8: &[u8] = b"tds/8.0";

/// A server certificate chain and key, ready as rustls configurations. `Debug` never shows the
/// key.
#[derive(Clone)]
pub struct TlsIdentity {
    chain_len: usize,
    pub(crate) wrapped: Arc<rustls::ServerConfig>,
    pub(crate) strict: Arc<rustls::ServerConfig>,
}

impl fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsIdentity")
            .field("certificates", &self.chain_len)
            .field("private_key", &"<redacted>")
            .finish()
    }
}

impl TlsIdentity {
    /// Loads a PEM certificate chain (leaf first) and a PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub fn from_pem(cert_chain_pem: &str, private_key_pem: &str) -> Result<Self> {
        let chain = CertificateDer::pem_slice_iter(cert_chain_pem.as_bytes())
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| Error::Tls(format!("certificate PEM: {e}")))?;
        if chain.is_empty() {
            return Err(Error::Tls("no certificate in the PEM text".into()));
        }
        // The key's parse error is not echoed: it could quote key material.
        let key = PrivateKeyDer::from_pem_slice(private_key_pem.as_bytes())
            .map_err(|_| Error::Tls("private key PEM could not be parsed".into()))?;
        let wrapped = build(chain.clone(), key.clone_key(), false)?;
        let strict = build(chain.clone(), key, true)?;
        Ok(TlsIdentity {
            chain_len: chain.len(),
            wrapped: Arc::new(wrapped),
            strict: Arc::new(strict),
        })
    }

    /// Generates a self-signed certificate for `hostnames` (DNS names or IP literals) and returns
    /// `(certificate PEM, private key PEM)`. Clients must be told to trust it
    /// (TrustServerCertificate=yes, `trust_cert()`, …).
    pub fn generate_self_signed(hostnames: &[String]) -> Result<(String, String)> {
        let names = if hostnames.is_empty() {
            vec!["localhost".to_string()]
        } else {
            hostnames.to_vec()
        };
        let certified = rcgen::generate_simple_self_signed(names)
            .map_err(|e| Error::Tls(format!("certificate generation: {e}")))?;
        Ok((certified.cert.pem(), certified.key_pair.serialize_pem()))
    }
}

fn build(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    strict: bool,
) -> Result<rustls::ServerConfig> {
    let versions: &[&'static rustls::SupportedProtocolVersion] = if strict {
        &[&rustls::version::TLS13, &rustls::version::TLS12]
    } else {
        &[&rustls::version::TLS12]
    };
    let mut config =
        rustls::ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_protocol_versions(versions)
            .map_err(|e| Error::Tls(e.to_string()))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| Error::Tls(e.to_string()))?;
    config.session_storage = Arc::new(NoServerSessionStorage {});
    config.send_tls13_tickets = 0;
    if strict {
        config.alpn_protocols = vec![ALPN_TDS8.to_vec()];
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_round_trips_and_debug_hides_the_key() {
        let (cert, key) = TlsIdentity::generate_self_signed(&["localhost".into()]).unwrap();
        assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
        let id = TlsIdentity::from_pem(&cert, &key).unwrap();
        let dbg = format!("{id:?}");
        assert!(dbg.contains("<redacted>"));
        assert!(!dbg.contains("PRIVATE"));
        assert!(TlsIdentity::from_pem("", &key).is_err());
        assert!(TlsIdentity::from_pem(&cert, "garbage").is_err());
    }
}
