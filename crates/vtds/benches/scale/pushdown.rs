//! P2: requests issued over the fewest a complete answer needs, for filtered queries.

use anyhow::Result;
use serde_json::Value;
use tiberius::EncryptionLevel;

use crate::report::Figure;
use crate::stack::{Stack, StackSpec};

/// A query and the fewest Stripe requests that answer it completely.
struct Case {
    sql: String,
    minimal: u64,
}

fn id(o: &Value) -> String {
    o["id"].as_str().unwrap_or_default().to_string()
}

fn created(o: &Value) -> i64 {
    o["created"].as_i64().unwrap_or_default()
}

fn time(unix: i64) -> String {
    // SQL Server's ODBC canonical format, which the engine reads as DATETIME.
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn pages(rows: usize) -> u64 {
    rows.div_ceil(100).max(1) as u64
}

fn cases(stack: &Stack) -> Vec<Case> {
    let customers = stack.objects("customers");
    let charges = stack.objects("charges");
    let invoices = stack.objects("invoices");
    let visible: Vec<&Value> = customers
        .iter()
        .filter(|c| c["test_clock"].is_null())
        .collect();
    // A customer with charges, and another one.
    let payer = charges
        .iter()
        .find_map(|c| c["customer"].as_str())
        .unwrap_or_default()
        .to_string();
    let other = charges
        .iter()
        .rev()
        .find_map(|c| c["customer"].as_str())
        .unwrap_or_default()
        .to_string();
    let charges_of = |c: &str| charges.iter().filter(|o| o["customer"] == c).count();
    let in_range = |lo: i64, hi: i64| {
        charges
            .iter()
            .filter(|o| (lo..=hi).contains(&created(o)))
            .count()
    };
    let (hi, lo_small, lo_big) = (
        created(&charges[100]),
        created(&charges[150]),
        created(&charges[550]),
    );
    let email = visible
        .iter()
        .find_map(|c| c["email"].as_str())
        .unwrap_or_default()
        .to_string();
    let with_email = customers
        .iter()
        .filter(|c| c["email"] == email.as_str())
        .count();
    let crm_id = customers
        .iter()
        .find_map(|c| c["metadata"]["crm_id"].as_str())
        .unwrap_or_default()
        .to_string();
    let with_crm_id = customers
        .iter()
        .filter(|c| c["metadata"]["crm_id"] == crm_id.as_str())
        .count();
    // A piece of a surname, searched case-insensitively like SQL Server's LIKE.
    let name_part: String = visible
        .iter()
        .find_map(|c| c["name"].as_str()?.split(' ').nth(1))
        .unwrap_or("smith")
        .chars()
        .take(5)
        .collect::<String>()
        .to_lowercase();
    let with_name_part = customers
        .iter()
        .filter(|c| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.to_lowercase().contains(&name_part))
        })
        .count();
    let c = |sql: String, minimal: u64| Case { sql, minimal };
    vec![
        c(format!("SELECT * FROM Stripe.Customers WHERE Id = '{}'", id(visible[0])), 1),
        c(format!(
            "SELECT Id FROM Stripe.Customers WHERE Id IN ('{}', '{}', '{}')",
            id(visible[1]), id(visible[2]), id(visible[3])
        ), 3),
        c(format!("SELECT * FROM Stripe.Charges WHERE Id = '{}'", id(&charges[7])), 1),
        c(format!("SELECT Id FROM Stripe.Charges WHERE CustomerId = '{payer}'"), pages(charges_of(&payer))),
        c(format!(
            "SELECT Id FROM Stripe.Charges WHERE CustomerId IN ('{payer}', '{other}')"
        ), pages(charges_of(&payer)) + pages(charges_of(&other))),
        c(format!(
            "SELECT Id FROM Stripe.Charges WHERE Created >= '{}' AND Created <= '{}'",
            time(lo_small), time(hi)
        ), pages(in_range(lo_small, hi))),
        c(format!(
            "SELECT Id FROM Stripe.Charges WHERE Created BETWEEN '{}' AND '{}'",
            time(lo_big), time(hi)
        ), pages(in_range(lo_big, hi))),
        c(format!(
            "SELECT COUNT(*) FROM Stripe.Charges WHERE Created >= '{}'", time(lo_big)
        ), pages(charges.iter().filter(|o| created(o) >= lo_big).count())),
        c(format!(
            "SELECT Id FROM Stripe.Charges WHERE CustomerId = '{payer}' AND Created >= '{}'", time(lo_big)
        ), 1),
        c("SELECT TOP 5 Id, Email FROM Stripe.Customers".into(), 1),
        c("SELECT TOP 250 Id FROM Stripe.Charges".into(), 3),
        c(format!("SELECT TOP 10 Id FROM Stripe.Charges WHERE Created <= '{}'", time(hi)), 1),
        c("SELECT Id FROM Stripe.Charges ORDER BY Created DESC OFFSET 0 ROWS FETCH NEXT 20 ROWS ONLY".into(), 1),
        // Stripe's email list filter is case-sensitive (SQL Server's comparison is not) and
        // hides customers on test clocks; one search page answers it whole.
        c(format!("SELECT Id FROM Stripe.Customers WHERE Email = '{}'", email.to_uppercase()),
          pages(with_email)),
        c(format!("SELECT Id FROM Stripe.Invoices WHERE CustomerId = '{payer}'"), 1),
        c(format!("SELECT Id FROM Stripe.Subscriptions WHERE CustomerId = '{payer}'"), 1),
        c(format!("SELECT Id FROM Stripe.PaymentIntents WHERE CustomerId = '{payer}'"), 1),
        c(format!("SELECT Id FROM Stripe.Refunds WHERE ChargeId = '{}'", id(&charges[3])), 1),
        c(format!(
            "SELECT Id FROM Stripe.InvoiceLineItems WHERE InvoiceId = '{}'",
            invoices.first().map(id).unwrap_or_default()
        ), 1),
        c(format!(
            "SELECT c.Email, ch.Amount FROM Stripe.Customers c JOIN Stripe.Charges ch \
             ON ch.CustomerId = c.Id WHERE c.Id = '{payer}'"
        ), 1 + pages(charges_of(&payer))),
        c(format!(
            "SELECT ch.Id, c.Email FROM Stripe.Charges ch JOIN Stripe.Customers c \
             ON c.Id = ch.CustomerId WHERE ch.Id = '{}'", id(&charges[9])
        ), 2),
        c(format!(
            "SELECT Id FROM Stripe.Customers WHERE Email LIKE '%{}%'",
            email.split('@').next().unwrap_or_default()
        ), 1),
        c(format!(
            "SELECT Id FROM Stripe.Customers WHERE JSON_VALUE(Metadata, '$.crm_id') = '{crm_id}'"
        ), pages(with_crm_id)),
        c(format!(
            "SELECT Id, Name FROM Stripe.Customers WHERE Name LIKE '%{}%'",
            name_part.to_uppercase()
        ), pages(with_name_part)),
    ]
}

/// P2 over the cases above, printing each query's counts.
pub async fn p2_requests() -> Result<Figure> {
    let stack = Stack::start(StackSpec {
        customers: 2_000,
        latency_ms: 0,
        stripe_rps: 0.0,
    })
    .await?;
    let mut client = stack.connect(EncryptionLevel::Off).await?;
    let (mut issued, mut minimal) = (0u64, 0u64);
    let cases = cases(&stack);
    for case in &cases {
        stack.reset();
        client
            .simple_query(case.sql.as_str())
            .await?
            .into_results()
            .await?;
        let made = stack.requests();
        println!(
            "P2: {made:>4} requests (minimal {:>3})  {}",
            case.minimal, case.sql
        );
        issued += made;
        minimal += case.minimal;
    }
    Ok(Figure::at_most(
        "P2",
        format!(
            "requests ÷ minimal over {} filtered queries ({issued} ÷ {minimal})",
            cases.len()
        ),
        issued as f64 / minimal as f64,
        "",
        1.05,
        "<= 1.05",
    ))
}
