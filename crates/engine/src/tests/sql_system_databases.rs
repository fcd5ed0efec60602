//! The system databases SSMS and ADS expect: master, tempdb, model and msdb (ids 1–4) are listed
//! before the Stripe databases (ids 5…), while DB_NAME() stays the current database.

use super::harness::{one, run, scalar, session, R};

fn column(r: &R, i: usize) -> Vec<&str> {
    r.rows().iter().map(|r| r[i].as_str()).collect()
}

#[tokio::test]
async fn sys_databases_lists_system_databases_first() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT name, database_id FROM sys.databases ORDER BY database_id",
    )
    .await;
    assert_eq!(
        column(&r, 0),
        vec!["master", "tempdb", "model", "msdb", "Stripe1", "Stripe2"]
    );
    assert_eq!(column(&r, 1), vec!["1", "2", "3", "4", "5", "6"]);
    let r = one(
        &mut s,
        "SELECT name FROM master.sys.databases WHERE database_id < 5",
    )
    .await;
    assert_eq!(r.rows().len(), 4);
    let r = one(
        &mut s,
        "SELECT name, dbid FROM master..sysdatabases ORDER BY dbid",
    )
    .await;
    assert_eq!(column(&r, 0)[0], "master");
    assert_eq!(column(&r, 0)[4], "Stripe1");
}

#[tokio::test]
async fn db_id_and_db_name_know_system_databases() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT DB_ID('master'), DB_ID('TEMPDB'), DB_ID('model'), DB_ID('msdb'), DB_ID('Stripe1'), \
         DB_ID(), DB_NAME(), DB_NAME(1), DB_NAME(2), DB_NAME(4), DB_NAME(5), DB_NAME(6), \
         DB_NAME(7), DB_ID('nope')",
    )
    .await;
    assert_eq!(
        r.rows()[0],
        vec![
            "1", "2", "3", "4", "5", "5", "Stripe1", "master", "tempdb", "msdb", "Stripe1",
            "Stripe2", "NULL", "NULL"
        ]
    );
}

#[tokio::test]
async fn use_master_and_back() {
    let mut s = session();
    let out = run(&mut s, "USE master").await;
    assert_eq!(out, vec![R::Db("Stripe1".into(), "master".into())]);
    assert_eq!(scalar(&mut s, "SELECT DB_NAME()").await, "master");
    assert_eq!(scalar(&mut s, "SELECT DB_ID()").await, "1");
    // master holds no Stripe tables, but its catalog views work.
    assert_eq!(
        scalar(&mut s, "SELECT COUNT(*) FROM sys.databases").await,
        "6"
    );
    assert_eq!(scalar(&mut s, "SELECT COUNT(*) FROM sys.tables").await, "0");
    let out = run(&mut s, "SELECT * FROM Stripe.Customers").await;
    assert!(matches!(out.as_slice(), [R::Err(208, _)]), "{out:?}");
    // Three-part names still reach the Stripe databases.
    assert_eq!(
        scalar(&mut s, "SELECT COUNT(*) FROM Stripe1.Stripe.Customers").await,
        "5"
    );
    let out = run(&mut s, "USE [Stripe2]").await;
    assert_eq!(out, vec![R::Db("master".into(), "Stripe2".into())]);
    assert_eq!(scalar(&mut s, "SELECT DB_NAME()").await, "Stripe2");
    let out = run(&mut s, "USE nope").await;
    assert!(matches!(out.as_slice(), [R::Err(911, _)]), "{out:?}");
}

/// SSMS Object Explorer's Databases node (SMO's Database.xml) marks them as system objects.
#[tokio::test]
async fn object_explorer_sees_system_databases() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT dtb.name AS [Name], dtb.database_id AS [ID], \
         CAST(case when dtb.name in ('master','model','msdb','tempdb') then 1 else dtb.is_distributor end AS bit) AS [IsSystemObject], \
         CAST(has_dbaccess(dtb.name) AS bit) AS [IsAccessible] \
         FROM master.sys.databases AS dtb ORDER BY [ID] ASC",
    )
    .await;
    let flags: Vec<(&str, &str)> = r
        .rows()
        .iter()
        .map(|row| (row[0].as_str(), row[2].as_str()))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("master", "true"),
            ("tempdb", "true"),
            ("model", "true"),
            ("msdb", "true"),
            ("Stripe1", "false"),
            ("Stripe2", "false")
        ]
    );
    // SMO's ServerComparer for master: the server collation's LCID.
    assert_eq!(
        scalar(
            &mut s,
            "SELECT COLLATIONPROPERTY((select collation_name from sys.databases \
             where name = N'master'), 'LCID')"
        )
        .await,
        "1033"
    );
}
