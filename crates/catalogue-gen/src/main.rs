//! `catalogue-gen <spec3.json> <out.rs> [--markdown <out.md>] [--check]`: writes (or, with
//! `--check`, verifies) connector-stripe's generated catalogue.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: catalogue-gen <spec3.json> <out.rs> [--markdown <out.md>] [--check]";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("catalogue-gen: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let mut positional = Vec::new();
    let mut markdown: Option<PathBuf> = None;
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--check" => check = true,
            "--markdown" => markdown = Some(args.next().ok_or(USAGE)?.into()),
            "-h" | "--help" => {
                eprintln!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            _ => positional.push(PathBuf::from(a)),
        }
    }
    let [spec_path, out] = positional.as_slice() else {
        return Err(USAGE.to_string());
    };
    let text = std::fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let spec: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let mut outputs = vec![(
        out.clone(),
        catalogue_gen::generate(&spec).map_err(|e| e.to_string())?,
    )];
    if let Some(md) = markdown {
        outputs.push((
            md,
            catalogue_gen::generate_markdown(&spec).map_err(|e| e.to_string())?,
        ));
    }
    let mut stale = false;
    for (path, content) in outputs {
        if check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != content {
                eprintln!(
                    "{} is out of date; rerun catalogue-gen without --check",
                    path.display()
                );
                stale = true;
            }
        } else {
            std::fs::write(&path, content)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    Ok(if stale {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
