//! Priority 1: scalar probes clients send at connect.

use datafusion::arrow::datatypes::DataType;

use super::harness::{one, scalar, session, R};

#[tokio::test]
async fn literals_and_names() {
    let mut s = session();
    let r = one(&mut s, "SELECT 1").await;
    assert_eq!(r.names(), vec![""]);
    assert_eq!(r.rows(), &vec![vec!["1".to_string()]]);
    let r = one(&mut s, "SELECT 1 AS x, 'a' AS [Y], 2").await;
    assert_eq!(r.names(), vec!["x", "Y", ""]);
    assert_eq!(
        r.rows(),
        &vec![vec!["1".to_string(), "a".into(), "2".into()]]
    );
}

#[tokio::test]
async fn identity_probes() {
    let mut s = session();
    let v = scalar(&mut s, "SELECT @@VERSION").await;
    assert!(v.starts_with("Microsoft SQL Server"), "{v}");
    assert!(v.contains(" on "), "{v}");
    let cases = [
        ("SELECT DB_NAME()", "Stripe1"),
        ("select db_name()", "Stripe1"),
        ("SELECT @@SPID", "53"),
        ("SELECT @@SERVERNAME", "VTDS"),
        ("SELECT @@LANGUAGE", "us_english"),
        ("SELECT @@TRANCOUNT", "0"),
        ("SELECT @@MAX_PRECISION", "38"),
        ("SELECT SERVERPROPERTY('ProductVersion')", "16.0.1000.6"),
        ("SELECT SERVERPROPERTY('EngineEdition')", "3"),
        (
            "SELECT SERVERPROPERTY(N'Edition')",
            "Developer Edition (64-bit)",
        ),
        ("SELECT SERVERPROPERTY('IsHadrEnabled')", "0"),
        ("SELECT SERVERPROPERTY('NoSuchProperty')", "NULL"),
        ("SELECT SUSER_SNAME()", "ada@example.com"),
        ("SELECT SYSTEM_USER", "ada@example.com"),
        ("SELECT SCHEMA_NAME()", "dbo"),
        (
            "SELECT CHARINDEX('Microsoft', @@version) AS is_sql_server",
            "1",
        ),
        (
            "SELECT IS_SRVROLEMEMBER('sysadmin') * 1 + IS_SRVROLEMEMBER('serveradmin') * 2",
            "0",
        ),
        ("SELECT CAST(SERVERPROPERTY('EngineEdition') AS INT)", "3"),
        (
            "SELECT CONVERT(sysname, SERVERPROPERTY(N'Collation'))",
            "SQL_Latin1_General_CP1_CI_AS",
        ),
        ("SELECT ISNULL(NULL, 'x')", "x"),
        ("SELECT 'a' + 'b'", "ab"),
        ("SELECT LEN('abc  ')", "3"),
    ];
    for (sql, want) in cases {
        assert_eq!(scalar(&mut s, sql).await, want, "{sql}");
    }
}

#[tokio::test]
async fn probe_types_match_sql_server() {
    let mut s = session();
    let ty = |r: &R| match r {
        R::Rows { schema, .. } => schema.field(0).data_type().clone(),
        other => panic!("{other:?}"),
    };
    let cases = [
        ("SELECT SERVERPROPERTY('EngineEdition')", DataType::Int32),
        ("SELECT SERVERPROPERTY('ProductVersion')", DataType::Utf8),
        ("SELECT @@SPID", DataType::Int16),
        ("SELECT @@TRANCOUNT", DataType::Int32),
        ("SELECT @@MAX_PRECISION", DataType::UInt8),
        ("SELECT @@VERSION", DataType::Utf8),
        ("SELECT 1", DataType::Int32),
        (
            "SELECT CASE WHEN 1 = 2 THEN 2 ELSE 1 END AS DatabaseEngineType",
            DataType::Int32,
        ),
        ("SELECT -1", DataType::Int32),
        ("SELECT 3000000000", DataType::Int64),
    ];
    for (sql, want) in cases {
        assert_eq!(ty(&one(&mut s, sql).await), want, "{sql}");
    }
}
