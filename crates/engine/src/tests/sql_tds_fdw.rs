//! Priority 5: the SQL tds_fdw pushes down (PostgreSQL spellings inside T-SQL).

use super::harness::{one, run, scalar, session, R};

fn rows(r: &R) -> Vec<String> {
    r.rows().iter().map(|r| r.join("|")).collect()
}

#[tokio::test]
async fn scan_shapes() {
    let mut s = session();
    assert_eq!(
        run(&mut s, "set textsize 2147483647").await,
        vec![R::Done(None)]
    );
    let r = one(&mut s, "SELECT [id], [email] FROM [Stripe].[Customers]").await;
    assert_eq!(r.names(), vec!["id", "email"]);
    assert_eq!(r.rows().len(), 5);
    let r = one(
        &mut s,
        "SELECT \"Id\", \"Name\" FROM \"Stripe\".\"Customers\" ORDER BY [Id] ASC",
    )
    .await;
    assert_eq!(r.names(), vec!["Id", "Name"]);
    assert_eq!(rows(&r)[0], "cus_1|Ada");
    let r = one(&mut s, "SELECT NULL FROM [Stripe].[Customers]").await;
    assert_eq!(r.rows().len(), 5);
    let r = one(&mut s, "SELECT * FROM Stripe.Customers").await;
    assert_eq!(r.names()[0], "Id");
}

#[tokio::test]
async fn pushed_down_where_clauses() {
    let mut s = session();
    let base = "SELECT [Id] FROM [Stripe].[Customers] WHERE ";
    let cases: &[(&str, &[&str])] = &[
        ("(([Email] = E'a\\\\b'))", &[]),
        (
            "(([Balance] > (-5)))",
            &["cus_1", "cus_3", "cus_4", "cus_5"],
        ),
        (
            "(([Created] >= '2024-01-03 00:00:00+00'))",
            &["cus_3", "cus_4", "cus_5"],
        ),
        ("(([Created] < '2024-01-02 00:00:00'))", &["cus_1"]),
        (
            "(([Name] IS DISTINCT FROM 'Ada'))",
            &["cus_2", "cus_3", "cus_4", "cus_5"],
        ),
        ("(([Name] IS NOT DISTINCT FROM 'Bob'))", &["cus_2"]),
        ("((\"Currency\" = 'eur'))", &["cus_2"]),
        (
            "(([Email] LIKE '%example.com')) AND (([Balance] <> 0))",
            &["cus_2"],
        ),
        ("(([Email] NOT LIKE '%example.com'))", &["cus_5"]),
        ("(([Name] IS NULL))", &["cus_4"]),
        (
            "(([Created] = CAST('2024-01-01 00:00:00' AS timestamp without time zone)))",
            &["cus_1"],
        ),
        (
            "(([Created] = CAST('2024-01-01 00:00:00+00' AS timestamp with time zone)))",
            &["cus_1"],
        ),
        ("(([Balance] = CAST(1200 AS integer)))", &["cus_3"]),
        ("(([Balance] = CAST(42 AS bigint)))", &["cus_5"]),
        (
            "(([Balance] > CAST(1.5 AS numeric(10,2))))",
            &["cus_3", "cus_5"],
        ),
        ("(([Balance] < CAST(0 AS double precision)))", &["cus_2"]),
        (
            "(([Name] = CAST('Cy' AS character varying(10))))",
            &["cus_3"],
        ),
        ("(([Name] = CAST('Cy' AS text)))", &["cus_3"]),
        ("(([Name] = CAST(NULL AS text)))", &[]),
        (
            "(([Balance] = (CAST((SELECT CAST(null as integer)) as integer))))",
            &[],
        ),
    ];
    for (cond, want) in cases {
        let sql = format!("{base}{cond} ORDER BY [Id]");
        assert_eq!(rows(&one(&mut s, &sql).await), *want, "{sql}");
    }
}

#[tokio::test]
async fn row_estimate_with_showplan_all() {
    let mut s = session();
    assert_eq!(
        run(&mut s, "SET SHOWPLAN_ALL ON").await,
        vec![R::Done(None)]
    );
    let r = one(&mut s, "SELECT [Id], [Amount] FROM [Stripe].[Charges]").await;
    let R::Rows { names, rows, .. } = &r else {
        unreachable!()
    };
    let parent = names.iter().position(|n| n == "Parent").unwrap();
    let est = names.iter().position(|n| n == "EstimateRows").unwrap();
    let total: f64 = rows
        .iter()
        .filter(|r| r[parent] == "0")
        .map(|r| r[est].parse::<f64>().unwrap())
        .sum();
    assert_eq!(total, 6.0);
    assert_eq!(
        run(&mut s, "SET SHOWPLAN_ALL OFF").await,
        vec![R::Done(None)]
    );
    assert_eq!(
        scalar(&mut s, "SELECT COUNT(*) FROM [Stripe].[Charges]").await,
        "6"
    );
}
