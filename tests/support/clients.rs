//! Running an external client's suite (a Python, Java, Node, .NET or Go program) against a test demo.
//!
//! A suite is a program under `tests/clients/` that reads where to connect from the environment
//! (`VTDS_HOST`, `VTDS_PORT`, `VTDS_USER`, `VTDS_PASSWORD`, `VTDS_DATABASE`), runs its checks, prints
//! one line `ok <check>` per passed check and `FAIL <check>: <why>` per failed one, and exits non-zero
//! when any failed. The Rust side also demands every expected check name, so a suite that silently
//! skips its work cannot pass.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{TestEnv, DATABASE, TOKEN, USER};

/// The repository's `tests/clients` directory.
pub fn clients_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clients")
}

/// The workspace's target directory, where installers keep client environments (venvs, node_modules).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Runs `command` with the demo's connection settings in its environment and returns its output.
/// Fails unless it exits 0 and printed `ok <name>` for every name in `expected`.
pub fn run_suite(env: &TestEnv, mut command: Command, expected: &[&str]) -> Result<String> {
    let out = command
        .env("VTDS_HOST", "127.0.0.1")
        .env("VTDS_PORT", env.port().to_string())
        .env("VTDS_USER", USER)
        .env("VTDS_PASSWORD", TOKEN)
        .env("VTDS_DATABASE", DATABASE)
        .output()
        .with_context(|| format!("starting {command:?}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        bail!("{command:?} failed ({}):\n{text}", out.status);
    }
    let passed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("ok "))
        .map(str::trim)
        .collect();
    let missing: Vec<&&str> = expected.iter().filter(|n| !passed.contains(n)).collect();
    if !missing.is_empty() {
        bail!("{command:?} did not report {missing:?}:\n{text}");
    }
    Ok(text)
}

/// The simulator's values a client suite compares with (as `VTDS_EXPECT_*` environment
/// variables): the customer count, the three newest ids and one customer with a non-zero balance
/// and the most metadata for the typed checks.
pub fn customer_expectations(env: &TestEnv) -> Result<Vec<(&'static str, String)>> {
    let sim = env.sim_objects("customers");
    let top3: Vec<&str> = sim
        .iter()
        .take(3)
        .filter_map(|c| c["id"].as_str())
        .collect();
    let pick = sim
        .iter()
        .filter(|c| c["email"].is_string() && c["balance"].as_i64().unwrap_or(0) != 0)
        .max_by_key(|c| c["metadata"].as_object().map_or(0, |m| m.len()))
        .context("no simulated customer with an email and a balance")?;
    let text = |key: &str| pick[key].as_str().unwrap_or_default().to_string();
    Ok(vec![
        ("VTDS_EXPECT_COUNT", sim.len().to_string()),
        ("VTDS_EXPECT_TOP3", top3.join(",")),
        ("VTDS_EXPECT_ID", text("id")),
        ("VTDS_EXPECT_EMAIL", text("email")),
        ("VTDS_EXPECT_NAME", text("name")),
        ("VTDS_EXPECT_BALANCE", pick["balance"].to_string()),
        ("VTDS_EXPECT_DELINQUENT", pick["delinquent"].to_string()),
        ("VTDS_EXPECT_CREATED", pick["created"].to_string()),
        ("VTDS_EXPECT_METADATA", pick["metadata"].to_string()),
    ])
}
