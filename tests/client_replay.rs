//! Client-replay suites: for each tool, the exact SQL it sends at connect and while browsing
//! (tests/replay/<tool>.sql, one batch per `GO`, each citing its source) is replayed through
//! tiberius against the real server. A suite fails listing every batch the server rejected, with
//! the server's message; where a client unboxes a value with an exact type (SMO's int casts,
//! jTDS's getByte, ADS's GetInt32) the type is asserted too.

#[path = "replay/harness.rs"]
mod harness;

use anyhow::Result;
use harness::{int, is_version, only, only_at, replay, text};
use tiberius::ColumnData;
use vtds_e2e::TestEnv;

#[tokio::test(flavor = "multi_thread")]
async fn ssms() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/ssms.sql")).await?;
    // ServerInformation: three result sets; SMO unboxes the first two columns as int.
    let info = r.batch(0);
    assert_eq!(info.len(), 3, "ServerInformation result sets");
    assert_eq!(int(only(&info[0], "DatabaseEngineType")), 1);
    assert_eq!(int(only(&info[0], "DatabaseEngineEdition")), 3);
    assert!(is_version(&text(only(&info[0], "ProductVersion"))));
    assert!(int(only(&info[0], "MicrosoftVersion")) >> 24 >= 16);
    assert_eq!(int(only(&info[0], "IsFabricServer")), 0);
    assert_eq!(
        text(only(&info[0], "Collation")),
        "SQL_Latin1_General_CP1_CI_AS"
    );
    assert_eq!(text(only(&info[1], "host_platform")), "Linux");
    assert_eq!(text(only(&info[2], "ConnectionProtocol")), "TCP");
    // FixedServerRoles and UserProfile: `(int)ExecuteScalar(...)`.
    assert_eq!(int(only_at(&r.batch(1)[0], 0)), 0);
    int(only_at(&r.batch(2)[0], 0));
    assert_eq!(int(only_at(&r.batch(3)[0], 0)), 0, "@@TRANCOUNT");
    // ServerComparer: GetInt32 on LCID and ComparisonStyle for the current database.
    assert_eq!(int(only_at(&r.batch(7)[0], 0)), 1033);
    assert_eq!(int(only_at(&r.batch(7)[0], 1)), 196_609);
    // And for `master`, which vtds lists as an empty system database.
    assert_eq!(r.batch(8)[0].len(), 1);
    // Object Explorer lists the database and the Customers columns.
    let dbs = &r.batch(9)[0];
    assert!(dbs
        .iter()
        .any(|row| row.get::<&str, _>("Name") == Some(vtds_e2e::DATABASE)));
    let tables = &r.batch(10)[0];
    assert!(tables
        .iter()
        .any(|row| row.get::<&str, _>("Name") == Some("Customers")));
    let columns = &r.batch(11)[0];
    assert!(columns
        .iter()
        .any(|row| row.get::<&str, _>("Name") == Some("Email")));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn azure_data_studio() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/ads.sql")).await?;
    for b in [0, 1] {
        let set = &r.batch(b)[0];
        // Int32.Parse(reader[0].ToString()) and GetInt32(6).
        assert_eq!(int(only_at(set, 0)), 3);
        assert!(is_version(&text(only_at(set, 1))));
        assert_eq!(int(only_at(set, 6)), 0);
    }
    assert_eq!(text(only(&r.batch(2)[0], "host_platform")), "Linux");
    assert_eq!(r.batch(4).len(), 3, "ServerInformation result sets");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlcmd() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/sqlcmd.sql")).await?;
    // PRINT yields an INFO message, no result set.
    assert!(r.batch(0).iter().all(|set| set.is_empty()));
    assert_eq!(text(only_at(&r.batch(1)[0], 0)), vtds_e2e::DATABASE);
    // The session sees itself in the DMVs, over TCP.
    assert_eq!(r.batch(3)[0].len(), 1);
    assert_eq!(text(only(&r.batch(4)[0], "net_transport")), "TCP");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn jtds() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/jtds.sql")).await?;
    // jTDS reads @@MAX_PRECISION with getByte: tinyint.
    match only_at(&r.batch(0)[0], 0) {
        ColumnData::U8(Some(38)) => {}
        other => panic!("@@MAX_PRECISION: {other:?}"),
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn mssql_jdbc() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/mssql_jdbc.sql")).await?;
    assert_eq!(int(only_at(&r.batch(0)[0], 0)), 3);
    // getColumns: the table variable filled by sp_columns_100, 32 JDBC columns.
    let columns = &r.batch(14)[0];
    assert_eq!(columns[0].columns().len(), 32);
    assert!(columns
        .iter()
        .any(|row| row.get::<&str, _>("COLUMN_NAME") == Some("Email")));
    // getImportedKeys: one result set, shaped even when empty.
    assert_eq!(r.batch(15).len(), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn odbc_freetds() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/odbc_freetds.sql")).await?;
    // FreeTDS accepts the SPID as INT2 or INT4 only.
    match only_at(&r.batch(0)[0], 0) {
        ColumnData::I16(Some(_)) | ColumnData::I32(Some(_)) => {}
        other => panic!("@@spid: {other:?}"),
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tedious() -> Result<()> {
    let env = TestEnv::start(3).await?;
    replay(&env, include_str!("replay/tedious.sql")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn pymssql() -> Result<()> {
    let env = TestEnv::start(3).await?;
    replay(&env, include_str!("replay/pymssql.sql")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn pytds() -> Result<()> {
    let env = TestEnv::start(3).await?;
    replay(&env, include_str!("replay/pytds.sql")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tds_fdw() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/tds_fdw.sql")).await?;
    assert!(int(only(&r.batch(0)[0], "is_sql_server")) > 0);
    // SHOWPLAN_ALL: a plan row with Parent and EstimateRows instead of the rows.
    let plan = &r.batch(8)[0];
    let Some(row) = plan.first() else {
        panic!("no plan row")
    };
    assert_eq!(row.get::<i32, _>("Parent"), Some(0));
    assert!(row.get::<f64, _>("EstimateRows").is_some());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlclient_get_schema() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/sqlclient.sql")).await?;
    assert!(r.batch(0)[0]
        .iter()
        .any(|row| row.get::<&str, _>("database_name") == Some(vtds_e2e::DATABASE)));
    assert!(!r.batch(1)[0].is_empty(), "INFORMATION_SCHEMA.TABLES rows");
    // SqlMetaDataFactory: (int)ExecuteScalar().
    assert_eq!(int(only_at(&r.batch(3)[0], 0)), 3);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn power_query() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/powerquery.sql")).await?;
    assert_eq!(text(only(&r.batch(0)[0], "_EDITION")), "3");
    let tables = &r.batch(4)[0];
    assert_eq!(tables.len(), 1, "the filtered navigator lists Customers");
    let columns = &r.batch(6)[0];
    assert!(columns
        .iter()
        .any(|row| row.get::<&str, _>("COLUMN_NAME") == Some("Email")));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn dbeaver() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let r = replay(&env, include_str!("replay/dbeaver.sql")).await?;
    assert!(r.batch(1)[0]
        .iter()
        .any(|row| row.get::<&str, _>("name") == Some(vtds_e2e::DATABASE)));
    Ok(())
}
