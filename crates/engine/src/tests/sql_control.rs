//! Batch control flow and variables as connect scripts use them: SMO's ServerInformation batch,
//! SqlClient's GetSchema, PRINT, EXEC of a string and sp_executesql in a batch.

use super::harness::{one, run, scalar, session, R};

/// SMO's ServerInformation batch, verbatim (ServerInformation.cs): three result sets.
const SMO_SERVER_INFORMATION: &str = "DECLARE @edition sysname;
SET @edition = cast(SERVERPROPERTY(N'EDITION') as sysname);
SELECT case when @edition = N'SQL Azure' then 2 else 1 end as 'DatabaseEngineType',
SERVERPROPERTY('EngineEdition') AS DatabaseEngineEdition,
SERVERPROPERTY('ProductVersion') AS ProductVersion,
@@MICROSOFTVERSION AS MicrosoftVersion,
case when serverproperty('EngineEdition') = 12 then 1 when serverproperty('EngineEdition') = 11 and @@version like 'Microsoft Azure SQL Data Warehouse%' then 1 else 0 end as IsFabricServer;
select host_platform from sys.dm_os_host_info
if @edition = N'SQL Azure' 
  select 'TCP' as ConnectionProtocol
else
  exec ('select CONVERT(nvarchar(40),CONNECTIONPROPERTY(''net_transport'')) as ConnectionProtocol')
";

#[tokio::test]
async fn smo_server_information_batch() {
    let mut s = session();
    let out = run(&mut s, SMO_SERVER_INFORMATION).await;
    let sets: Vec<&R> = out.iter().filter(|r| matches!(r, R::Rows { .. })).collect();
    assert_eq!(sets.len(), 3, "{out:?}");
    assert_eq!(
        sets[0].names(),
        vec![
            "DatabaseEngineType",
            "DatabaseEngineEdition",
            "ProductVersion",
            "MicrosoftVersion",
            "IsFabricServer"
        ]
    );
    let R::Rows { schema, rows, .. } = sets[0] else {
        unreachable!()
    };
    use datafusion::arrow::datatypes::DataType;
    assert_eq!(schema.field(0).data_type(), &DataType::Int32);
    assert_eq!(schema.field(1).data_type(), &DataType::Int32);
    assert_eq!(schema.field(4).data_type(), &DataType::Int32);
    assert_eq!(
        (
            rows[0][0].as_str(),
            rows[0][1].as_str(),
            rows[0][4].as_str()
        ),
        ("1", "3", "0")
    );
    assert_eq!(sets[1].rows(), &vec![vec!["Linux"]]);
    assert_eq!(sets[2].rows(), &vec![vec!["TCP"]]);
    assert!(out.iter().all(|r| !matches!(r, R::Err(..))), "{out:?}");
}

#[tokio::test]
async fn variables_are_declared_assigned_and_batch_scoped() {
    let mut s = session();
    assert_eq!(
        scalar(
            &mut s,
            "DECLARE @n int = 40, @m int = 2; SET @n = @n + @m; SELECT @n"
        )
        .await,
        "42"
    );
    let r = run(
        &mut s,
        "DECLARE @who nvarchar(128) = N'Ada'; SELECT Id FROM Stripe.Customers WHERE Name = @who",
    )
    .await;
    assert_eq!(r.last().unwrap().rows(), &vec![vec!["cus_1"]]);
    // NULL variables keep their type; ISNULL falls back.
    assert_eq!(
        scalar(
            &mut s,
            "DECLARE @d nvarchar(128); SELECT ISNULL(@d, db_name())"
        )
        .await,
        "Stripe1"
    );
    // A new batch forgets them (137), and names must be unique in a batch.
    assert_eq!(
        one(&mut s, "SELECT @n").await,
        R::Err(137, "Must declare the scalar variable \"@n\".".into())
    );
    let r = run(&mut s, "DECLARE @a int; DECLARE @A int").await;
    assert!(matches!(r.last(), Some(R::Err(..))), "{r:?}");
    let r = run(&mut s, "SET @nope = 1").await;
    assert_eq!(
        r,
        vec![R::Err(
            137,
            "Must declare the scalar variable \"@nope\".".into()
        )]
    );
}

#[tokio::test]
async fn if_else_exec_and_print() {
    let mut s = session();
    let r = run(&mut s, "IF @@TRANCOUNT > 0 COMMIT TRAN").await;
    assert!(r.is_empty(), "{r:?}");
    let r = run(
        &mut s,
        "IF 1 = 0 SELECT 'yes' ELSE BEGIN SELECT 'no' SELECT 'again' END",
    )
    .await;
    let rows: Vec<&Vec<Vec<String>>> = r.iter().map(|o| o.rows()).collect();
    assert_eq!(
        rows,
        vec![
            &vec![vec!["no".to_string()]],
            &vec![vec!["again".to_string()]]
        ]
    );
    assert_eq!(scalar(&mut s, "EXEC ('SELECT ''a'' + ''b''')").await, "ab");
    assert_eq!(
        one(&mut s, "PRINT DB_NAME()").await,
        R::Info(0, "Stripe1".into())
    );
    let r = run(&mut s, "PRINT 'x' SELECT 1").await;
    assert_eq!(r[0], R::Info(0, "x".into()));
}

#[tokio::test]
async fn sp_executesql_in_a_batch_binds_its_parameters() {
    let mut s = session();
    // SqlClient's GetSchema("Databases") for SQL Server 2008+.
    let sql = "DECLARE @Name nvarchar(128) = NULL;
IF OBJECT_ID('master..sysdatabases') IS NULL EXEC sp_executesql N'select name as database_name, dbid, crdate as create_date from sysdatabases where (name = @Name or (@Name is null))',N'@Name NVARCHAR(128)',@Name=@Name ELSE EXEC sp_executesql N'select name as database_name, dbid, crdate as create_date from master..sysdatabases where (name = @Name or (@Name is null))',N'@Name NVARCHAR(128)',@Name=@Name";
    let r = run(&mut s, sql).await;
    let last = r.last().unwrap();
    assert_eq!(last.names(), vec!["database_name", "dbid", "create_date"]);
    // The four system databases and the two Stripe ones.
    assert_eq!(last.rows().len(), 6);
    let r = run(&mut s, "EXEC sp_executesql N'SELECT @a + 1', N'@a int', 41").await;
    assert_eq!(r.last().unwrap().rows(), &vec![vec!["42"]]);
    let r = run(&mut s, "EXEC sp_executesql N'SELECT @a', N'@a int'").await;
    assert!(matches!(r.last(), Some(R::Err(201, _))), "{r:?}");
}

#[tokio::test]
async fn smo_probes_have_int_results() {
    let mut s = session();
    assert_eq!(
        scalar(&mut s, "exec master.dbo.sp_MSdbuserpriv N'serv'").await,
        "0"
    );
    let r = one(
        &mut s,
        "DECLARE @dbname nvarchar(128) = NULL; SELECT COLLATIONPROPERTY((select collation_name from sys.databases where name = ISNULL(@dbname, db_name())), 'LCID'), COLLATIONPROPERTY((select collation_name from sys.databases where name = ISNULL(@dbname, db_name())), 'ComparisonStyle')",
    )
    .await;
    assert_eq!(r.rows(), &vec![vec!["1033", "196609"]]);
    assert_eq!(
        scalar(&mut s, "SELECT SCHEMA_NAME(SCHEMA_ID('stripe'))").await,
        "Stripe"
    );
    assert_eq!(
        scalar(&mut s, "SELECT OBJECTPROPERTY(1, 'OwnerId')").await,
        "1"
    );
}
