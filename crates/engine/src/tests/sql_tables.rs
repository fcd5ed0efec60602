//! Priority 2: queries over connector tables, names, errors.

use super::harness::{one, run, session, R};

fn rows(r: &R) -> Vec<String> {
    r.rows().iter().map(|r| r.join("|")).collect()
}

#[tokio::test]
async fn select_lists_echo_the_written_names() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT id, Discount FROM Stripe.Customers ORDER BY ID",
    )
    .await;
    assert_eq!(r.names(), vec!["id", "Discount"]);
    assert_eq!(rows(&r)[1], r#"cus_2|{"coupon":"SAVE10"}"#);
    assert_eq!(r.rows().len(), 5);
    let r = one(
        &mut s,
        "SELECT [id], [EMAIL] FROM [Stripe].[Customers] WHERE [Id] = 'cus_1'",
    )
    .await;
    assert_eq!(r.names(), vec!["id", "EMAIL"]);
    assert_eq!(rows(&r), vec!["cus_1|ada@example.com"]);
    let r = one(&mut s, "SELECT * FROM stripe.charges WHERE id = 'ch_1'").await;
    assert_eq!(
        r.names(),
        vec![
            "Id",
            "Amount",
            "Currency",
            "CustomerId",
            "Created",
            "Paid",
            "Status"
        ]
    );
    let r = one(
        &mut s,
        "SELECT c.Id AS CustomerKey, c.name FROM Stripe.Customers c WHERE c.ID = 'cus_2'",
    )
    .await;
    assert_eq!(r.names(), vec!["CustomerKey", "name"]);
    assert_eq!(rows(&r), vec!["cus_2|Bob"]);
}

#[tokio::test]
async fn every_name_form_resolves() {
    let mut s = session();
    for sql in [
        "SELECT COUNT(*) FROM Stripe.Customers",
        "SELECT COUNT(*) FROM stripe.CUSTOMERS",
        "SELECT COUNT(*) FROM Customers",
        "SELECT COUNT(*) FROM dbo.Customers",
        "SELECT COUNT(*) FROM Stripe1.Stripe.Customers",
        "SELECT COUNT(*) FROM [Stripe1].[Stripe].[Customers]",
        "SELECT COUNT(*) FROM Stripe1..Customers",
        "SELECT COUNT(*) FROM \"Stripe\".\"Customers\"",
        "SELECT COUNT(*) FROM Stripe2.Stripe.Customers",
        "SELECT COUNT(*) FROM Stripe.Customers WITH (NOLOCK)",
        "SELECT COUNT_BIG(*) FROM Stripe.Customers",
        "SELECT count(customers.id) FROM Stripe.Customers",
        "SELECT COUNT(Stripe.Customers.Id) FROM Stripe.Customers",
    ] {
        assert_eq!(rows(&one(&mut s, sql).await), vec!["5"], "{sql}");
    }
}

#[tokio::test]
async fn filters_ordering_limits() {
    let mut s = session();
    let cases: &[(&str, &[&str])] = &[
        ("SELECT TOP 2 Id FROM Stripe.Customers ORDER BY Id DESC", &["cus_5", "cus_4"]),
        ("SELECT TOP (2) Id FROM Stripe.Customers ORDER BY Id", &["cus_1", "cus_2"]),
        ("SELECT Id FROM Stripe.Customers WHERE Balance <> 0 ORDER BY Id", &["cus_2", "cus_3", "cus_5"]),
        ("SELECT Id FROM Stripe.Customers WHERE Balance < 0", &["cus_2"]),
        ("SELECT Id FROM Stripe.Customers WHERE Balance > 100", &["cus_3"]),
        ("SELECT Id FROM Stripe.Customers WHERE Id IN ('cus_1', 'cus_4') ORDER BY Id", &["cus_1", "cus_4"]),
        ("SELECT Id FROM Stripe.Customers WHERE Email LIKE '%.org'", &["cus_5"]),
        ("SELECT Id FROM Stripe.Customers WHERE Email IS NULL", &["cus_3"]),
        ("SELECT Id FROM Stripe.Customers WHERE Name IS NOT NULL AND (Balance = 0 OR Currency = 'eur') ORDER BY Id", &["cus_1", "cus_2"]),
        ("SELECT Id FROM Stripe.Customers ORDER BY Id OFFSET 3 ROWS FETCH NEXT 1 ROWS ONLY", &["cus_4"]),
        ("SELECT Id FROM Stripe.Customers ORDER BY Id OFFSET 4 ROWS", &["cus_5"]),
        // SQL Server sorts NULLs first.
        ("SELECT Name FROM Stripe.Customers ORDER BY Name", &["NULL", "Ada", "Bob", "Cy", "Eve"]),
        ("SELECT Id FROM Stripe.Customers WHERE Delinquent = 1", &["cus_2"]),
        ("SELECT Id FROM Stripe.Customers WHERE Created >= '2024-01-04'", &["cus_4", "cus_5"]),
        ("SELECT DISTINCT Currency FROM Stripe.Charges ORDER BY Currency", &["eur", "usd"]),
    ];
    for (sql, want) in cases {
        assert_eq!(rows(&one(&mut s, sql).await), *want, "{sql}");
    }
}

#[tokio::test]
async fn aggregates_and_joins() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT Currency, COUNT(*) AS n, SUM(Amount) AS total FROM Stripe.Charges \
         GROUP BY Currency ORDER BY n DESC",
    )
    .await;
    assert_eq!(r.names(), vec!["Currency", "n", "total"]);
    assert_eq!(rows(&r), vec!["usd|5|10000", "eur|1|700"]);
    let r = one(
        &mut s,
        "SELECT c.Email, ch.Amount FROM Stripe.Charges ch \
         JOIN Stripe.Customers c ON ch.CustomerId = c.Id \
         WHERE c.Id = 'cus_1' ORDER BY ch.Amount",
    )
    .await;
    assert_eq!(r.names(), vec!["Email", "Amount"]);
    assert_eq!(
        rows(&r),
        vec!["ada@example.com|1000", "ada@example.com|2500"]
    );
    let r = one(
        &mut s,
        "SELECT cu.id, ch.id FROM stripe.customers cu LEFT JOIN stripe.charges ch \
         ON ch.customerid = cu.id WHERE cu.id = 'cus_4'",
    )
    .await;
    assert_eq!(r.names(), vec!["id", "id"]);
    assert_eq!(rows(&r), vec!["cus_4|NULL"]);
}

#[tokio::test]
async fn errors_keep_the_session() {
    let mut s = session();
    let cases: &[(&str, u32, &str)] = &[
        (
            "SELECT * FROM Stripe.Nope",
            208,
            "Invalid object name 'Stripe.Nope'.",
        ),
        (
            "SELECT * FROM [Stripe].[Nope]",
            208,
            "Invalid object name 'Stripe.Nope'.",
        ),
        (
            "SELECT x FROM Stripe.Customers",
            207,
            "Invalid column name 'x'.",
        ),
        (
            "SELECT c.x FROM Stripe.Customers c",
            207,
            "Invalid column name 'x'.",
        ),
        (
            "SELECT FROM WHERE",
            156,
            "Incorrect syntax near the keyword 'FROM'.",
        ),
        ("SELEC 1", 102, "Incorrect syntax near 'SELEC'."),
        (
            "SELECT @nope",
            137,
            "Must declare the scalar variable \"@nope\".",
        ),
        (
            "SELECT NOSUCHFUNC(1)",
            40517,
            "'nosuchfunc' is not a recognized built-in function name.",
        ),
    ];
    for (sql, number, message) in cases {
        assert_eq!(
            one(&mut s, sql).await,
            R::Err(*number, message.to_string()),
            "{sql}"
        );
        assert_eq!(rows(&one(&mut s, "SELECT 1").await), vec!["1"]);
    }
}

#[tokio::test]
async fn a_syntax_error_runs_nothing_and_a_failure_stops_the_batch() {
    let mut s = session();
    let all = run(&mut s, "SET NOCOUNT ON SELECT 1 SELECT FROM WHERE").await;
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(!s.nocount());
    let all = run(&mut s, "SELECT 1 SELECT * FROM Stripe.Nope SELECT 2").await;
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(matches!(all[1], R::Err(208, _)));
}

#[tokio::test]
async fn common_query_shapes() {
    let mut s = session();
    let cases: &[(&str, &[&str])] = &[
        ("SELECT Id FROM Stripe.Customers ORDER BY 1 DESC OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY", &["cus_5"]),
        (
            "SELECT CustomerId, COUNT(*) FROM Stripe.Charges WHERE CustomerId IS NOT NULL \
             GROUP BY CustomerId ORDER BY COUNT(*) DESC, CustomerId",
            &["cus_1|2", "cus_3|2", "cus_2|1"],
        ),
        (
            "SELECT Id FROM Stripe.Customers WHERE Id IN (SELECT CustomerId FROM Stripe.Charges \
             WHERE Amount >= 5000)",
            &["cus_3"],
        ),
        (
            "WITH big AS (SELECT customerid, amount FROM stripe.charges WHERE amount > 1000) \
             SELECT b.CustomerId FROM big b ORDER BY b.amount",
            &["cus_3", "cus_1", "cus_3"],
        ),
        (
            "SELECT TOP 1 Id FROM Stripe.Customers UNION ALL SELECT TOP 1 Id FROM Stripe.Charges",
            &["cus_1", "ch_1"],
        ),
        (
            "SELECT CASE WHEN Balance < 0 THEN 'owes' ELSE 'ok' END AS state FROM Stripe.Customers \
             WHERE Id = 'cus_2'",
            &["owes"],
        ),
        ("SELECT Id FROM Stripe.Charges WHERE Amount BETWEEN 1000 AND 2500 ORDER BY Id", &["ch_1", "ch_2", "ch_6"]),
        ("SELECT Name + ' <' + Email + '>' FROM Stripe.Customers WHERE Id = 'cus_1'", &["Ada <ada@example.com>"]),
        ("SELECT CAST(Balance AS NVARCHAR(MAX)) FROM Stripe.Customers WHERE Id = 'cus_2'", &["-500"]),
        ("SELECT ISNULL(Name, '?') FROM Stripe.Customers WHERE Id = 'cus_4'", &["?"]),
        ("SELECT COUNT(DISTINCT Currency) FROM Stripe.Charges", &["2"]),
        ("SELECT MAX(Created) FROM Stripe.Charges", &["2024-01-07T00:00:00"]),
    ];
    for (sql, want) in cases {
        assert_eq!(rows(&one(&mut s, sql).await), *want, "{sql}");
    }
}

#[tokio::test]
async fn json_value_reads_json_columns() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT Id, JSON_VALUE(Discount, '$.coupon') AS coupon FROM Stripe.Customers WHERE JSON_VALUE(Discount, '$.coupon') = 'SAVE10'",
    )
    .await;
    assert_eq!(r.names(), vec!["Id", "coupon"]);
    assert_eq!(rows(&r), vec!["cus_2|SAVE10"]);
}

#[tokio::test]
async fn ambiguous_columns_are_error_209() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT Id FROM Stripe.Customers c JOIN Stripe.Charges ch ON ch.CustomerId = c.Id",
    )
    .await;
    match r {
        R::Err(n, m) => {
            assert_eq!(n, 209, "{m}");
            assert!(m.contains("Ambiguous column name"), "{m}");
        }
        other => panic!("{other:?}"),
    }
}
