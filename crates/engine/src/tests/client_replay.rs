//! Connect-time queries real tools send (TDS-CLIENTS.md §6.5), replayed verbatim.

use super::harness::{one, session, R};

#[tokio::test]
async fn tool_probes_succeed() {
    let mut s = session();
    let probes = [
        // SMO ServerInformation (the part without DECLARE).
        "SELECT SERVERPROPERTY('EngineEdition') AS DatabaseEngineEdition, \
         SERVERPROPERTY('ProductVersion') AS ProductVersion, @@MICROSOFTVERSION AS MicrosoftVersion, \
         case when serverproperty('EngineEdition') = 12 then 1 when serverproperty('EngineEdition') = 11 \
         and @@version like 'Microsoft Azure SQL Data Warehouse%' then 1 else 0 end as IsFabricServer, \
         convert(sysname, SERVERPROPERTY(N'Collation')) AS Collation;",
        // SMO ServerConnection.
        "select is_srvrolemember('sysadmin') * 1 + is_srvrolemember('serveradmin') * 2 + \
         is_srvrolemember('setupadmin') * 4 + is_srvrolemember('securityadmin') * 8 + \
         is_srvrolemember('processadmin') * 16 + is_srvrolemember('dbcreator') * 32 + \
         is_srvrolemember('diskadmin') * 64 + is_srvrolemember('bulkadmin') * 128",
        "select @@TRANCOUNT",
        "select @@SPID",
        "select suser_sname()",
        "select SERVERPROPERTY(N'servername')",
        // ADS / sqltoolsservice.
        "SELECT SERVERPROPERTY('EngineEdition'), SERVERPROPERTY('productversion'), \
         SERVERPROPERTY ('productlevel'), SERVERPROPERTY ('edition'), SERVERPROPERTY ('MachineName'), \
         SERVERPROPERTY ('ServerName')",
        // mssql-jdbc DatabaseMetaData.
        "SELECT name AS TABLE_CAT FROM sys.databases order by name",
        "select sys.schemas.name 'TABLE_SCHEM', DB_NAME() 'TABLE_CATALOG' from sys.schemas order by 2, 1",
        "select name, compatibility_level from sys.databases where name = 'Stripe1'",
        // jTDS.
        "SELECT name AS TABLE_SCHEM, NULL as TABLE_CATALOG FROM sys.schemas",
        "select 'SYSTEM TABLE' TABLE_TYPE union select 'TABLE' TABLE_TYPE union select 'VIEW' TABLE_TYPE",
        "select suser_name()",
        "SELECT @@MAX_PRECISION",
        // SqlClient GetSchema("Tables") with parameters inlined.
        "select TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE from INFORMATION_SCHEMA.TABLES \
         where (TABLE_CATALOG = 'Stripe1' or ('Stripe1' is null)) and (TABLE_SCHEMA = 'Stripe' or \
         ('Stripe' is null)) and (TABLE_NAME = 'Customers' or ('Customers' is null)) and \
         (TABLE_TYPE = 'BASE TABLE' or ('BASE TABLE' is null))",
        "SELECT SERVERPROPERTY('EngineEdition');",
        "SELECT CAST(SERVERPROPERTY('EngineEdition') as INT)",
    ];
    for sql in probes {
        match one(&mut s, sql).await {
            R::Rows { rows, .. } => assert!(!rows.is_empty(), "{sql}"),
            other => panic!("{sql}: {other:?}"),
        }
    }
    let r = one(&mut s, "select sys.schemas.name 'TABLE_SCHEM', DB_NAME() 'TABLE_CATALOG' from sys.schemas order by 2, 1").await;
    assert_eq!(r.names(), vec!["TABLE_SCHEM", "TABLE_CATALOG"]);
}
