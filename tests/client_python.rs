//! The Python and ODBC clients of issue 3 against the real server and simulator: python-tds
//! (pytds), pymssql (bundled FreeTDS DB-Library), pyodbc over unixODBC + FreeTDS ODBC (the path of
//! Linux BI tools, including the ODBC catalog functions) and unixODBC `isql` with the same driver.
//!
//! Each test starts its own demo and runs one suite under `tests/clients/python/` with the venv's
//! interpreter (made by `scripts/install/python-clients.sh`), passing the simulator's customer count,
//! newest ids and newest customer so the suites assert real values.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Result};
use vtds_e2e::clients::{clients_dir, run_suite, target_dir};
use vtds_e2e::{have_program, TestEnv};

/// Checks every suite reports (the drivers' own extra checks are listed per test).
const COMMON: &[&str] = &[
    "connect",
    "connect_tls",
    "count",
    "top3",
    "types",
    "error",
    "wrong_password",
    "reconnect",
];

/// The venv interpreter with the pinned drivers.
fn python() -> Result<PathBuf> {
    let python = target_dir().join("clients/python-venv/bin/python");
    if !python.exists() {
        bail!(
            "{} is missing: run ./scripts/test.sh (scripts/install/python-clients.sh installs the Python clients)",
            python.display()
        );
    }
    Ok(python)
}

/// Starts a demo, runs `suite` against it and demands the common checks plus `extra`.
async fn run(suite: &str, extra: &[&str]) -> Result<()> {
    let python = python()?;
    let env = TestEnv::start(24).await?;
    let customers = env.sim_objects("customers");
    let top3: Vec<&str> = customers
        .iter()
        .take(3)
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(top3.len(), 3, "the simulator has at least three customers");

    let dir = clients_dir().join("python");
    let mut command = Command::new(python);
    command
        .arg(dir.join(suite))
        .current_dir(&dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("VTDS_EXPECT_COUNT", customers.len().to_string())
        .env("VTDS_EXPECT_TOP3", top3.join(","))
        .env("VTDS_EXPECT_CUSTOMER", customers[0].to_string());
    let expected: Vec<&str> = COMMON.iter().chain(extra).copied().collect();
    let out = run_suite(&env, command, &expected)?;
    assert!(!out.contains("FAIL "), "{out}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn pytds_suite() -> Result<()> {
    run(
        "pytds_suite.py",
        &["params", "catalog", "probes", "transactions"],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn pymssql_suite() -> Result<()> {
    run(
        "pymssql_suite.py",
        &["params", "catalog", "probes", "transactions"],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn pyodbc_freetds_suite() -> Result<()> {
    run(
        "pyodbc_suite.py",
        &[
            "params",
            "catalog_tables",
            "catalog_columns",
            "catalog_primary_keys",
            "catalog_statistics",
            "catalog_special_columns",
            "probes",
            "transactions",
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn isql_freetds_suite() -> Result<()> {
    if !have_program("isql") {
        bail!("unixODBC isql is not installed: run ./scripts/test.sh, which installs it");
    }
    run(
        "isql_suite.py",
        &["exec_direct", "catalog_tables", "catalog_columns"],
    )
    .await
}
