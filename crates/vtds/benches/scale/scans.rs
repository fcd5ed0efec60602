//! P1 (full-scan throughput), P3 (time to first row), P5 (memory while streaming).

use std::time::Instant;

use anyhow::Result;
use futures::TryStreamExt;
use tiberius::{EncryptionLevel, QueryItem};

use crate::report::{self, Figure};
use crate::stack::{Stack, StackSpec};

/// Stripe's live-mode budget: the physical limit of a scan is this many pages of 100 per second.
const LIVE_RPS: f64 = 100.0;
/// A typical Stripe list page round trip.
const PAGE_MS: u64 = 150;

/// Streams `sql`'s rows, calling `each` with the running count; returns the count.
async fn stream_rows(stack: &Stack, sql: &str, mut each: impl FnMut(usize)) -> Result<usize> {
    let mut client = stack.connect(EncryptionLevel::Off).await?;
    let mut stream = client.simple_query(sql).await?;
    let mut rows = 0usize;
    while let Some(item) = stream.try_next().await? {
        if let QueryItem::Row(_) = item {
            rows += 1;
            each(rows);
        }
    }
    Ok(rows)
}

/// P1: rows/s of a full Charges scan at 150 ms per page and 100 requests/s, over 10,000 rows/s.
pub async fn p1_full_scan() -> Result<Figure> {
    let stack = Stack::start(StackSpec {
        customers: 34_000,
        latency_ms: PAGE_MS,
        stripe_rps: LIVE_RPS,
    })
    .await?;
    let want = stack.demo.sim.simulator().count("charges");
    stack.reset();
    let started = Instant::now();
    let rows = stream_rows(
        &stack,
        "SELECT Id, Amount, Created FROM Stripe.Charges",
        |_| {},
    )
    .await?;
    let secs = started.elapsed().as_secs_f64();
    let requests = stack.requests();
    anyhow::ensure!(rows == want, "P1 read {rows} of {want} charges");
    let rate = rows as f64 / secs;
    println!(
        "P1: {rows} charges in {secs:.1} s = {rate:.0} rows/s; {requests} requests for {} pages",
        rows.div_ceil(100)
    );
    Ok(Figure::at_least(
        "P1",
        format!("full scan of {rows} Charges, 150 ms/page, 100 req/s: rows/s ÷ 10,000"),
        rate / (LIVE_RPS * 100.0),
        "",
        0.9,
        ">= 0.9",
    ))
}

/// P3: time to the first row of a full scan over the page latency.
pub async fn p3_first_row() -> Result<Figure> {
    let stack = Stack::start(StackSpec {
        customers: 2_000,
        latency_ms: PAGE_MS,
        stripe_rps: LIVE_RPS,
    })
    .await?;
    let mut samples = Vec::new();
    for _ in 0..5 {
        let mut client = stack.connect(EncryptionLevel::Off).await?;
        let started = Instant::now();
        let mut stream = client.simple_query("SELECT * FROM Stripe.Charges").await?;
        while let Some(item) = stream.try_next().await? {
            if let QueryItem::Row(_) = item {
                samples.push(started.elapsed());
                break;
            }
        }
        // Dropping the client mid-result disconnects; the server cancels the scan.
    }
    let ms = report::quantile_ms(&mut samples, 0.5);
    println!(
        "P3: first row after {ms:.1} ms (median of {}), page latency {PAGE_MS} ms",
        samples.len()
    );
    Ok(Figure::at_most(
        "P3",
        "time to first row of SELECT * FROM Stripe.Charges ÷ page latency (150 ms)".into(),
        ms / PAGE_MS as f64,
        "",
        1.2,
        "<= 1.2",
    ))
}

/// P5: growth of the peak RSS while streaming a million rows (the simulator's own data is
/// generated before the baseline is taken), at a quarter and at the end: flat means the
/// server holds pages, not results.
pub async fn p5_memory() -> Result<Figure> {
    let stack = Stack::start(StackSpec {
        customers: 334_000,
        latency_ms: 0,
        stripe_rps: 0.0,
    })
    .await?;
    let want = stack.demo.sim.simulator().count("charges");
    report::reset_peak_rss();
    let baseline = report::rss_mb();
    let quarter = want / 4;
    let mut at_quarter = f64::NAN;
    let started = Instant::now();
    let rows = stream_rows(
        &stack,
        "SELECT Id, Amount, Created, Currency, Description, CustomerId FROM Stripe.Charges",
        |n| {
            if n == quarter {
                at_quarter = report::peak_rss_mb() - baseline;
            }
        },
    )
    .await?;
    let growth = report::peak_rss_mb() - baseline;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(rows == want, "P5 read {rows} of {want} charges");
    println!(
        "P5: {rows} rows in {secs:.1} s; peak RSS growth {at_quarter:.1} MB after {quarter} rows, \
         {growth:.1} MB after all (baseline {baseline:.0} MB incl. the simulator's data)"
    );
    Ok(Figure::at_most(
        "P5",
        format!("peak RSS growth streaming {rows} rows (after 1/4: {at_quarter:.0} MB)"),
        growth,
        "MB",
        150.0,
        "<= 150 MB, flat",
    ))
}
