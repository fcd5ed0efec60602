//! `sp_tables` as ODBC drivers and JDBC call it: LIKE wildcards in names and owners, quoted
//! table-type lists, positional NULLs, and the same over RPC (arguments as values).

use datafusion::common::ScalarValue;

use super::harness::{one, session, R};
use crate::procs::{call, ProcArg};
use crate::Outcome;

/// (owner, name, type) of each row.
fn tables(r: &R) -> Vec<(String, String, String)> {
    r.rows()
        .iter()
        .map(|row| (row[1].clone(), row[2].clone(), row[3].clone()))
        .collect()
}

fn stripe_tables() -> Vec<(String, String, String)> {
    ["Charges", "Customers"]
        .iter()
        .map(|n| ("Stripe".to_string(), n.to_string(), "TABLE".to_string()))
        .collect()
}

#[tokio::test]
async fn wildcards_and_type_lists_in_exec() {
    let mut s = session();
    let r = one(&mut s, "EXEC sp_tables @table_name = 'Cust%'").await;
    assert_eq!(tables(&r), stripe_tables()[1..].to_vec());
    let r = one(&mut s, "EXEC sp_tables @table_owner = 'Str%'").await;
    assert_eq!(tables(&r), stripe_tables());
    let r = one(
        &mut s,
        "EXEC sp_tables @table_owner = 'Str%', @table_type = \"'TABLE','VIEW'\"",
    )
    .await;
    assert_eq!(tables(&r), stripe_tables());
    // Views only: the catalog views, none of the Stripe tables.
    let r = one(&mut s, "EXEC sp_tables @table_type = \"'VIEW'\"").await;
    assert!(!r.rows().is_empty());
    assert!(r.rows().iter().all(|row| row[3] == "VIEW"));
    let r = one(&mut s, "EXEC sp_tables NULL, NULL, NULL, \"'TABLE'\"").await;
    assert_eq!(tables(&r), stripe_tables());
    let r = one(
        &mut s,
        "EXEC sp_tables N'%ust_mers', N'stripe', N'Stripe1', N'''TABLE'''",
    )
    .await;
    assert_eq!(tables(&r), stripe_tables()[1..].to_vec());
    let r = one(&mut s, "EXEC sp_tables 'Nope%'").await;
    assert!(r.rows().is_empty());
}

#[tokio::test]
async fn the_same_over_rpc() {
    let s = session();
    let text = |v: &str| ScalarValue::Utf8(Some(v.to_string()));
    let rows = |outcomes: Vec<Outcome>| -> usize {
        match outcomes.into_iter().next() {
            Some(Outcome::Rows { .. }) => 1,
            _ => 0,
        }
    };
    // ODBC SQLTables: four positional parameters, NULLs for "any".
    let args = [
        ProcArg::positional(ScalarValue::Null),
        ProcArg::positional(ScalarValue::Null),
        ProcArg::positional(ScalarValue::Null),
        ProcArg::positional(text("'TABLE','VIEW'")),
    ];
    assert_eq!(rows(call(&s, "sp_tables", &args).unwrap()), 1);
    let args = [
        ProcArg::named("@table_name", text("Cust%")),
        ProcArg::named("@table_owner", text("Str%")),
        ProcArg::named("@table_type", text("'TABLE'")),
    ];
    let Some(Outcome::Rows { stream, .. }) = call(&s, "sp_tables", &args).unwrap().pop() else {
        panic!("no rows")
    };
    let batches: Vec<_> = futures::TryStreamExt::try_collect(stream).await.unwrap();
    let n: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(n, 1);
}
