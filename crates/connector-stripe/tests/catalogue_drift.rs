//! The checked-in `src/catalogue/generated.rs` must be exactly what `catalogue-gen` makes of the
//! spec, so nobody edits it by hand and a spec update is one regeneration.
//!
//! The spec lives outside the repository (`../shared/stripe-openapi/spec3.json`, or
//! `$VTDS_STRIPE_OPENAPI` naming the file or its directory). A user's clone has no spec, so there
//! the test only says so; under CI (`CI` set) a missing spec is a failure.

use std::path::PathBuf;

fn spec_path() -> Option<PathBuf> {
    let candidates = match std::env::var_os("VTDS_STRIPE_OPENAPI") {
        Some(p) => {
            let p = PathBuf::from(p);
            vec![p.join("spec3.json"), p]
        }
        None => vec![PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/stripe-openapi/spec3.json")],
    };
    candidates.into_iter().find(|p| p.is_file())
}

/// The parsed spec, or `None` (test passes with a message) outside CI.
fn load_spec() -> Option<serde_json::Value> {
    let Some(path) = spec_path() else {
        let msg = "Stripe OpenAPI spec not found: set VTDS_STRIPE_OPENAPI to spec3.json (or its \
                   directory), or put it at ../shared/stripe-openapi/spec3.json";
        assert!(
            std::env::var_os("CI").is_none(),
            "{msg} (required when CI is set)"
        );
        eprintln!("skipping: {msg}");
        return None;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[test]
fn generated_catalogue_matches_the_spec() {
    let Some(spec) = load_spec() else { return };
    let want = catalogue_gen::generate(&spec).unwrap();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/catalogue/generated.rs");
    let have = std::fs::read_to_string(&file).unwrap();
    assert!(
        have == want,
        "{} is stale: run `cargo run -p catalogue-gen -- <spec3.json> \
         crates/connector-stripe/src/catalogue/generated.rs --markdown docs/tables.md`",
        file.display()
    );
    let md = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/tables.md");
    if let Ok(have_md) = std::fs::read_to_string(&md) {
        assert!(
            have_md == catalogue_gen::generate_markdown(&spec).unwrap(),
            "docs/tables.md is stale"
        );
    }
}

#[test]
fn the_real_spec_yields_every_table() {
    let Some(spec) = load_spec() else { return };
    let tables = catalogue_gen::tables(&spec).unwrap();
    let top_level = tables.iter().filter(|t| !t.path.contains('{')).count();
    assert!(top_level >= 65, "{top_level} top-level tables");
    for child in [
        "InvoiceLineItems",
        "SubscriptionItems",
        "CreditNoteLineItems",
        "CheckoutSessionLineItems",
        "CustomerBalanceTransactions",
        "CustomerTaxIds",
        "PaymentMethods",
        "ApplicationFeeRefunds",
        "TransferReversals",
    ] {
        let t = tables.iter().find(|t| t.name == child);
        assert!(t.is_some_and(|t| t.parent.is_some()), "{child}");
    }
    assert!(tables.len() >= 75, "{} tables", tables.len());
    assert_eq!(
        connector_stripe::catalogue::RESOURCES.len(),
        tables.len(),
        "the checked-in catalogue has every table"
    );
}
