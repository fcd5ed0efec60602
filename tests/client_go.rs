//! go-mssqldb, the Go driver behind go-sqlcmd, through database/sql against the real server:
//! `encrypt=disable`, `encrypt=true&TrustServerCertificate=true` and the driver's default
//! login-only TLS, queries compared with the simulator, `@p1` parameters, prepared statements,
//! sql.ColumnType metadata, INFORMATION_SCHEMA, sqlcmd's probes, transactions, errors and a wrong
//! token.
//!
//! The suite is `tests/clients/go`, built here offline in GOPATH mode against Debian's
//! golang-github-denisenkom-go-mssqldb-dev (installed by `scripts/install/go-clients.sh`).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use vtds_e2e::clients::{clients_dir, customer_expectations, run_suite, target_dir};
use vtds_e2e::{have_program, TestEnv};

/// Where Debian puts the driver's source.
const DRIVER: &str = "/usr/share/gocode/src/github.com/denisenkom/go-mssqldb";

/// Every check the suite must report as passed.
const CHECKS: &[&str] = &[
    "connect",
    "connect_tls",
    "connect_login_tls",
    "count",
    "top3",
    "types",
    "params",
    "prepared",
    "column_types",
    "information_schema",
    "sqlcmd_probes",
    "transaction",
    "error_208",
    "wrong_password",
    "reconnect",
];

/// Builds the suite (a fast no-op from the Go build cache when nothing changed) and returns it.
fn build_suite() -> Result<std::path::PathBuf> {
    if !have_program("go") || !Path::new(DRIVER).is_dir() {
        bail!("Go or go-mssqldb is missing: run ./scripts/test.sh, which installs them");
    }
    let dir = target_dir().join("clients/go");
    let binary = dir.join("bin/vtds-go-suite");
    let gopath = std::env::join_paths([dir.clone(), "/usr/share/gocode".into()])?;
    let out = Command::new("go")
        .arg("build")
        .arg("-o")
        .arg(&binary)
        .arg(".")
        .current_dir(clients_dir().join("go"))
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .env("GOPROXY", "off")
        .env("GOPATH", gopath)
        .env("GOCACHE", dir.join("cache"))
        .output()
        .context("running go build")?;
    if !out.status.success() {
        bail!(
            "go build of the suite failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(binary)
}

#[tokio::test(flavor = "multi_thread")]
async fn go_mssqldb_suite() -> Result<()> {
    let binary = build_suite()?;
    let env = TestEnv::start(20).await?;
    let mut command = Command::new(binary);
    command.envs(customer_expectations(&env)?);
    let out = run_suite(&env, command, CHECKS)?;
    assert!(!out.contains("FAIL"), "{out}");
    Ok(())
}
