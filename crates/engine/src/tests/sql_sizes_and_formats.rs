//! DATALENGTH, TOP … PERCENT and FORMAT of numbers, as SQL Server answers them.

use datafusion::arrow::datatypes::DataType;

use super::harness::{one, run, scalar, session, R};

async fn row(sql: &str) -> Vec<String> {
    let mut s = session();
    let r = one(&mut s, sql).await;
    assert_eq!(r.rows().len(), 1, "{sql}");
    r.rows()[0].clone()
}

fn first_column(r: &R) -> Vec<&str> {
    r.rows().iter().map(|r| r[0].as_str()).collect()
}

#[tokio::test]
async fn datalength_counts_bytes() {
    let got = row(
        "SELECT DATALENGTH(N'abc'), DATALENGTH('abc'), DATALENGTH(N'𝄞'), DATALENGTH(N'a  '), \
         DATALENGTH(CAST(1 AS INT)), DATALENGTH(CAST(1 AS BIGINT)), DATALENGTH(NULL), \
         DATALENGTH(1), DATALENGTH(CAST(1 AS BIT)), DATALENGTH(CAST(1.5 AS FLOAT)), \
         DATALENGTH(CAST(5 AS DECIMAL(10,2))), DATALENGTH(N''), DATALENGTH(CAST(1 AS SMALLINT))",
    )
    .await;
    assert_eq!(
        got,
        ["6", "3", "4", "6", "4", "8", "NULL", "4", "1", "8", "9", "0", "2"]
    );
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT DATALENGTH(Name), DATALENGTH(Balance), DATALENGTH(Created), DATALENGTH(Email), \
         DATALENGTH(Discount) FROM Stripe.Customers WHERE Id = 'cus_1'",
    )
    .await;
    assert_eq!(r.rows(), &vec![vec!["6", "8", "8", "30", "NULL"]]);
    let R::Rows { schema, .. } = &r else {
        unreachable!()
    };
    // int, except for the (max) types, which are bigint.
    assert_eq!(schema.field(0).data_type(), &DataType::Int32);
    assert_eq!(schema.field(4).data_type(), &DataType::Int64);
    let out = run(&mut s, "SELECT DATALENGTH()").await;
    assert!(matches!(out.as_slice(), [R::Err(174 | 102, _)]), "{out:?}");
}

#[tokio::test]
async fn top_percent_rounds_up() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT TOP (50) PERCENT Id FROM Stripe.Customers ORDER BY Id",
    )
    .await;
    assert_eq!(first_column(&r), vec!["cus_1", "cus_2", "cus_3"]);
    assert_eq!(r.names(), vec!["Id"]);
    let r = one(
        &mut s,
        "SELECT TOP 50 PERCENT Id FROM Stripe.Customers ORDER BY Id DESC",
    )
    .await;
    assert_eq!(first_column(&r), vec!["cus_5", "cus_4", "cus_3"]);
    // Without ORDER BY: the count is still the ceiling (10% of 5 rows is 1 row).
    let r = one(&mut s, "SELECT TOP 10 PERCENT Id FROM Stripe.Customers").await;
    assert_eq!(r.rows().len(), 1);
    for (sql, n) in [
        ("SELECT TOP 0 PERCENT * FROM Stripe.Customers", 0),
        ("SELECT TOP 100 PERCENT * FROM Stripe.Customers", 5),
        ("SELECT TOP (33.4) PERCENT Id FROM Stripe.Customers", 2),
        (
            "SELECT TOP 40 PERCENT Currency, COUNT(*) FROM Stripe.Customers GROUP BY Currency \
             ORDER BY Currency",
            2,
        ),
    ] {
        assert_eq!(one(&mut s, sql).await.rows().len(), n, "{sql}");
    }
    let out = run(
        &mut s,
        "DECLARE @p FLOAT = 40; SELECT TOP (@p) PERCENT Id FROM Stripe.Customers ORDER BY Id",
    )
    .await;
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(first_column(&out[0]), vec!["cus_1", "cus_2"]);
    // In a derived table too.
    assert_eq!(
        scalar(
            &mut s,
            "SELECT COUNT(*) FROM (SELECT TOP 60 PERCENT Id FROM Stripe.Customers ORDER BY Id) t"
        )
        .await,
        "3"
    );
    let out = run(&mut s, "SELECT TOP 101 PERCENT Id FROM Stripe.Customers").await;
    assert!(
        matches!(out.as_slice(), [R::Err(1031, m)] if m == "Percent values must be between 0 and 100."),
        "{out:?}"
    );
}

#[tokio::test]
async fn format_numbers_like_dotnet_en_us() {
    let got = row(
        "SELECT FORMAT(1234.5678, 'N2'), FORMAT(1234.5678, 'N0'), FORMAT(1234.5678, '#,##0.00'), \
         FORMAT(1234.5678, 'C'), FORMAT(0.1234, 'P'), FORMAT(1234.5678, '0.00'), FORMAT(42, 'D5'), \
         FORMAT(255, 'X'), FORMAT(-1234.5, 'N1'), FORMAT(-42, 'D5'), FORMAT(255, 'x4'), \
         FORMAT(CAST(1234567 AS BIGINT), 'N0'), FORMAT(2.5, 'N0'), FORMAT(0.5, '#,##0'), \
         FORMAT(1234.5678, 'F2'), FORMAT(-1234.5, 'C'), FORMAT(CAST(1.5 AS FLOAT), '0.000'), \
         FORMAT(1234.5678, 'N'), FORMAT(0.0, '#.##'), FORMAT(12, '000'), FORMAT(-1, 'X')",
    )
    .await;
    assert_eq!(
        got,
        [
            "1,234.57",
            "1,235",
            "1,234.57",
            "$1,234.57",
            "12.34 %",
            "1234.57",
            "00042",
            "FF",
            "-1,234.5",
            "-00042",
            "00ff",
            "1,234,567",
            "3",
            "1",
            "1234.57",
            "($1,234.50)",
            "1.500",
            "1,234.57",
            "",
            "012",
            "FFFFFFFF"
        ]
    );
    let got = row(
        "SELECT FORMAT(1234.5, 'N2', 'en-US'), FORMAT(NULL, 'N2'), FORMAT(Balance, 'N0') \
         FROM Stripe.Customers WHERE Id = 'cus_3'",
    )
    .await;
    assert_eq!(got, ["1,234.50", "NULL", "1,200"]);
    // Date patterns still format dates.
    assert_eq!(
        row("SELECT FORMAT(CAST('2024-03-09' AS DATE), 'yyyy-MM-dd')").await,
        ["2024-03-09"]
    );
    // An invalid format (an integer-only specifier on a decimal) is NULL; an unknown culture
    // is error 9818, as documented for SQL Server.
    let mut s = session();
    assert_eq!(scalar(&mut s, "SELECT FORMAT(1.5, 'D2')").await, "NULL");
    assert_eq!(scalar(&mut s, "SELECT FORMAT(1.5, 'N2', '')").await, "1.50");
    let out = run(&mut s, "SELECT FORMAT(1.5, 'N2', 'xx-NOPE')").await;
    assert!(matches!(out.as_slice(), [R::Err(9818, _)]), "{out:?}");
}
