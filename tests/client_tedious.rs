//! tedious, the Node.js TDS driver (behind node-mssql, Sequelize, Prisma's SQL Server adapter), against
//! the real server: connecting with `encrypt: false` and with TLS, queries compared with the
//! simulator, Request parameters (sp_executesql), prepare/execute/unprepare, column metadata, the
//! catalogue procedures over RPC, transactions, reset(), errors and a wrong token.
//!
//! The suite itself is `tests/clients/tedious/suite.js`; tedious is installed by
//! `scripts/install/node-clients.sh` from the checked-in lockfile into `target/clients/node`.

use std::process::Command;

use anyhow::{bail, Result};
use vtds_e2e::clients::{clients_dir, customer_expectations, run_suite, target_dir};
use vtds_e2e::{have_program, TestEnv};

/// Every check the suite must report as passed.
const CHECKS: &[&str] = &[
    "connect",
    "connect_tls",
    "initial_sql",
    "count",
    "top3",
    "types",
    "params",
    "prepare_execute",
    "metadata",
    "catalog",
    "transaction",
    "reset",
    "error_208",
    "wrong_password",
    "reconnect",
];

#[tokio::test(flavor = "multi_thread")]
async fn tedious_suite() -> Result<()> {
    let modules = target_dir().join("clients/node/node_modules");
    if !have_program("node") || !modules.join("tedious").is_dir() {
        bail!(
            "node or tedious is missing ({}): run ./scripts/test.sh, which installs them",
            modules.display()
        );
    }
    let env = TestEnv::start(20).await?;
    let mut command = Command::new("node");
    command
        .arg(clients_dir().join("tedious/suite.js"))
        .env("NODE_PATH", &modules)
        .envs(customer_expectations(&env)?);
    let out = run_suite(&env, command, CHECKS)?;
    assert!(!out.contains("FAIL"), "{out}");
    Ok(())
}
