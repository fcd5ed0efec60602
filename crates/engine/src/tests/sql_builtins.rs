//! Everyday T-SQL built-ins that DataFusion spells differently: date parts and arithmetic
//! (SQL Server's boundary-counting DATEDIFF), CONVERT date styles, string helpers.

use super::harness::{one, scalar, session};

async fn values(sql: &str) -> Vec<String> {
    let mut s = session();
    let r = one(&mut s, sql).await;
    assert_eq!(r.rows().len(), 1, "{sql}");
    r.rows()[0].clone()
}

#[tokio::test]
async fn date_parts() {
    let got = values(
        "SELECT YEAR('2024-03-09 10:11:12.345'), MONTH('2024-03-09'), DAY('2024-03-09'), \
         DATEPART(quarter, '2024-03-09'), DATEPART(dy, '2024-03-09'), DATEPART(hh, '2024-03-09 10:11:12'), \
         DATEPART(mi, '2024-03-09 10:11:12'), DATEPART(ss, '2024-03-09 10:11:12'), \
         DATEPART(ms, '2024-03-09 10:11:12.345'), DATEPART('year', '2024-03-09')",
    )
    .await;
    assert_eq!(
        got,
        ["2024", "3", "9", "1", "69", "10", "11", "12", "345", "2024"]
    );
    // Sunday is day 1 of the week, and week 2 of 2024 starts on Sunday 7 January.
    let got = values(
        "SELECT DATEPART(weekday, '2024-01-07'), DATEPART(dw, '2024-01-06'), \
         DATEPART(week, '2024-01-06'), DATEPART(wk, '2024-01-07')",
    )
    .await;
    assert_eq!(got, ["1", "7", "1", "2"]);
}

#[tokio::test]
async fn dateadd_and_eomonth() {
    let got = values(
        "SELECT DATEADD(day, 1, '2024-02-28'), DATEADD(month, 1, '2024-01-31'), \
         DATEADD(yy, -1, '2024-02-29'), DATEADD(hour, 36, '2024-01-01'), \
         DATEADD(quarter, 1, '2024-01-15'), DATEADD(week, 2, '2024-01-01')",
    )
    .await;
    assert_eq!(
        got,
        [
            "2024-02-29T00:00:00",
            "2024-02-29T00:00:00",
            "2023-02-28T00:00:00",
            "2024-01-02T12:00:00",
            "2024-04-15T00:00:00",
            "2024-01-15T00:00:00"
        ]
    );
    let got = values(
        "SELECT EOMONTH('2024-02-10'), EOMONTH('2024-01-31', 1), DATEFROMPARTS(2024, 12, 31)",
    )
    .await;
    assert_eq!(got, ["2024-02-29", "2024-02-29", "2024-12-31"]);
}

#[tokio::test]
async fn datediff_counts_boundaries_crossed() {
    let got = values(
        "SELECT DATEDIFF(year, '2023-12-31', '2024-01-01'), \
         DATEDIFF(month, '2024-01-31', '2024-02-01'), \
         DATEDIFF(quarter, '2024-03-31', '2024-04-01'), \
         DATEDIFF(day, '2024-01-01 23:59:00', '2024-01-02 00:01:00'), \
         DATEDIFF(day, '2024-01-02', '2024-01-01'), \
         DATEDIFF(week, '2024-01-06', '2024-01-07'), \
         DATEDIFF(week, '2024-01-07', '2024-01-13'), \
         DATEDIFF(hour, '2024-01-01 10:59:00', '2024-01-01 11:00:00'), \
         DATEDIFF(minute, '2024-01-01 10:00:59', '2024-01-01 10:01:00'), \
         DATEDIFF(second, '2024-01-01 10:00:00.9', '2024-01-01 10:00:01.1'), \
         DATEDIFF(millisecond, '2024-01-01 10:00:00', '2024-01-01 10:00:01.5'), \
         DATEDIFF_BIG(day, '2000-01-01', '2024-01-01')",
    )
    .await;
    assert_eq!(
        got,
        ["1", "1", "1", "1", "-1", "1", "0", "1", "1", "1", "1500", "8766"]
    );
}

#[tokio::test]
async fn convert_date_styles_and_lengths() {
    let got = values(
        "SELECT CONVERT(VARCHAR(10), CAST('2024-03-09 10:11:12' AS DATETIME), 120), \
         CONVERT(VARCHAR(19), CAST('2024-03-09 10:11:12' AS DATETIME), 120), \
         CONVERT(NVARCHAR(30), CAST('2024-03-09 10:11:12.345' AS DATETIME2(3)), 126), \
         CONVERT(CHAR(8), CAST('2024-03-09' AS DATE), 112), \
         CONVERT(VARCHAR, CAST('2024-03-09' AS DATE), 101), \
         CONVERT(VARCHAR(10), CAST('2024-03-09' AS DATE), 103), \
         CONVERT(VARCHAR(8), CAST('2024-03-09 10:11:12' AS DATETIME), 108), \
         CONVERT(INT, '42')",
    )
    .await;
    assert_eq!(
        got,
        [
            "2024-03-09",
            "2024-03-09 10:11:12",
            "2024-03-09T10:11:12.345",
            "20240309",
            "03/09/2024",
            "09/03/2024",
            "10:11:12",
            "42"
        ]
    );
}

#[tokio::test]
async fn format_with_date_patterns() {
    let got = values(
        "SELECT FORMAT(CAST('2024-03-09 14:05:06.789' AS DATETIME2), 'yyyy-MM-dd HH:mm:ss.fff'), \
         FORMAT(CAST('2024-03-09' AS DATE), 'yyyy-MM'), \
         FORMAT(CAST('2024-03-09' AS DATE), 'dd/MM/yy'), \
         FORMAT(CAST('2024-03-09 14:05:06' AS DATETIME), 'MMM d, h:mm tt')",
    )
    .await;
    assert_eq!(
        got,
        [
            "2024-03-09 14:05:06.789",
            "2024-03",
            "09/03/24",
            "Mar 9, 2:05 PM"
        ]
    );
    // Number formats go to the .NET-style number formatter.
    let mut s = session();
    assert_eq!(
        scalar(&mut s, "SELECT FORMAT(1234.5, 'N2')").await,
        "1,234.50"
    );
}

#[tokio::test]
async fn string_and_misc_helpers() {
    let got = values(
        "SELECT CHOOSE(2, 'a', 'b', 'c'), CHOOSE(4, 'a', 'b'), SQUARE(3), REPLICATE('ab', 3), \
         '[' + SPACE(2) + ']', STUFF('abcdef', 2, 3, 'XY'), USER, CURRENT_USER, SCOPE_IDENTITY()",
    )
    .await;
    assert_eq!(
        got,
        ["b", "NULL", "9.0", "ababab", "[  ]", "aXYef", "dbo", "dbo", "NULL"]
    );
}

#[tokio::test]
async fn date_functions_over_table_columns() {
    let mut s = session();
    let n = scalar(
        &mut s,
        "SELECT COUNT(*) FROM Stripe.Customers WHERE DATEDIFF(day, Created, '2024-01-03') >= 1 \
         AND YEAR(Created) = 2024",
    )
    .await;
    assert!(n.parse::<i64>().unwrap() >= 1, "{n}");
    let r = one(
        &mut s,
        "SELECT YEAR(Created) AS y, MONTH(Created) AS m, COUNT(*) AS n FROM Stripe.Customers \
         GROUP BY YEAR(Created), MONTH(Created) ORDER BY y, m",
    )
    .await;
    assert_eq!(r.names(), ["y", "m", "n"]);
    assert!(!r.rows().is_empty());
    // Grouping on an expression with an integer literal, repeated in the select list.
    let r = one(
        &mut s,
        "SELECT YEAR(Created) + 1 AS y1, CASE WHEN YEAR(Created) > 2000 THEN 1 ELSE 0 END AS new,          COUNT(*) AS n FROM Stripe.Customers          GROUP BY YEAR(Created) + 1, CASE WHEN YEAR(Created) > 2000 THEN 1 ELSE 0 END",
    )
    .await;
    assert_eq!(r.names(), ["y1", "new", "n"]);
    assert!(!r.rows().is_empty());
}
