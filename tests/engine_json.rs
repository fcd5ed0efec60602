//! JSON functions end to end over the simulator's data: OPENJSON (default schema, paths, CROSS
//! and OUTER APPLY over a JSON column) and JSON_QUERY, compared with the simulator's objects.

use std::collections::BTreeSet;

use anyhow::Result;
use tiberius::EncryptionLevel;
use vtds_e2e::{query_strings, TestEnv};

/// (customer id, metadata key, metadata value) for every metadata entry the simulator holds.
fn metadata_entries(env: &TestEnv) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for c in env.sim_objects("customers") {
        let id = c["id"].as_str().unwrap_or_default().to_string();
        if let Some(map) = c["metadata"].as_object() {
            for (k, v) in map {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                out.insert((id.clone(), k.clone(), v));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_apply_openjson_lists_every_metadata_entry() -> Result<()> {
    let env = TestEnv::start(40).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let want = metadata_entries(&env);
    assert!(
        !want.is_empty(),
        "the simulator gives some customers metadata"
    );
    let rows = query_strings(
        &mut client,
        "SELECT c.Id, j.[key], j.[value], j.[type] FROM Stripe.Customers c \
         CROSS APPLY OPENJSON(c.Metadata) AS j",
    )
    .await?;
    assert_eq!(rows.len(), want.len());
    let got: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| {
            assert_eq!(
                r[3].as_deref(),
                Some("1"),
                "Stripe metadata values are strings"
            );
            (
                r[0].clone().unwrap_or_default(),
                r[1].clone().unwrap_or_default(),
                r[2].clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(got, want);

    // OUTER APPLY keeps customers without metadata, once each.
    let customers = env.sim_objects("customers");
    let without = customers
        .iter()
        .filter(|c| c["metadata"].as_object().is_none_or(|m| m.is_empty()))
        .count();
    let rows = query_strings(
        &mut client,
        "SELECT c.Id, j.[key] FROM Stripe.Customers c OUTER APPLY OPENJSON(c.Metadata) j",
    )
    .await?;
    assert_eq!(rows.len(), want.len() + without);
    assert_eq!(rows.iter().filter(|r| r[1].is_none()).count(), without);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn openjson_and_json_query_over_literals_and_variables() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let rows = query_strings(
        &mut client,
        r#"DECLARE @j nvarchar(max) = N'{"plan":"pro","seats":3,"tags":["a","b"]}';
           SELECT [key], [value], [type] FROM OPENJSON(@j)"#,
    )
    .await?;
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        rows,
        vec![
            vec![s("plan"), s("pro"), s("1")],
            vec![s("seats"), s("3"), s("2")],
            vec![s("tags"), s(r#"["a","b"]"#), s("4")],
        ]
    );
    let rows = query_strings(
        &mut client,
        r#"SELECT [key], [value] FROM OPENJSON(N'{"tags":["a","b"]}', '$.tags')"#,
    )
    .await?;
    assert_eq!(rows, vec![vec![s("0"), s("a")], vec![s("1"), s("b")]]);
    let rows = query_strings(
        &mut client,
        r#"SELECT JSON_QUERY(N'{"a":{"b":1}}', '$.a'), JSON_QUERY(N'{"a":1}', '$.a')"#,
    )
    .await?;
    assert_eq!(rows, vec![vec![s(r#"{"b":1}"#), None]]);
    Ok(())
}
