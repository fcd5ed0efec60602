//! API keys never reach logs: every tracing event of the process, at TRACE, is captured while
//! queries succeed and fail. One test in its own binary, so the subscriber can be process-wide
//! (per-thread subscribers race with tracing's callsite cache under parallel tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
async fn keys_never_appear_in_logs() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .init();

    let sim = common::sim(150, Duration::ZERO).await;
    let good = common::connect(&sim, stripe_sim::DEFAULT_API_KEY);
    let ctx = common::session(&good);
    let batches = ctx
        .sql("SELECT Id FROM Customers")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(
        common::rows(&batches),
        sim.simulator().count("customers"),
        "every customer, test-clock ones included"
    );
    // The query log says what the scan cost, exactly as the simulator counted it.
    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("Stripe scan ended") && l.contains("table=\"Customers\""))
        .unwrap_or_else(|| panic!("no scan summary in:\n{log}"));
    let total = sim.simulator().stats().total;
    assert!(
        line.contains(&format!("requests={total}")),
        "{line} (simulator: {total})"
    );
    assert!(
        line.contains(&format!("rows={}", sim.simulator().count("customers"))),
        "{line}"
    );
    assert!(line.contains("complete=true"), "{line}");

    let bad_key = "sk_test_BadSecretXyz0123456789";
    let bad = common::connect(&sim, bad_key);
    let err = common::session(&bad)
        .sql("SELECT Id FROM Customers WHERE Id = 'cus_1'")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err();

    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap()).to_string();
    for text in [
        logs.as_str(),
        &err.to_string(),
        &format!("{err:?}"),
        &format!("{bad:?}"),
    ] {
        assert!(
            !text.contains(stripe_sim::DEFAULT_API_KEY),
            "key leaked: {text}"
        );
        assert!(!text.contains("BadSecretXyz"), "key leaked: {text}");
    }
    // The logs are not vacuous: each Stripe call has its span with path, params and status.
    assert!(logs.contains("stripe_call"), "{logs}");
    assert!(logs.contains("path=/v1/customers"), "{logs}");
    assert!(logs.contains("page=2"), "{logs}");
    assert!(logs.contains("status=401"), "{logs}");
    assert!(logs.contains("latency_ms="), "{logs}");
}
