//! Issue 4's scale benchmarks against the simulator, printing each figure as a ratio to its goal.
//!
//! `cargo bench -p vtds --bench scale` runs them all; `-- P1 P3` picks some. Each figure comes
//! from the whole product: tiberius over TCP to the vtds server, the engine, the Stripe connector
//! and the simulator with injected latency, in one process on loopback. Nothing here asserts: the
//! README's table is copied from this output.

// A benchmark reports by printing.
#![allow(clippy::print_stdout)]

mod pushdown;
mod report;
mod scans;
mod sessions;
mod stack;

use report::Figure;

fn main() -> anyhow::Result<()> {
    let picked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a.starts_with('P') || a.starts_with('p'))
        .map(|a| a.to_uppercase())
        .collect();
    let wants = |name: &str| picked.is_empty() || picked.iter().any(|p| p == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    println!("{}", report::machine());
    let mut figures: Vec<Figure> = Vec::new();
    runtime.block_on(async {
        if wants("P1") {
            figures.push(scans::p1_full_scan().await?);
        }
        if wants("P2") {
            figures.push(pushdown::p2_requests().await?);
        }
        if wants("P3") {
            figures.push(scans::p3_first_row().await?);
        }
        if wants("P5") {
            figures.push(scans::p5_memory().await?);
        }
        if wants("P6") {
            figures.push(sessions::p6_point_queries().await?);
        }
        if wants("P7") {
            figures.push(sessions::p7_login().await?);
        }
        anyhow::Ok(())
    })?;
    println!();
    println!("{}", report::table(&figures));
    Ok(())
}
