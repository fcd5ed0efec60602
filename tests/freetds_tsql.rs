//! FreeTDS `tsql` (the command the demo prints) against the real server, with and without TLS.

use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use vtds_e2e::{have_program, TestEnv, DATABASE, TOKEN, USER};

/// Runs `script` through tsql and returns its stdout.
fn tsql(env: &TestEnv, password: &str, script: &str, encryption: &str) -> Result<(bool, String)> {
    if !have_program("tsql") {
        bail!("FreeTDS tsql is not installed: run ./scripts/test.sh, which installs it");
    }
    let conf = tempfile::NamedTempFile::new()?;
    std::fs::write(
        conf.path(),
        format!("[global]\n\ttds version = auto\n\tencryption = {encryption}\n"),
    )?;
    let mut child = Command::new("tsql")
        .args(["-H", "127.0.0.1", "-p", &env.port().to_string()])
        .args(["-U", USER, "-P", password, "-D", DATABASE])
        .env("FREETDSCONF", conf.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting tsql")?;
    child
        .stdin
        .take()
        .context("tsql stdin")?
        .write_all(script.as_bytes())?;
    let out = child.wait_with_output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((out.status.success(), text))
}

#[tokio::test(flavor = "multi_thread")]
async fn tsql_lists_customers_with_and_without_tls() -> Result<()> {
    let env = TestEnv::start(15).await?;
    let sim = env.sim_objects("customers");
    for encryption in ["off", "request", "require"] {
        let script = "SELECT COUNT(*) AS n FROM Stripe.Customers\ngo\nSELECT TOP 3 Id, Email FROM Stripe.Customers ORDER BY Created DESC\ngo\nexit\n";
        let (ok, out) = tsql(&env, TOKEN, script, encryption)?;
        assert!(ok, "tsql ({encryption}) failed:\n{out}");
        assert!(
            out.lines().any(|l| l.trim() == sim.len().to_string()),
            "count {} missing ({encryption}):\n{out}",
            sim.len()
        );
        for object in sim.iter().take(3) {
            let id = object["id"].as_str().unwrap_or_default();
            assert!(out.contains(id), "{id} missing ({encryption}):\n{out}");
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tsql_sees_errors_and_keeps_the_session() -> Result<()> {
    let env = TestEnv::start(5).await?;
    let script = "SELECT * FROM Stripe.Nope\ngo\nSELECT 40 + 2 AS answer\ngo\nexit\n";
    let (_, out) = tsql(&env, TOKEN, script, "off")?;
    assert!(out.contains("Msg 208"), "{out}");
    assert!(out.contains("Invalid object name 'Stripe.Nope'"), "{out}");
    assert!(out.lines().any(|l| l.trim() == "42"), "{out}");

    let (ok, out) = tsql(
        &env,
        "vtds_wrong_token_000000000",
        "SELECT 1\ngo\nexit\n",
        "off",
    )?;
    assert!(!ok || out.contains("18456"), "{out}");
    assert!(out.contains("Login failed"), "{out}");
    Ok(())
}
