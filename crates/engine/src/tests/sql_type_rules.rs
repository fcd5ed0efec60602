//! T-SQL typing rules DataFusion does differently: AVG keeps integer types, bit mixes with int
//! as int, unaliased expressions are unnamed, and date-time literals may omit the seconds.

use datafusion::arrow::datatypes::DataType;

use super::harness::{one, run, scalar, session, R};

fn types(r: &R) -> Vec<DataType> {
    match r {
        R::Rows { schema, .. } => schema
            .fields()
            .iter()
            .map(|f| f.data_type().clone())
            .collect(),
        other => panic!("expected rows, got {other:?}"),
    }
}

#[tokio::test]
async fn avg_of_integers_is_an_integer_truncated_toward_zero() {
    let mut s = session();
    let r = one(&mut s, "SELECT AVG(x) FROM (VALUES (1),(2)) t(x)").await;
    assert_eq!(r.rows(), &vec![vec!["1"]]);
    assert_eq!(types(&r), vec![DataType::Int32]);
    // Truncation is toward zero for negative averages too (-3 / 2 = -1).
    let r = one(
        &mut s,
        "SELECT AVG(x), AVG(CAST(x AS BIGINT)), AVG(CAST(x AS FLOAT)), \
         AVG(CAST(x AS DECIMAL(10,2))), AVG(CAST(x AS SMALLINT)) \
         FROM (VALUES (-1),(-2)) t(x)",
    )
    .await;
    let row = &r.rows()[0];
    assert_eq!(row[0], "-1");
    assert_eq!(row[1], "-1");
    assert_eq!(row[2], "-1.5");
    assert!(row[3].starts_with("-1.5"), "{row:?}");
    let t = types(&r);
    assert_eq!(t[0], DataType::Int32);
    assert_eq!(t[1], DataType::Int64);
    assert_eq!(t[2], DataType::Float64);
    assert!(matches!(t[3], DataType::Decimal128(..)), "{t:?}");
    assert_eq!(t[4], DataType::Int32);
    let r = one(
        &mut s,
        "SELECT AVG(CAST(x AS TINYINT)) FROM (VALUES (250),(255)) t(x)",
    )
    .await;
    assert_eq!(r.rows(), &vec![vec!["252"]]);
    assert_eq!(types(&r), vec![DataType::Int32]);
    // A bigint column (Balance) averages to bigint; NULLs are skipped; no rows give NULL.
    let r = one(&mut s, "SELECT AVG(Balance) FROM Stripe.Customers").await;
    assert_eq!(types(&r), vec![DataType::Int64]);
    assert_eq!(
        scalar(&mut s, "SELECT AVG(x) FROM (VALUES (1),(NULL),(4)) t(x)").await,
        "2"
    );
    assert_eq!(
        scalar(&mut s, "SELECT AVG(x) FROM (VALUES (1)) t(x) WHERE x > 5").await,
        "NULL"
    );
    // Grouped, DISTINCT and as a window.
    let r = one(
        &mut s,
        "SELECT g, AVG(x), AVG(DISTINCT x) FROM (VALUES (1, 1),(1, 2),(1, 2),(2, 7)) t(g, x) \
         GROUP BY g ORDER BY g",
    )
    .await;
    assert_eq!(r.rows(), &vec![vec!["1", "1", "1"], vec!["2", "7", "7"]]);
    let r = one(
        &mut s,
        "SELECT x, AVG(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) \
         FROM (VALUES (1),(2),(4)) t(x) ORDER BY x",
    )
    .await;
    assert_eq!(
        r.rows(),
        &vec![vec!["1", "1"], vec!["2", "1"], vec!["4", "3"]]
    );
}

#[tokio::test]
async fn avg_of_bit_or_text_is_error_8117() {
    let mut s = session();
    for sql in [
        "SELECT AVG(Delinquent) FROM Stripe.Customers",
        "SELECT AVG(Name) FROM Stripe.Customers",
    ] {
        match one(&mut s, sql).await {
            R::Err(n, m) => {
                assert_eq!(n, 8117, "{sql}: {m}");
                assert!(m.contains("invalid for avg operator"), "{m}");
            }
            other => panic!("{sql}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn bit_mixed_with_int_is_int() {
    let mut s = session();
    let r = one(&mut s, "SELECT CAST(1 AS BIT) UNION ALL SELECT 0").await;
    assert_eq!(r.rows(), &vec![vec!["1"], vec!["0"]]);
    assert_eq!(types(&r), vec![DataType::Int32]);
    let r = one(&mut s, "SELECT 5 UNION SELECT CAST(0 AS BIT) ORDER BY 1").await;
    assert_eq!(r.rows(), &vec![vec!["0"], vec!["5"]]);
    let r = one(
        &mut s,
        "SELECT COALESCE(Delinquent, 2), ISNULL(Delinquent, 0), \
         CASE WHEN Id = 'x' THEN Delinquent ELSE 3 END, IIF(1 = 1, Delinquent, 0) \
         FROM Stripe.Customers WHERE Id = 'cus_1'",
    )
    .await;
    assert_eq!(types(&r)[0], DataType::Int32);
    assert_eq!(r.rows().len(), 1);
    assert_eq!(
        scalar(
            &mut s,
            "SELECT COUNT(*) FROM Stripe.Customers WHERE Delinquent IN (0, 1)"
        )
        .await,
        "4"
    );
    // A bit branch anywhere in a longer UNION.
    let r = one(
        &mut s,
        "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT Delinquent FROM Stripe.Customers \
         WHERE Id = 'cus_2'",
    )
    .await;
    assert_eq!(r.rows(), &vec![vec!["1"], vec!["2"], vec!["1"]]);
    // bit with bit stays bit.
    let r = one(
        &mut s,
        "SELECT CAST(1 AS BIT) UNION ALL SELECT CAST(0 AS BIT)",
    )
    .await;
    assert_eq!(types(&r), vec![DataType::Boolean]);
}

#[tokio::test]
async fn unaliased_expressions_are_unnamed_and_may_repeat() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT AVG(x), AVG(CAST(x AS FLOAT)), MAX(x), MAX(x) FROM (VALUES (1),(2)) t(x)",
    )
    .await;
    assert_eq!(r.names(), vec!["", "", "", ""]);
    assert_eq!(r.rows(), &vec![vec!["1", "1.5", "2", "2"]]);
    // The same in a derived table and a UNION.
    let r = one(
        &mut s,
        "SELECT COUNT(*), COUNT(*) FROM Stripe.Customers UNION ALL SELECT 1, 2",
    )
    .await;
    assert_eq!(r.names(), vec!["", ""]);
}

#[tokio::test]
async fn date_time_literals_without_seconds() {
    let mut s = session();
    for sql in [
        "SELECT CAST('2024-01-01 10:30' AS DATETIME)",
        "SELECT CAST('2024-01-01T10:30' AS DATETIME2)",
        "SELECT CONVERT(DATETIME, '2024-01-01 10:30')",
    ] {
        assert_eq!(scalar(&mut s, sql).await, "2024-01-01T10:30:00", "{sql}");
    }
    assert_eq!(
        scalar(
            &mut s,
            "SELECT COUNT(*) FROM Stripe.Customers WHERE Created >= '2000-01-01 10:30' \
             AND Created < '2100-01-01T00:00'"
        )
        .await,
        scalar(&mut s, "SELECT COUNT(*) FROM Stripe.Customers").await
    );
    assert_eq!(
        scalar(
            &mut s,
            "SELECT COUNT(*) FROM Stripe.Customers WHERE Created BETWEEN '2024-01-02 00:00' \
             AND '20240103 00:00'"
        )
        .await,
        "2"
    );
    assert_eq!(
        scalar(&mut s, "SELECT DATEADD(minute, 5, '2024-01-01 10:30')").await,
        "2024-01-01T10:35:00"
    );
    // Still a string where no date is expected.
    assert_eq!(
        scalar(&mut s, "SELECT '2024-01-01 10:30'").await,
        "2024-01-01 10:30"
    );
    // A malformed one is a conversion error, not a panic.
    let out = run(&mut s, "SELECT CAST('2024-01-01 25:30' AS DATETIME)").await;
    assert!(matches!(out.as_slice(), [R::Err(241 | 8114, _)]), "{out:?}");
}
