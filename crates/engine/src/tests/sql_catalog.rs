//! Priority 4: INFORMATION_SCHEMA and sys views, including tds_fdw's IMPORT FOREIGN SCHEMA.

use super::harness::{one, scalar, session, R};

fn rows(r: &R) -> Vec<String> {
    r.rows().iter().map(|r| r.join("|")).collect()
}

#[tokio::test]
async fn information_schema_tables() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES \
         ORDER BY TABLE_NAME",
    )
    .await;
    assert_eq!(
        rows(&r),
        vec![
            "Stripe1|Stripe|Charges|BASE TABLE",
            "Stripe1|Stripe|Customers|BASE TABLE"
        ]
    );
    for sql in [
        "SELECT COUNT(*) FROM Stripe1.INFORMATION_SCHEMA.TABLES",
        "SELECT COUNT(*) FROM information_schema.tables",
        "SELECT COUNT(*) FROM [INFORMATION_SCHEMA].[TABLES] WHERE TABLE_TYPE = 'BASE TABLE'",
    ] {
        assert_eq!(scalar(&mut s, sql).await, "2", "{sql}");
    }
}

#[tokio::test]
async fn information_schema_columns_use_sql_server_types() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, \
         CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_PRECISION_RADIX, NUMERIC_SCALE, \
         DATETIME_PRECISION, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_DEFAULT \
         FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'Customers' ORDER BY ORDINAL_POSITION",
    )
    .await;
    assert_eq!(
        rows(&r),
        vec![
            "Id|1|NO|nvarchar|255|510|NULL|NULL|NULL|NULL|UNICODE|SQL_Latin1_General_CP1_CI_AS|NULL",
            "Email|2|YES|nvarchar|512|1024|NULL|NULL|NULL|NULL|UNICODE|SQL_Latin1_General_CP1_CI_AS|NULL",
            "Name|3|YES|nvarchar|256|512|NULL|NULL|NULL|NULL|UNICODE|SQL_Latin1_General_CP1_CI_AS|NULL",
            "Discount|4|YES|nvarchar|-1|-1|NULL|NULL|NULL|NULL|UNICODE|SQL_Latin1_General_CP1_CI_AS|NULL",
            "Created|5|NO|datetime|NULL|NULL|NULL|NULL|NULL|3|NULL|NULL|NULL",
            "Balance|6|NO|bigint|NULL|NULL|19|10|0|NULL|NULL|NULL|NULL",
            "Currency|7|YES|nvarchar|3|6|NULL|NULL|NULL|NULL|UNICODE|SQL_Latin1_General_CP1_CI_AS|NULL",
            "Delinquent|8|YES|bit|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
        ]
    );
    let R::Rows { schema, .. } = &r else {
        unreachable!()
    };
    use datafusion::arrow::datatypes::DataType;
    assert_eq!(schema.field(1).data_type(), &DataType::Int32);
    assert_eq!(
        schema
            .field(0)
            .metadata()
            .get("vtds.sql_type")
            .map(String::as_str),
        Some("nvarchar(128)")
    );
}

/// The batches tds_fdw 2.0.3 sends for `IMPORT FOREIGN SCHEMA "Stripe" FROM SERVER … INTO …`
/// (src/tds_fdw.c `tdsImportSqlServerSchema`).
#[tokio::test]
async fn tds_fdw_import_foreign_schema() {
    let mut s = session();
    assert_eq!(
        one(
            &mut s,
            "SELECT CHARINDEX('Microsoft', @@version) AS is_sql_server"
        )
        .await
        .names(),
        vec!["is_sql_server"]
    );
    assert_eq!(
        scalar(
            &mut s,
            "SELECT CHARINDEX('Microsoft', @@version) AS is_sql_server"
        )
        .await,
        "1"
    );
    let r = one(
        &mut s,
        "SELECT schema_name FROM INFORMATION_SCHEMA.SCHEMATA WHERE schema_name = 'Stripe'",
    )
    .await;
    assert_eq!(r.names(), vec!["schema_name"]);
    assert_eq!(rows(&r), vec!["Stripe"]);
    let import = "SELECT t.table_name,  c.column_name,   c.data_type,   c.column_default,   \
        c.is_nullable,   c.character_maximum_length,   c.numeric_precision,   \
        c.numeric_precision_radix,   c.numeric_scale,   c.datetime_precision \
        FROM INFORMATION_SCHEMA.TABLES t   LEFT JOIN INFORMATION_SCHEMA.COLUMNS c ON     \
        t.table_schema = c.table_schema       AND t.table_name = c.table_name \
        WHERE t.table_type IN ('BASE TABLE','VIEW')   AND t.table_schema = 'Stripe'";
    let r = one(
        &mut s,
        &format!("{import} ORDER BY t.table_name, c.ordinal_position"),
    )
    .await;
    assert_eq!(
        r.names(),
        vec![
            "table_name",
            "column_name",
            "data_type",
            "column_default",
            "is_nullable",
            "character_maximum_length",
            "numeric_precision",
            "numeric_precision_radix",
            "numeric_scale",
            "datetime_precision"
        ]
    );
    let all = rows(&r);
    assert_eq!(all.len(), 15);
    assert_eq!(
        all[0],
        "Charges|Id|nvarchar|NULL|NO|255|NULL|NULL|NULL|NULL"
    );
    assert_eq!(all[1], "Charges|Amount|bigint|NULL|NO|NULL|19|10|0|NULL");
    assert_eq!(
        all[7],
        "Customers|Id|nvarchar|NULL|NO|255|NULL|NULL|NULL|NULL"
    );
    // LIMIT TO / EXCEPT.
    let limited = format!(
        "{import} AND t.table_name IN ('Customers') ORDER BY t.table_name, c.ordinal_position"
    );
    assert_eq!(one(&mut s, &limited).await.rows().len(), 8);
    let except = format!(
        "{import} AND t.table_name NOT IN ('Customers') ORDER BY t.table_name, c.ordinal_position"
    );
    assert_eq!(one(&mut s, &except).await.rows().len(), 7);
    // PostgreSQL folds unquoted names to lower case; SQL Server's collation matches anyway.
    let lower = import.replace("'Stripe'", "'stripe'");
    assert_eq!(one(&mut s, &lower).await.rows().len(), 15);
    let limited = format!("{lower} AND t.table_name IN ('customers')");
    assert_eq!(one(&mut s, &limited).await.rows().len(), 8);
    let like = "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'cust%'";
    assert_eq!(scalar(&mut s, like).await, "Customers");
    // Stripe columns keep plain comparisons (their pushdown depends on it).
    let r = one(&mut s, "SELECT Id FROM Stripe.Customers WHERE Name = 'ada'").await;
    assert!(r.rows().is_empty());
}

#[tokio::test]
async fn sys_views() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT name, database_id, compatibility_level FROM sys.databases \
         WHERE database_id > 4 ORDER BY name",
    )
    .await;
    assert_eq!(rows(&r), vec!["Stripe1|5|160", "Stripe2|6|160"]);
    assert_eq!(
        scalar(
            &mut s,
            "SELECT name FROM master.sys.databases WHERE name = DB_NAME()"
        )
        .await,
        "Stripe1"
    );
    let r = one(&mut s, "SELECT name FROM sys.schemas ORDER BY schema_id").await;
    assert_eq!(rows(&r), vec!["dbo", "INFORMATION_SCHEMA", "sys", "Stripe"]);
    let r = one(
        &mut s,
        "SELECT t.name, c.name, c.column_id FROM sys.tables t JOIN sys.columns c \
         ON c.object_id = t.object_id WHERE t.name = 'Charges' AND c.column_id = 2",
    )
    .await;
    assert_eq!(rows(&r), vec!["Charges|Amount|2"]);
    // Catalog names mixed with Stripe names: `Name` vs `name` in one statement.
    let r = one(
        &mut s,
        "SELECT c.Name, d.name FROM Stripe.Customers c CROSS JOIN sys.databases d \
         WHERE c.Id = 'cus_1' AND d.name = 'Stripe2'",
    )
    .await;
    assert_eq!(rows(&r), vec!["Ada|Stripe2"]);
}
