//! Secrets never reach the logs, even at TRACE.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use tds_server::EncryptMode;
use tiberius::EncryptionLevel;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn passwords_are_not_logged() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let srv = start(EncryptMode::Off, false).await;
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::NotSupported, PAT)
        .await
        .unwrap();
    query_ints(&mut client, "select 1").await.unwrap();
    let wrong = "pat_wrong_secret_value";
    assert!(
        tiberius_connect(srv.addr, EncryptionLevel::NotSupported, wrong)
            .await
            .is_err()
    );
    drop(client);

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("LOGIN7 (passwords zeroed)"), "{logs}");
    assert!(logs.contains("login refused"), "{logs}");
    assert!(!logs.contains(PAT));
    assert!(!logs.contains(wrong));
}
