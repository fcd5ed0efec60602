//! The newcomer's path: `vtds demo` prints a tsql command; pasting it shows customers.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn demo_prints_a_tsql_command_that_shows_customers() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_vtds"))
            .args([
                "demo",
                "--listen",
                "127.0.0.1:0",
                "--customers",
                "12",
                "--data-dir",
            ])
            .arg(dir.path())
            .env("VTDS_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let stdout = demo.0.stdout.take().unwrap();
    let mut command = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if line.trim_start().starts_with("tsql ") {
            command = Some(line.trim().to_string());
            break;
        }
    }
    let command = command.expect("the demo prints a tsql command");
    assert!(command.contains("-U demo@example.com"), "{command}");

    let mut tsql = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tsql runs (./scripts/test.sh installs FreeTDS)");
    tsql.stdin
        .take()
        .unwrap()
        .write_all(b"SELECT TOP 5 Id, Email, Name FROM Stripe.Customers\ngo\nSELECT COUNT(*) FROM Stripe.Customers\ngo\nexit\n")
        .unwrap();
    let out = tsql.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.matches("cus_").count(), 5, "{text}");
    // 12 listed customers plus one on each of the demo's 2 test clocks, which Stripe's list
    // hides and the scan sweeps.
    assert!(text.lines().any(|l| l.trim() == "14"), "{text}");
}
