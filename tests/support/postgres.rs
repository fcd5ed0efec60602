//! A private PostgreSQL 15 cluster per test (with tds_fdw available), on a free port and a private
//! socket directory, stopped when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::{bail, Context, Result};
use tempfile::TempDir;

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running PostgreSQL cluster.
pub struct PgCluster {
    dir: TempDir,
    port: u16,
    run_as: Option<&'static str>,
}

impl PgCluster {
    /// initdb + start. PostgreSQL refuses to run as root, so as root the server runs as `postgres`.
    pub fn start() -> Result<PgCluster> {
        if !Path::new(PG_BIN).join("initdb").exists() {
            bail!("PostgreSQL 15 is not installed: run ./scripts/test.sh, which installs it");
        }
        let run_as = if is_root()? { Some("postgres") } else { None };
        let dir = tempfile::Builder::new().prefix("vtds-pg").tempdir()?;
        if let Some(user) = run_as {
            check(
                Command::new("chown")
                    .arg("-R")
                    .arg(user)
                    .arg(dir.path())
                    .output()?,
            )?;
        }
        let port = free_port()?;
        let cluster = PgCluster { dir, port, run_as };
        let data = cluster.data_dir();
        check(
            cluster
                .command("initdb")
                .args([
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "-D",
                ])
                .arg(&data)
                .output()?,
        )
        .context("initdb")?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses='' -c fsync=off",
            cluster.dir.path().display()
        );
        check(
            cluster
                .command("pg_ctl")
                .args(["-w", "-t", "60", "-D"])
                .arg(&data)
                .arg("-l")
                .arg(cluster.dir.path().join("server.log"))
                .args(["-o", &options, "start"])
                .stdin(Stdio::null())
                .output()?,
        )
        .context("pg_ctl start")?;
        Ok(cluster)
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, program: &str) -> Command {
        let path = Path::new(PG_BIN).join(program);
        match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    /// Runs SQL through psql (stop on the first error); returns stdout (unaligned, tuples only).
    pub fn psql(&self, sql: &str) -> Result<String> {
        let out = self.psql_output(sql)?;
        if !out.status.success() {
            bail!(
                "psql failed: {}\n--- stdout\n{}",
                String::from_utf8_lossy(&out.stderr),
                String::from_utf8_lossy(&out.stdout)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Runs SQL expected to fail; returns stderr.
    pub fn psql_error(&self, sql: &str) -> Result<String> {
        let out = self.psql_output(sql)?;
        if out.status.success() {
            bail!(
                "psql succeeded but an error was expected: {}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        Ok(String::from_utf8_lossy(&out.stderr).into_owned())
    }

    fn psql_output(&self, sql: &str) -> Result<Output> {
        use std::io::Write;
        let mut child = Command::new(Path::new(PG_BIN).join("psql"))
            .arg("-h")
            .arg(self.dir.path())
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting psql")?;
        child
            .stdin
            .take()
            .context("psql stdin")?
            .write_all(sql.as_bytes())?;
        Ok(child.wait_with_output()?)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-w", "-m", "immediate", "-D"])
            .arg(self.data_dir())
            .arg("stop")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn is_root() -> Result<bool> {
    let out = Command::new("id").arg("-u").output()?;
    Ok(String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// A port that was free a moment ago (the OS picks it; PostgreSQL binds it right after).
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn check(out: Output) -> Result<()> {
    if !out.status.success() {
        bail!(
            "command failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}
