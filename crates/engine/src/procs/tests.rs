//! Catalog procedures driven through SQL batches on the fake Stripe connector.

use connector::SQL_TYPE_METADATA_KEY;
use datafusion::common::ScalarValue;

use super::{call, ProcArg};
use crate::tests::harness::{one, run, session, R};
use crate::Outcome;

/// Column names with their declared SQL types.
fn typed(r: &R) -> Vec<(String, String)> {
    match r {
        R::Rows { schema, .. } => schema
            .fields()
            .iter()
            .map(|f| {
                let t = f
                    .metadata()
                    .get(SQL_TYPE_METADATA_KEY)
                    .cloned()
                    .unwrap_or_default();
                (f.name().clone(), t)
            })
            .collect(),
        other => panic!("expected rows, got {other:?}"),
    }
}

fn col<'a>(r: &'a R, row: &'a [String], name: &str) -> &'a str {
    let i = r
        .names()
        .iter()
        .position(|n| *n == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &row[i]
}

#[tokio::test]
async fn sp_tables_shape_filters_and_enumerations() {
    let mut s = session();
    let r = one(&mut s, "EXEC sp_tables").await;
    let expect = [
        ("TABLE_QUALIFIER", "nvarchar(128)"),
        ("TABLE_OWNER", "nvarchar(128)"),
        ("TABLE_NAME", "nvarchar(128)"),
        ("TABLE_TYPE", "varchar(32)"),
        ("REMARKS", "varchar(254)"),
    ];
    let want: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(typed(&r), want);
    // Tables first (TABLE < VIEW), then catalog views.
    assert_eq!(
        r.rows()[0],
        vec!["Stripe1", "Stripe", "Charges", "TABLE", "Charges"]
    );
    assert_eq!(r.rows()[1][2], "Customers");
    assert!(r
        .rows()
        .iter()
        .any(|row| row[1] == "INFORMATION_SCHEMA" && row[3] == "VIEW"));

    let r = one(
        &mut s,
        "EXEC sp_tables @table_name = N'cust%', @table_owner = 'Stripe'",
    )
    .await;
    assert_eq!(r.rows().len(), 1);
    assert_eq!(r.rows()[0][2], "Customers");
    // Positional, with the ODBC quoted type list.
    let r = one(&mut s, "EXEC sp_tables NULL, NULL, NULL, \"'TABLE'\"").await;
    assert_eq!(r.rows().len(), 2, "{:?}", r.rows());
    let r = one(
        &mut s,
        "exec sp_tables @table_type = '''VIEW''', @table_name = 'TABLES'",
    )
    .await;
    let owners: Vec<&str> = r.rows().iter().map(|r| r[1].as_str()).collect();
    assert_eq!(owners, vec!["INFORMATION_SCHEMA", "sys"]);
    // fUsePattern = 0: `_` is literal.
    let r = one(&mut s, "EXEC sp_tables 'C_arges', @fUsePattern = 0").await;
    assert!(r.rows().is_empty());
    // jTDS: the catalog list; ODBC: owners and table types.
    let r = one(&mut s, "exec sp_tables '', '', '%', NULL").await;
    assert_eq!(
        r.rows().iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        vec!["master", "model", "msdb", "Stripe1", "Stripe2", "tempdb"]
    );
    let r = one(&mut s, "exec sp_tables '', '%', '', NULL").await;
    assert!(r.rows().iter().any(|r| r[1] == "Stripe"));
    let r = one(&mut s, "exec sp_tables '', '', '', '%'").await;
    assert_eq!(
        r.rows().iter().map(|r| r[3].as_str()).collect::<Vec<_>>(),
        vec!["SYSTEM TABLE", "TABLE", "VIEW"]
    );
    // Another database as qualifier: nothing.
    let r = one(&mut s, "exec sp_tables 'Charges', NULL, 'Stripe2'").await;
    assert!(r.rows().is_empty());
}

#[tokio::test]
async fn sp_columns_odbc_types() {
    let mut s = session();
    let r = one(&mut s, "EXEC sp_columns @table_name = 'Customers'").await;
    assert_eq!(r.names().len(), 19);
    let t = typed(&r);
    assert_eq!(t[4], ("DATA_TYPE".to_string(), "smallint".to_string()));
    assert_eq!(t[6], ("PRECISION".to_string(), "int".to_string()));
    assert_eq!(t[18], ("SS_DATA_TYPE".to_string(), "tinyint".to_string()));
    assert_eq!(
        t[12],
        ("COLUMN_DEF".to_string(), "nvarchar(4000)".to_string())
    );
    let rows = r.rows();
    assert_eq!(rows.len(), 8);
    let id = &rows[0];
    assert_eq!(
        &id[..12],
        &[
            "Stripe1",
            "Stripe",
            "Customers",
            "Id",
            "-9",
            "nvarchar",
            "255",
            "510",
            "NULL",
            "NULL",
            "0",
            "NULL"
        ]
    );
    assert_eq!(col(&r, id, "IS_NULLABLE"), "NO");
    assert_eq!(col(&r, id, "ORDINAL_POSITION"), "1");
    assert_eq!(col(&r, id, "CHAR_OCTET_LENGTH"), "510");
    let created = rows.iter().find(|r| r[3] == "Created").unwrap();
    assert_eq!(col(&r, created, "DATA_TYPE"), "11");
    assert_eq!(col(&r, created, "SQL_DATA_TYPE"), "9");
    assert_eq!(col(&r, created, "SQL_DATETIME_SUB"), "3");
    let balance = rows.iter().find(|r| r[3] == "Balance").unwrap();
    assert_eq!(
        (col(&r, balance, "DATA_TYPE"), col(&r, balance, "PRECISION")),
        ("-5", "19")
    );
    let bit = rows.iter().find(|r| r[3] == "Delinquent").unwrap();
    assert_eq!(
        (col(&r, bit, "DATA_TYPE"), col(&r, bit, "NULLABLE")),
        ("-7", "1")
    );
    let max = rows.iter().find(|r| r[3] == "Discount").unwrap();
    assert_eq!(col(&r, max, "DATA_TYPE"), "-10");
    // REMARKS carry the column's description (Stripe's, for real tables).
    let email = rows.iter().find(|r| r[3] == "Email").unwrap();
    assert_eq!(col(&r, email, "REMARKS"), "The customer's email address.");
    assert_eq!(col(&r, id, "REMARKS"), "NULL");

    // Positional with a column pattern.
    let r = one(&mut s, "EXEC sp_columns Charges, Stripe, NULL, 'C%'").await;
    let names: Vec<&str> = r.rows().iter().map(|r| r[3].as_str()).collect();
    assert_eq!(names, vec!["Currency", "CustomerId", "Created"]);

    let r = one(
        &mut s,
        "EXEC sp_columns_100 N'Charges', N'Stripe', NULL, NULL, @ODBCVer = 3",
    )
    .await;
    assert_eq!(r.names().len(), 29);
    assert_eq!(r.names()[19], "SS_IS_SPARSE");
    assert_eq!(r.names()[28], "SS_XML_SCHEMACOLLECTION_NAME");
    let created = r.rows().iter().find(|r| r[3] == "Created").unwrap();
    assert_eq!(created[4], "93");
    assert_eq!(&created[19..23], &["0", "0", "0", "0"]);
    assert_eq!(created[23], "NULL");

    let e = one(&mut s, "EXEC sp_columns").await;
    assert!(
        matches!(e, R::Err(201, ref m) if m.contains("@table_name")),
        "{e:?}"
    );
}

#[tokio::test]
async fn keys_statistics_and_special_columns() {
    let mut s = session();
    let r = one(&mut s, "EXEC sp_pkeys 'charges'").await;
    assert_eq!(
        r.names(),
        vec![
            "TABLE_QUALIFIER",
            "TABLE_OWNER",
            "TABLE_NAME",
            "COLUMN_NAME",
            "KEY_SEQ",
            "PK_NAME"
        ]
    );
    assert_eq!(
        r.rows(),
        &vec![vec![
            "Stripe1",
            "Stripe",
            "Charges",
            "Id",
            "1",
            "PK_Charges"
        ]]
    );
    let r = one(&mut s, "EXEC sp_pkeys @table_name = 'Nope'").await;
    assert!(r.rows().is_empty());

    let r = one(&mut s, "EXEC sp_fkeys @pktable_name = 'Customers'").await;
    assert_eq!(r.names().len(), 14);
    assert_eq!(r.rows().len(), 1);
    let row = &r.rows()[0];
    assert_eq!(
        (
            row[2].as_str(),
            row[3].as_str(),
            row[6].as_str(),
            row[7].as_str()
        ),
        ("Customers", "Id", "Charges", "CustomerId")
    );
    let r = one(&mut s, "EXEC sp_fkeys NULL, NULL, NULL, 'Customers'").await;
    assert!(r.rows().is_empty());

    let r = one(&mut s, "EXEC sp_statistics 'Customers'").await;
    assert_eq!(r.names().len(), 13);
    assert_eq!(r.rows().len(), 2);
    assert_eq!(r.rows()[0][6], "0");
    assert_eq!(
        &r.rows()[1][3..10],
        &["0", "Customers", "PK_Customers", "1", "1", "Id", "A"]
    );

    let r = one(&mut s, "EXEC sp_special_columns 'Customers', @ODBCVer = 3").await;
    assert_eq!(
        r.names(),
        vec![
            "SCOPE",
            "COLUMN_NAME",
            "DATA_TYPE",
            "TYPE_NAME",
            "PRECISION",
            "LENGTH",
            "SCALE",
            "PSEUDO_COLUMN"
        ]
    );
    assert_eq!(
        r.rows(),
        &vec![vec!["1", "Id", "-9", "nvarchar", "255", "510", "NULL", "1"]]
    );
    let r = one(
        &mut s,
        "EXEC sp_special_columns 'Customers', @col_type = 'V'",
    )
    .await;
    assert!(r.rows().is_empty());
}

#[tokio::test]
async fn server_info_datatypes_and_server_procs() {
    let mut s = session();
    let r = one(&mut s, "sp_server_info 16").await;
    assert_eq!(
        typed(&r)[1],
        ("ATTRIBUTE_NAME".to_string(), "varchar(60)".to_string())
    );
    assert_eq!(r.rows(), &vec![vec!["16", "IDENTIFIER_CASE", "MIXED"]]);
    let r = one(&mut s, "EXEC sp_server_info").await;
    assert_eq!(r.rows()[0], vec!["1", "DBMS_NAME", "Microsoft SQL Server"]);
    assert!(r.rows().iter().any(|r| r[1] == "COLLATION_SEQ"));
    assert_eq!(r.rows().last().unwrap()[1], "SYS_SPROC_VERSION");

    let r = one(&mut s, "EXEC sp_datatype_info @ODBCVer = 3").await;
    assert_eq!(r.names().len(), 20);
    assert_eq!(
        (r.names()[2], r.names()[10], r.names()[11]),
        ("COLUMN_SIZE", "FIXED_PREC_SCALE", "AUTO_UNIQUE_VALUE")
    );
    let dt = r.rows().iter().find(|r| r[0] == "datetime").unwrap();
    assert_eq!(dt[1], "93");
    let r = one(&mut s, "EXEC sp_datatype_info").await;
    assert_eq!(r.names()[2], "PRECISION");
    assert_eq!(r.rows()[0][0], "nvarchar");
    let r = one(&mut s, "EXEC sp_datatype_info -5").await;
    assert_eq!(r.rows().len(), 1);
    assert_eq!(r.rows()[0][0], "bigint");

    let r = one(&mut s, "EXEC sp_helpdb").await;
    assert_eq!(
        r.names(),
        vec![
            "name",
            "db_size",
            "owner",
            "dbid",
            "created",
            "status",
            "compatibility_level"
        ]
    );
    assert_eq!(
        r.rows().len(),
        6,
        "master, tempdb, model, msdb, Stripe1, Stripe2"
    );
    let r = one(&mut s, "EXEC sp_helpdb 'stripe2'").await;
    assert_eq!(r.rows()[0][0], "Stripe2");
    let r = one(&mut s, "EXEC sp_who").await;
    assert_eq!(r.rows()[0][0], "53");
    assert_eq!(r.rows()[0][3], "ada@example.com");
    assert_eq!(r.rows()[0][6], "Stripe1");
}

#[tokio::test]
async fn stored_procedures_describe_the_registry() {
    let mut s = session();
    let r = one(&mut s, "EXEC sp_stored_procedures").await;
    assert_eq!(r.names().len(), 8);
    assert!(r
        .rows()
        .iter()
        .any(|r| r[2] == "sp_tables;1" && r[1] == "sys"));
    let r = one(&mut s, "EXEC sp_stored_procedures 'sp_pkeys'").await;
    assert_eq!(r.rows().len(), 1);
    let r = one(&mut s, "EXEC sp_sproc_columns 'sp_pkeys'").await;
    assert_eq!(r.names().len(), 20);
    let names: Vec<&str> = r.rows().iter().map(|r| r[3].as_str()).collect();
    assert_eq!(
        names,
        vec![
            "@RETURN_VALUE",
            "@table_name",
            "@table_owner",
            "@table_qualifier"
        ]
    );
    assert_eq!(r.rows()[0][4], "5");
    assert_eq!(r.rows()[1][6], "sysname");
}

#[tokio::test]
async fn names_errors_and_recovery() {
    let mut s = session();
    for sql in [
        "EXEC sys.sp_pkeys 'Charges'",
        "EXECUTE master.dbo.sp_pkeys 'Charges'",
        "exec [dbo].[SP_PKEYS] Charges",
    ] {
        assert_eq!(one(&mut s, sql).await.rows().len(), 1, "{sql}");
    }
    let r = one(&mut s, "EXEC sp_columns_170 'Charges'").await;
    assert_eq!(
        r,
        R::Err(
            2812,
            "Could not find stored procedure 'sp_columns_170'.".into()
        )
    );
    let r = one(&mut s, "EXEC dbo.sp_nope").await;
    assert_eq!(
        r,
        R::Err(
            2812,
            "Could not find stored procedure 'dbo.sp_nope'.".into()
        )
    );
    let r = one(&mut s, "EXEC sp_pkeys 'a', 'b', 'c', 'd'").await;
    assert!(matches!(r, R::Err(8144, _)), "{r:?}");
    let r = one(&mut s, "EXEC sp_pkeys @nope = 1").await;
    assert!(
        matches!(r, R::Err(8145, ref m) if m.contains("@nope is not a parameter")),
        "{r:?}"
    );
    let r = one(&mut s, "EXEC sp_pkeys @x").await;
    assert!(matches!(r, R::Err(137, _)), "{r:?}");
    // The batch stops at the error; the session keeps working.
    let all = run(&mut s, "EXEC sp_nope; SELECT 1").await;
    assert_eq!(all.len(), 1);
    let all = run(&mut s, "SELECT 1 AS a; EXEC sp_pkeys 'Customers'").await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].rows()[0][3], "Id");
}

#[tokio::test]
async fn fmtonly_returns_metadata_only() {
    let mut s = session();
    let all = run(
        &mut s,
        "SET FMTONLY ON; EXEC sp_columns 'Customers'; SET FMTONLY OFF",
    )
    .await;
    assert_eq!(all[1].names().len(), 19);
    assert!(all[1].rows().is_empty());
}

#[tokio::test]
async fn call_by_name_for_rpc() {
    let s = session();
    let out = call(
        &s,
        "sys.sp_columns_100",
        &[
            ProcArg::named("@table_name", ScalarValue::from("Charges")),
            ProcArg::named("@ODBCVer", ScalarValue::Int32(Some(3))),
        ],
    )
    .unwrap();
    assert_eq!(out.len(), 1);
    assert!(matches!(&out[0], Outcome::Rows { schema, .. } if schema.fields().len() == 29));
    let e = call(&s, "sp_nope", &[]).unwrap_err();
    assert_eq!(e.number(), 2812);
}
