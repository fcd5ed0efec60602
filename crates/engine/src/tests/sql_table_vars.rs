//! Table variables filled by `INSERT … EXEC`, as mssql-jdbc's DatabaseMetaData sends them.

use super::harness::{run, session, R};

/// mssql-jdbc getColumns (SQLServerDatabaseMetaData.java), parameters inlined.
const JDBC_GET_COLUMNS: &str = "DECLARE @mssqljdbc_temp_sp_columns_result TABLE(TABLE_QUALIFIER SYSNAME, TABLE_OWNER SYSNAME,TABLE_NAME SYSNAME, COLUMN_NAME SYSNAME, DATA_TYPE SMALLINT, TYPE_NAME SYSNAME, PRECISION INT,LENGTH INT, SCALE SMALLINT, RADIX SMALLINT, NULLABLE SMALLINT, REMARKS VARCHAR(254), COLUMN_DEF NVARCHAR(4000),SQL_DATA_TYPE SMALLINT, SQL_DATETIME_SUB SMALLINT, CHAR_OCTET_LENGTH INT, ORDINAL_POSITION INT,IS_NULLABLE VARCHAR(254), SS_IS_SPARSE SMALLINT, SS_IS_COLUMN_SET SMALLINT, SS_IS_COMPUTED SMALLINT,SS_IS_IDENTITY SMALLINT, SS_UDT_CATALOG_NAME NVARCHAR(128), SS_UDT_SCHEMA_NAME NVARCHAR(128),SS_UDT_ASSEMBLY_TYPE_NAME NVARCHAR(max), SS_XML_SCHEMACOLLECTION_CATALOG_NAME NVARCHAR(128),SS_XML_SCHEMACOLLECTION_SCHEMA_NAME NVARCHAR(128), SS_XML_SCHEMACOLLECTION_NAME NVARCHAR(128),SS_DATA_TYPE TINYINT);INSERT INTO @mssqljdbc_temp_sp_columns_result EXEC sp_columns_100 N'Customers',N'Stripe',N'Stripe1',N'%',2,3;SELECT TABLE_QUALIFIER AS TABLE_CAT, TABLE_OWNER AS TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE,TYPE_NAME, PRECISION AS COLUMN_SIZE, LENGTH AS BUFFER_LENGTH, SCALE AS DECIMAL_DIGITS, RADIX AS NUM_PREC_RADIX,NULLABLE, REMARKS, COLUMN_DEF, SQL_DATA_TYPE, SQL_DATETIME_SUB, CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE,NULL AS SCOPE_CATALOG, NULL AS SCOPE_SCHEMA, NULL AS SCOPE_TABLE, SS_DATA_TYPE AS SOURCE_DATA_TYPE,CASE SS_IS_IDENTITY WHEN 0 THEN 'NO' WHEN 1 THEN 'YES' WHEN '' THEN '' END AS IS_AUTOINCREMENT,CASE SS_IS_COMPUTED WHEN 0 THEN 'NO' WHEN 1 THEN 'YES' WHEN '' THEN '' END AS IS_GENERATEDCOLUMN, SS_IS_SPARSE, SS_IS_COLUMN_SET, SS_UDT_CATALOG_NAME, SS_UDT_SCHEMA_NAME, SS_UDT_ASSEMBLY_TYPE_NAME,SS_XML_SCHEMACOLLECTION_CATALOG_NAME, SS_XML_SCHEMACOLLECTION_SCHEMA_NAME, SS_XML_SCHEMACOLLECTION_NAME FROM @mssqljdbc_temp_sp_columns_result ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION;";

/// mssql-jdbc executeSPFkeys for getImportedKeys, parameters inlined.
const JDBC_IMPORTED_KEYS: &str = "DECLARE @jdbc_temp_fkeys_result table (PKTABLE_QUALIFIER sysname, PKTABLE_OWNER sysname, PKTABLE_NAME sysname, PKCOLUMN_NAME sysname, FKTABLE_QUALIFIER sysname, FKTABLE_OWNER sysname, FKTABLE_NAME sysname, FKCOLUMN_NAME sysname, KEY_SEQ smallint, UPDATE_RULE smallint, DELETE_RULE smallint, FK_NAME sysname, PK_NAME sysname, DEFERRABILITY smallint);INSERT INTO @jdbc_temp_fkeys_result EXEC sp_fkeys NULL,NULL,NULL,N'Charges',N'Stripe',N'Stripe1';SELECT  t.PKTABLE_QUALIFIER AS PKTABLE_CAT, t.PKTABLE_OWNER AS PKTABLE_SCHEM, t.PKTABLE_NAME, t.PKCOLUMN_NAME, t.FKTABLE_QUALIFIER AS FKTABLE_CAT, t.FKTABLE_OWNER AS FKTABLE_SCHEM, t.FKTABLE_NAME, t.FKCOLUMN_NAME, t.KEY_SEQ, CASE s.update_referential_action WHEN 1 THEN 0 WHEN 0 THEN 3 WHEN 2 THEN 2 WHEN 3 THEN 4 END as UPDATE_RULE, CASE s.delete_referential_action WHEN 1 THEN 0 WHEN 0 THEN 3 WHEN 2 THEN 2 WHEN 3 THEN 4 END as DELETE_RULE, t.FK_NAME, t.PK_NAME, t.DEFERRABILITY FROM @jdbc_temp_fkeys_result t LEFT JOIN sys.foreign_keys s ON t.FK_NAME = s.name COLLATE database_default AND schema_id(t.FKTABLE_OWNER) = s.schema_id ORDER BY PKTABLE_CAT, PKTABLE_SCHEM, PKTABLE_NAME, KEY_SEQ";

#[tokio::test]
async fn jdbc_get_columns_batch() {
    let mut s = session();
    let out = run(&mut s, JDBC_GET_COLUMNS).await;
    assert_eq!(out[0], R::Done(Some(8)), "{out:?}");
    let r = out.last().unwrap();
    let names = r.names();
    assert_eq!(names.len(), 32);
    assert_eq!(
        &names[..4],
        &["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME"]
    );
    let rows = r.rows();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0][3], "Id");
    // ORDINAL_POSITION, IS_AUTOINCREMENT, IS_GENERATEDCOLUMN.
    assert_eq!(
        (
            rows[1][16].as_str(),
            rows[1][22].as_str(),
            rows[1][23].as_str()
        ),
        ("2", "NO", "NO")
    );
}

#[tokio::test]
async fn jdbc_imported_keys_batch_and_scoping() {
    let mut s = session();
    let out = run(&mut s, JDBC_IMPORTED_KEYS).await;
    assert!(!out.iter().any(|o| matches!(o, R::Err(..))), "{out:?}");
    assert_eq!(out.last().unwrap().names()[0], "PKTABLE_CAT");
    // The table variable is gone with its batch.
    let r = run(&mut s, "SELECT * FROM @jdbc_temp_fkeys_result").await;
    assert!(matches!(r[0], R::Err(137, _)), "{r:?}");
    let r = run(
        &mut s,
        "DECLARE @t TABLE(a int); INSERT INTO @t EXEC sp_server_info 1",
    )
    .await;
    assert!(
        matches!(r.last(), Some(R::Err(..))),
        "column count mismatch: {r:?}"
    );
}
