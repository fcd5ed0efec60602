//! Case-insensitive comparisons on Stripe tables, and the Search API behind them, checked
//! against the simulator's own objects: the rows SQL Server's collation would return, no more,
//! no fewer, whichever endpoint answered.

use std::collections::BTreeSet;

use anyhow::Result;
use serde_json::Value;
use tiberius::EncryptionLevel;
use vtds_e2e::{query_strings, TestEnv};

fn ids<'a>(objects: impl Iterator<Item = &'a Value>) -> BTreeSet<String> {
    objects
        .filter_map(|o| o["id"].as_str().map(str::to_string))
        .collect()
}

async fn ids_of(client: &mut vtds_e2e::TdsClient, sql: &str) -> Result<BTreeSet<String>> {
    Ok(query_strings(client, sql)
        .await?
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .collect())
}

fn contains_ci(v: &Value, needle: &str) -> bool {
    v.as_str()
        .is_some_and(|s| s.to_lowercase().contains(&needle.to_lowercase()))
}

#[tokio::test(flavor = "multi_thread")]
async fn string_predicates_return_what_sql_server_would() -> Result<()> {
    let env = TestEnv::start(300).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let customers = env.sim_objects("customers");
    let charges = env.sim_objects("charges");
    let mut wrong = Vec::new();
    let mut check = |sql: String, got: BTreeSet<String>, want: BTreeSet<String>| {
        if want.is_empty() && !sql.contains("WHERE Id =") {
            wrong.push(format!("{sql}\n  expects no rows: the case proves nothing"));
        }
        if got != want {
            wrong.push(format!(
                "{sql}\n  missing {:?}\n  extra {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
    };

    // Equality ignores case (a search, since Stripe's email filter would not).
    let on_clock = customers
        .iter()
        .find(|c| c["test_clock"].is_string() && c["email"].is_string())
        .expect("a customer on a test clock with an email");
    let email = on_clock["email"].as_str().unwrap_or_default();
    let sql = format!(
        "SELECT Id FROM Stripe.Customers WHERE Email = '{}'",
        email.to_uppercase()
    );
    let want = ids(customers.iter().filter(|c| {
        c["email"]
            .as_str()
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
    }));
    check(sql.clone(), ids_of(&mut client, &sql).await?, want);

    // LIKE with a substring: search, test-clock customers included.
    let part: String = email.chars().skip(1).take(4).collect();
    let sql = format!(
        "SELECT Id FROM Stripe.Customers WHERE Email LIKE '%{}%'",
        part.to_uppercase()
    );
    let want = ids(customers.iter().filter(|c| contains_ci(&c["email"], &part)));
    check(sql.clone(), ids_of(&mut client, &sql).await?, want);

    // A short LIKE pattern cannot be searched: the list is read and filtered here.
    let sql = "SELECT Id FROM Stripe.Customers WHERE Name LIKE 'A%'".to_string();
    let want = ids(customers.iter().filter(|c| {
        c["name"]
            .as_str()
            .is_some_and(|n| n.to_lowercase().starts_with('a'))
    }));
    check(sql.clone(), ids_of(&mut client, &sql).await?, want);

    // Metadata through JSON_VALUE, whose value compares case-insensitively like its column.
    let sql =
        "SELECT Id FROM Stripe.Customers WHERE JSON_VALUE(Metadata, '$.plan') = 'PRO'".to_string();
    let want = ids(customers.iter().filter(|c| c["metadata"]["plan"] == "pro"));
    check(sql.clone(), ids_of(&mut client, &sql).await?, want);

    // Enum columns: the lowered literal is what Stripe stores.
    let sql = "SELECT Id FROM Stripe.Charges WHERE Status = 'SUCCEEDED'".to_string();
    let want = ids(charges.iter().filter(|c| c["status"] == "succeeded"));
    check(sql.clone(), ids_of(&mut client, &sql).await?, want);
    let sql = "SELECT Id FROM Stripe.Charges WHERE Currency IN ('USD', 'Eur')".to_string();
    let want = ids(charges
        .iter()
        .filter(|c| c["currency"] == "usd" || c["currency"] == "eur"));
    check(sql.clone(), ids_of(&mut client, &sql).await?, want);

    // Ids are case-sensitive tokens: another case names no object.
    let id = charges[0]["id"].as_str().unwrap_or_default();
    let sql = format!(
        "SELECT Id FROM Stripe.Charges WHERE Id = '{}'",
        id.to_uppercase()
    );
    let got = ids_of(&mut client, &sql).await?;
    let want = if id == id.to_uppercase() {
        BTreeSet::from([id.to_string()])
    } else {
        BTreeSet::new()
    };
    check(sql, got, want);

    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    Ok(())
}
