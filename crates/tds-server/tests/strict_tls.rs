//! TDS 8.0 "strict": TLS first with ALPN tds/8.0, then PRELOGIN and LOGIN7 inside TLS.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::raw::{self, Token};
use common::*;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tds_proto::packet::PacketType;
use tds_proto::prelogin::{Encryption, PreloginRequest};
use tds_server::EncryptMode;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

fn client_config(cert_pem: &str) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(cert_pem.as_bytes()).unwrap())
        .unwrap();
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = vec![b"tds/8.0".to_vec()];
    config
}

#[tokio::test]
async fn strict_tls_login() {
    let srv = start(EncryptMode::On, true).await;
    let tcp = TcpStream::connect(srv.addr).await.unwrap();
    let connector = TlsConnector::from(Arc::new(client_config(&srv.cert_pem)));
    let mut s = connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    {
        let (_, conn) = s.get_ref();
        assert_eq!(conn.alpn_protocol(), Some(&b"tds/8.0"[..]));
        assert_eq!(
            conn.protocol_version(),
            Some(rustls::ProtocolVersion::TLSv1_3)
        );
    }
    // go-mssqldb sends ENCRYPTION 4 in strict mode; the answer is NOT_SUP.
    raw::send(
        &mut s,
        PacketType::PreLogin,
        &raw::prelogin(Encryption::Other(4)),
        4096,
    )
    .await;
    let reply = raw::recv(&mut s).await.unwrap();
    let req = PreloginRequest::decode(&reply.payload).unwrap();
    assert_eq!(req.encryption, Some(Encryption::NotSup));
    raw::send(
        &mut s,
        PacketType::Login7,
        &raw::login7(0x0800_0000, USER, PAT, 32767),
        4096,
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    let toks = raw::tokens(&resp.payload);
    assert!(
        toks.contains(&Token::LoginAck {
            version: 0x7400_0004
        }),
        "{toks:?}"
    );
    assert_eq!(
        toks.last(),
        Some(&Token::Done {
            status: 0,
            count: 0
        })
    );
    raw::send(
        &mut s,
        PacketType::SqlBatch,
        &raw::batch("rows 5000"),
        16383,
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    // Packet size capped at 16383 under TLS.
    assert!(resp.headers.iter().all(|h| h.length <= 16383));
    assert_eq!(resp.headers[0].length, 16383);
    assert_eq!(raw::tokens(&resp.payload).len(), 5002);
}

#[tokio::test]
async fn strict_tls_is_refused_without_tls() {
    let srv = start(EncryptMode::Off, false).await;
    let tcp = TcpStream::connect(srv.addr).await.unwrap();
    let (_, cert) = tls_identity();
    let connector = TlsConnector::from(Arc::new(client_config(&cert)));
    assert!(connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .is_err());
}
