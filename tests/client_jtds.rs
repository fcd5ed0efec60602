//! jTDS 1.3.1 (the open-source JDBC driver, TDS 7.1 on the wire) against the real server: LOGIN7
//! without PRELOGIN (`ssl=off`) and full TLS (`ssl=require`; `ssl=request` is left out, see Suite.java),
//! queries compared with the simulator, typed values as a 7.1 client sees them (NVARCHAR(MAX) as
//! NTEXT), `?` parameters through sp_prepare/sp_execute and
//! sp_executesql, DatabaseMetaData (sp_tables, sp_columns, sp_pkeys, sp_statistics,
//! sp_server_info, sp_datatype_info, sys.schemas), the driver's own connect-time probes, errors
//! 208 and 18456, and reconnecting.
//!
//! The suite is `tests/clients/jtds`, compiled here with javac against Debian's libjtds-java
//! (installed by `scripts/install/jtds.sh`) into the target directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use vtds_e2e::clients::{clients_dir, customer_expectations, run_suite, target_dir};
use vtds_e2e::{have_program, TestEnv};

/// Where Debian puts the driver.
const DRIVER: &str = "/usr/share/java/jtds.jar";

/// Every check the suite must report as passed.
const CHECKS: &[&str] = &[
    "connect",
    "connect_ssl_require",
    "count",
    "top3",
    "types",
    "params",
    "error_208",
    "probes",
    "catalog_tables",
    "catalog_columns",
    "catalog_pkeys",
    "wrong_password",
    "reconnect",
];

/// Compiles the suite into `target/clients/jtds/classes` and returns that directory.
fn build_suite() -> Result<PathBuf> {
    if !have_program("javac") || !have_program("java") || !Path::new(DRIVER).is_file() {
        bail!("a JDK or jTDS is missing: run ./scripts/test.sh, which installs them");
    }
    let classes = target_dir().join("clients/jtds/classes");
    std::fs::create_dir_all(&classes)?;
    let sources = std::fs::read_dir(clients_dir().join("jtds"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "java"));
    let out = Command::new("javac")
        .args(["-encoding", "UTF-8", "-Xlint:-options", "-cp", DRIVER, "-d"])
        .arg(&classes)
        .args(sources)
        .output()
        .context("running javac")?;
    if !out.status.success() {
        bail!(
            "javac of the suite failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(classes)
}

#[tokio::test(flavor = "multi_thread")]
async fn jtds_suite() -> Result<()> {
    let classes = build_suite()?;
    let env = TestEnv::start(20).await?;
    let classpath = std::env::join_paths([classes, PathBuf::from(DRIVER)])?;
    let mut command = Command::new("java");
    // jTDS turns DATETIME into java.sql.Timestamp in the JVM's zone; the simulator's times are UTC.
    command
        .arg("-Duser.timezone=UTC")
        .arg("-cp")
        .arg(classpath)
        .arg("Suite")
        .envs(customer_expectations(&env)?);
    let out = run_suite(&env, command, CHECKS)?;
    assert!(!out.contains("FAIL"), "{out}");
    Ok(())
}
