//! tiberius (Rust) against the real server and simulator: plaintext, TLS and login-only TLS,
//! queries whose rows must equal the simulator's JSON, and SQL Server error numbers.

use anyhow::Result;
use tiberius::EncryptionLevel;
use vtds_e2e::{connect, query_strings, TestEnv, TOKEN};

fn ids(objects: &[serde_json::Value]) -> Vec<String> {
    objects
        .iter()
        .map(|o| o["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn check_customers(env: &TestEnv, encryption: EncryptionLevel) -> Result<()> {
    let mut client = env.connect(encryption).await?;
    let rows = query_strings(&mut client, "SELECT id, Discount FROM Stripe.Customers").await?;
    let sim = env.sim_objects("customers");
    assert_eq!(rows.len(), sim.len(), "row count equals the simulator's");
    let mut got: Vec<String> = rows.iter().filter_map(|r| r[0].clone()).collect();
    let mut want = ids(&sim);
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let by_id: std::collections::HashMap<&str, &serde_json::Value> = sim
        .iter()
        .map(|o| (o["id"].as_str().unwrap_or_default(), o))
        .collect();
    for row in &rows {
        let id = row[0].as_deref().unwrap_or_default();
        let discount = &by_id[id]["discount"];
        match &row[1] {
            None => assert!(discount.is_null(), "{discount}"),
            Some(text) => {
                let parsed: serde_json::Value = serde_json::from_str(text)?;
                assert_eq!(&parsed, discount);
            }
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn customers_over_plaintext_tls_and_login_only_tls() -> Result<()> {
    let env = TestEnv::start(120).await?;
    check_customers(&env, EncryptionLevel::NotSupported).await?;
    check_customers(&env, EncryptionLevel::Required).await?;
    check_customers(&env, EncryptionLevel::Off).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn names_are_case_insensitive_and_three_part_names_work() -> Result<()> {
    let env = TestEnv::start(30).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let want = env.sim_objects("customers").len().to_string();
    for sql in [
        "SELECT COUNT(*) FROM Stripe.Customers",
        "select count(*) from stripe.customers",
        "SELECT COUNT(*) FROM [Stripe].[Customers]",
        "SELECT COUNT(*) FROM Stripe1.Stripe.Customers",
        "SELECT COUNT(*) FROM [Stripe1].[Stripe].[CUSTOMERS]",
    ] {
        let rows = query_strings(&mut client, sql).await?;
        assert_eq!(rows, vec![vec![Some(want.clone())]], "{sql}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn count_is_int_and_count_big_is_bigint() -> Result<()> {
    let env = TestEnv::start(30).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let want = env.sim_objects("customers").len();
    let row = client
        .simple_query("SELECT COUNT(*), COUNT_BIG(*), COUNT(Email) AS n FROM Stripe.Customers")
        .await?
        .into_row()
        .await?
        .expect("one row");
    // tiberius refuses to read an INT column as i64 and a BIGINT one as i32, so these pin
    // the announced types as SQL Server's.
    assert_eq!(row.try_get::<i32, _>(0)?, Some(i32::try_from(want)?));
    assert_eq!(row.try_get::<i64, _>(1)?, Some(i64::try_from(want)?));
    assert!(row.try_get::<i32, _>(2)?.is_some());
    let grouped = query_strings(
        &mut client,
        "SELECT Currency, COUNT(*) FROM Stripe.Customers GROUP BY Currency \
         HAVING COUNT(*) >= 1 ORDER BY COUNT(*) DESC",
    )
    .await?;
    let total: usize = grouped
        .iter()
        .map(|r| r[1].as_deref().unwrap_or("0").parse::<usize>())
        .sum::<Result<_, _>>()?;
    assert_eq!(total, want);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn top_where_and_order_by() -> Result<()> {
    let env = TestEnv::start(40).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let sim = env.sim_objects("customers");
    let newest = sim[0]["id"].as_str().unwrap_or_default().to_string();

    let rows = query_strings(&mut client, "SELECT TOP 3 Id FROM Stripe.Customers").await?;
    assert_eq!(rows.len(), 3);

    let sql = format!("SELECT Id, Email FROM Stripe.Customers WHERE Id = '{newest}'");
    let rows = query_strings(&mut client, &sql).await?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0].as_deref(), Some(newest.as_str()));
    assert_eq!(rows[0][1].as_deref(), sim[0]["email"].as_str());

    let rows = query_strings(
        &mut client,
        "SELECT TOP 5 Id, Created FROM Stripe.Customers ORDER BY Created ASC, Id",
    )
    .await?;
    let oldest = sim
        .last()
        .and_then(|o| o["id"].as_str())
        .unwrap_or_default();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0][0].as_deref(), Some(oldest));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn charges_join_customers() -> Result<()> {
    let env = TestEnv::start(25).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let charges = env.sim_objects("charges");
    let with_customer = charges.iter().filter(|c| c["customer"].is_string()).count();
    let rows = query_strings(
        &mut client,
        "SELECT ch.Id, c.Email FROM Stripe.Charges ch JOIN Stripe.Customers c ON ch.CustomerId = c.Id",
    )
    .await?;
    assert_eq!(rows.len(), with_customer);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn probes_answer_like_sql_server() -> Result<()> {
    let env = TestEnv::start(5).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let rows = query_strings(&mut client, "SELECT @@VERSION").await?;
    let version = rows[0][0].clone().unwrap_or_default();
    assert!(version.starts_with("Microsoft SQL Server"), "{version}");
    assert!(version.contains(" on "), "{version}");
    let rows = query_strings(&mut client, "SELECT DB_NAME(), 1").await?;
    assert_eq!(rows, vec![vec![Some("Stripe1".into()), Some("1".into())]]);
    // Stripe's own field descriptions, where SSMS and sp_columns' REMARKS show them.
    let description = "The customer's email address.";
    let rows = query_strings(
        &mut client,
        "SELECT CAST(ep.value AS NVARCHAR(400)) FROM sys.extended_properties ep \
         JOIN sys.columns c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id \
         WHERE ep.major_id = OBJECT_ID('Stripe.Customers') AND c.name = 'Email' \
         AND ep.name = 'MS_Description'",
    )
    .await?;
    assert_eq!(rows, vec![vec![Some(description.into())]]);
    let rows = query_strings(
        &mut client,
        "EXEC sp_columns 'Customers', 'Stripe', NULL, 'Email'",
    )
    .await?;
    assert_eq!(rows[0][11].as_deref(), Some(description));
    client
        .simple_query("SET NOCOUNT ON")
        .await?
        .into_results()
        .await?;
    client
        .simple_query("SET TEXTSIZE 2147483647")
        .await?
        .into_results()
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_carry_sql_server_numbers_and_keep_the_session() -> Result<()> {
    let env = TestEnv::start(5).await?;

    let err = connect(env.config(EncryptionLevel::NotSupported, "vtds_wrong_token_000000000"))
        .await
        .map(|_| ())
        .expect_err("a wrong token must not log in");
    assert_eq!(server_error_code(&err), Some(18456), "{err}");

    let mut config = env.config(EncryptionLevel::NotSupported, TOKEN);
    config.database("NoSuchDb");
    let err = connect(config)
        .await
        .map(|_| ())
        .expect_err("unknown database");
    assert_eq!(server_error_code(&err), Some(4060), "{err}");

    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let err = client
        .simple_query("SELECT * FROM Stripe.NoSuchTable")
        .await
        .map(|_| ())
        .expect_err("unknown table");
    assert_eq!(tds_code(&err), Some(208), "{err}");
    let err = client
        .simple_query("SELECT NoSuchColumn FROM Stripe.Customers")
        .await
        .map(|_| ())
        .expect_err("unknown column");
    assert_eq!(tds_code(&err), Some(207), "{err}");
    let err = client
        .simple_query("SELEC 1")
        .await
        .map(|_| ())
        .expect_err("syntax error");
    assert_eq!(tds_code(&err), Some(102), "{err}");

    let rows = query_strings(&mut client, "SELECT 1").await?;
    assert_eq!(rows, vec![vec![Some("1".to_string())]]);
    Ok(())
}

fn server_error_code(err: &anyhow::Error) -> Option<u32> {
    err.downcast_ref::<tiberius::error::Error>()
        .and_then(tds_code)
}

fn tds_code(err: &tiberius::error::Error) -> Option<u32> {
    match err {
        tiberius::error::Error::Server(e) => Some(e.code()),
        _ => None,
    }
}
