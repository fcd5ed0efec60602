//! `data/resources.json` is exactly what `tools/extract.py` makes from Stripe's spec and
//! fixtures. The spec lives outside the repository: `$VTDS_STRIPE_OPENAPI` (a directory with
//! `spec3.json` and `fixtures3*.json`) or the shared checkout next to the workspace. Without
//! it the test is skipped, except under CI, where it must run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

fn spec_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("VTDS_STRIPE_OPENAPI") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/stripe-openapi"),
    };
    dir.join("spec3.json").is_file().then_some(dir)
}

#[test]
fn data_file_matches_the_spec() {
    let Some(dir) = spec_dir() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must check data/resources.json: set VTDS_STRIPE_OPENAPI to the stripe-openapi \
             directory"
        );
        eprintln!("stripe-openapi not found; data/resources.json not re-checked");
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out =
        std::env::temp_dir().join(format!("stripe-sim-resources-{}.json", std::process::id()));
    let status = Command::new("python3")
        .arg(root.join("tools/extract.py"))
        .arg(dir.join("spec3.json"))
        .arg(&dir)
        .arg(&out)
        .status()
        .expect("python3 runs tools/extract.py");
    assert!(status.success());
    let fresh = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    let checked_in = std::fs::read_to_string(root.join("data/resources.json")).unwrap();
    assert!(
        fresh == checked_in,
        "data/resources.json is stale: run python3 crates/stripe-sim/tools/extract.py \
         <spec3.json> <stripe-openapi dir>"
    );
}
