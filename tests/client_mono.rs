//! Mono's System.Data.SqlClient (CoreFX's SqlClient with managed SNI: TDS 7.4, the .NET client
//! family behind SSMS and Azure Data Studio) against the real server: `Encrypt=false`
//! (login-only TLS) and `Encrypt=true;TrustServerCertificate=true`, queries compared with the
//! simulator, typed values, SqlParameter (sp_executesql) and SqlCommand.Prepare (sp_prepexec /
//! sp_execute), GetSchema over INFORMATION_SCHEMA, sp_pkeys as an RPC by name, a KeyInfo schema
//! table (SET FMTONLY), errors 208 and 18456, and reconnecting from the pool (RESETCONNECTION)
//! and without it.
//!
//! The suite is `tests/clients/mono`, compiled here with mcs against Debian's Mono
//! (installed by `scripts/install/mono.sh`) into the target directory.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};
use vtds_e2e::clients::{clients_dir, customer_expectations, run_suite, target_dir};
use vtds_e2e::{have_program, TestEnv};

/// Every check the suite must report as passed.
const CHECKS: &[&str] = &[
    "connect",
    "connect_tls",
    "count",
    "top3",
    "types",
    "params",
    "prepared",
    "error_208",
    "probes",
    "catalog_tables",
    "catalog_columns",
    "catalog_pkeys",
    "schema_table",
    "wrong_password",
    "reconnect",
];

/// Compiles the suite into `target/clients/mono/suite.exe` and returns its path.
fn build_suite() -> Result<PathBuf> {
    if !have_program("mcs") || !have_program("mono") {
        bail!("Mono is missing: run ./scripts/test.sh, which installs it");
    }
    let dir = target_dir().join("clients/mono");
    std::fs::create_dir_all(&dir)?;
    let exe = dir.join("suite.exe");
    let sources = std::fs::read_dir(clients_dir().join("mono"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "cs"));
    let out = Command::new("mcs")
        .arg(format!("-out:{}", exe.display()))
        .args(["-nologo", "-r:System.Data", "-r:System.Core"])
        .args(sources)
        .output()
        .context("running mcs")?;
    if !out.status.success() {
        bail!(
            "mcs of the suite failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(exe)
}

#[tokio::test(flavor = "multi_thread")]
async fn mono_sqlclient_suite() -> Result<()> {
    let exe = build_suite()?;
    let env = TestEnv::start(20).await?;
    let mut command = Command::new("mono");
    command.arg(exe).envs(customer_expectations(&env)?);
    let out = run_suite(&env, command, CHECKS)?;
    assert!(!out.contains("FAIL"), "{out}");
    Ok(())
}
