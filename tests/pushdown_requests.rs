//! The pushdown suite through the whole product (tiberius → server → engine → connector →
//! simulator): each query's exact number of Stripe requests, read from the simulator's
//! counters, against the fewest that answer it. Queries whose parts could split in parallel
//! are kept to one page so the counts do not depend on timing.

use anyhow::Result;
use serde_json::Value;
use tiberius::{EncryptionLevel, ToSql};
use vtds_e2e::{query_strings, TestEnv};

/// List pages needed for `n` objects (an empty list still costs one request).
fn pages(n: usize) -> u64 {
    n.div_ceil(100).max(1) as u64
}

fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_query_makes_the_fewest_requests() -> Result<()> {
    let env = TestEnv::start(400).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let customers = env.sim_objects("customers");
    let charges = env.sim_objects("charges");
    let visible: Vec<&Value> = customers
        .iter()
        .filter(|c| c["test_clock"].is_null())
        .collect();
    let payers: Vec<&str> = {
        let mut seen: Vec<&str> = Vec::new();
        for c in charges.iter().filter_map(|c| c["customer"].as_str()) {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen
    };
    let (a, b) = (payers[0], payers[1]);
    let charges_of = |c: &str| charges.iter().filter(|o| o["customer"] == c).count();
    let email = visible
        .iter()
        .find_map(|c| c["email"].as_str())
        .unwrap_or_default();
    let with_email = customers.iter().filter(|c| c["email"] == email).count();
    let crm_id = customers
        .iter()
        .find_map(|c| c["metadata"]["crm_id"].as_str())
        .expect("a customer with a crm_id");
    let with_customer = charges
        .iter()
        .find(|c| c["customer"].is_string())
        .expect("a charge with a customer");

    let cases: Vec<(String, u64)> = vec![
        (
            format!(
                "SELECT * FROM Stripe.Customers WHERE Id = '{}'",
                id(visible[0])
            ),
            1,
        ),
        (
            format!(
                "SELECT Id FROM Stripe.Customers WHERE Id IN ('{}', '{}', '{}')",
                id(visible[1]),
                id(visible[2]),
                id(visible[3])
            ),
            3,
        ),
        (
            format!("SELECT Id FROM Stripe.Charges WHERE CustomerId = '{a}'"),
            pages(charges_of(a)),
        ),
        (
            format!("SELECT Id FROM Stripe.Charges WHERE CustomerId IN ('{a}', '{b}')"),
            pages(charges_of(a)) + pages(charges_of(b)),
        ),
        ("SELECT TOP 5 Id, Email FROM Stripe.Customers".into(), 1),
        ("SELECT TOP 250 Id FROM Stripe.Charges".into(), 3),
        (
            "SELECT TOP 10 Id, Amount FROM Stripe.Charges ORDER BY Created DESC".into(),
            1,
        ),
        (
            "SELECT Id FROM Stripe.Charges ORDER BY Created DESC \
             OFFSET 0 ROWS FETCH NEXT 20 ROWS ONLY"
                .into(),
            1,
        ),
        // Stripe's email list filter is case-sensitive and hides customers on test clocks;
        // a search (case-insensitive, clocks included) answers in one page.
        (
            format!(
                "SELECT Id FROM Stripe.Customers WHERE Email = '{}'",
                email.to_uppercase()
            ),
            pages(with_email),
        ),
        (
            format!(
                "SELECT Id FROM Stripe.Customers WHERE Email LIKE '%{}%'",
                email.split('@').next().unwrap_or_default().to_uppercase()
            ),
            1,
        ),
        (
            format!(
                "SELECT Id FROM Stripe.Customers \
                 WHERE JSON_VALUE(Metadata, '$.crm_id') = '{crm_id}'"
            ),
            1,
        ),
        // An amount range alone would not narrow a search: the list is walked (one page).
        (
            format!("SELECT Id FROM Stripe.Charges WHERE CustomerId = '{a}' AND Amount > 100"),
            pages(charges_of(a)),
        ),
        (
            format!("SELECT Id FROM Stripe.Invoices WHERE CustomerId = '{a}'"),
            1,
        ),
        (
            format!(
                "SELECT c.Email, ch.Amount FROM Stripe.Customers c JOIN Stripe.Charges ch \
                 ON ch.CustomerId = c.Id WHERE c.Id = '{a}'"
            ),
            1 + pages(charges_of(a)),
        ),
        // The join's build side (one charge) gives the customer to fetch at run time.
        (
            format!(
                "SELECT ch.Id, c.Email FROM Stripe.Charges ch JOIN Stripe.Customers c \
                 ON c.Id = ch.CustomerId WHERE ch.Id = '{}'",
                id(with_customer)
            ),
            2,
        ),
        (
            format!(
                "SELECT c.Id, i.Id FROM Stripe.Customers c JOIN Stripe.Invoices i \
                 ON i.CustomerId = c.Id WHERE c.Email = '{email}'"
            ),
            pages(with_email) + with_email as u64,
        ),
    ];
    let sim = env.demo.sim.simulator();
    let mut wrong = Vec::new();
    for (sql, minimal) in &cases {
        sim.reset_stats();
        query_strings(&mut client, sql).await?;
        let made = sim.stats().total;
        if made != *minimal {
            wrong.push(format!("{made} requests (fewest {minimal}): {sql}"));
        }
    }

    // A parameter pushes down like the literal it stands for.
    sim.reset_stats();
    let params: [&dyn ToSql; 2] = [&a, &b];
    client
        .query(
            "SELECT Id FROM Stripe.Charges WHERE CustomerId IN (@P1, @P2)",
            &params,
        )
        .await?
        .into_first_result()
        .await?;
    let minimal = pages(charges_of(a)) + pages(charges_of(b));
    if sim.stats().total != minimal {
        wrong.push(format!(
            "{} requests (fewest {minimal}): CustomerId IN (@P1, @P2)",
            sim.stats().total
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    Ok(())
}
