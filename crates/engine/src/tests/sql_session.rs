//! Priority 3: SET, SHOWPLAN, USE and transaction statements.

use super::harness::{one, run, scalar, session, R};

#[tokio::test]
async fn set_statements_are_accepted() {
    let mut s = session();
    // tedious's connect block, jTDS / ODBC options, tds_fdw's per-scan textsize.
    let batch = "set textsize 2147483647\nset quoted_identifier on\nset arithabort off\n\
        set numeric_roundabort off\nset ansi_warnings on\nset ansi_padding on\nset ansi_nulls on\n\
        set concat_null_yields_null on\nset cursor_close_on_commit off\nset implicit_transactions off\n\
        set language us_english\nset dateformat mdy\nset datefirst 7\n\
        set transaction isolation level read committed\n\
        SET LOCK_TIMEOUT -1 SET DEADLOCK_PRIORITY LOW SET XACT_ABORT ON SET NOCOUNT ON \
        SET ANSI_NULLS, QUOTED_IDENTIFIER ON SET STATISTICS IO ON SET NO_BROWSETABLE ON \
        SET ANSI_NULL_DFLT_ON ON SET TRANSACTION ISOLATION LEVEL SNAPSHOT SET ROWCOUNT 0";
    let all = run(&mut s, batch).await;
    assert_eq!(all.len(), 24);
    assert!(all.iter().all(|r| *r == R::Done(None)), "{all:?}");
    assert!(s.nocount());
    assert_eq!(scalar(&mut s, "SELECT @@TEXTSIZE").await, "2147483647");
    assert_eq!(scalar(&mut s, "SELECT @@DATEFIRST").await, "7");
}

#[tokio::test]
async fn rowcount_and_fmtonly_are_honoured() {
    let mut s = session();
    run(&mut s, "SET ROWCOUNT 2").await;
    assert_eq!(
        one(&mut s, "SELECT Id FROM Stripe.Customers")
            .await
            .rows()
            .len(),
        2
    );
    run(&mut s, "SET ROWCOUNT 0 SET FMTONLY ON").await;
    let r = one(&mut s, "SELECT Id, Email FROM Stripe.Customers").await;
    assert_eq!(r.names(), vec!["Id", "Email"]);
    assert!(r.rows().is_empty());
    run(&mut s, "SET FMTONLY OFF").await;
    assert_eq!(
        one(&mut s, "SELECT Id FROM Stripe.Customers")
            .await
            .rows()
            .len(),
        5
    );
}

#[tokio::test]
async fn showplan_all_describes_instead_of_running() {
    let mut s = session();
    assert_eq!(one(&mut s, "SET SHOWPLAN_ALL ON").await, R::Done(None));
    let r = one(
        &mut s,
        "SELECT [Id], [Email] FROM [Stripe].[Customers] WHERE Balance > 0",
    )
    .await;
    assert_eq!(
        r.names(),
        vec![
            "StmtText",
            "StmtId",
            "NodeId",
            "Parent",
            "PhysicalOp",
            "LogicalOp",
            "Argument",
            "DefinedValues",
            "EstimateRows",
            "EstimateIO",
            "EstimateCPU",
            "AvgRowSize",
            "TotalSubtreeCost",
            "OutputList",
            "Warnings",
            "Type",
            "Parallel",
            "EstimateExecutions"
        ]
    );
    let R::Rows { schema, rows, .. } = &r else {
        unreachable!()
    };
    use datafusion::arrow::datatypes::DataType;
    assert_eq!(
        schema.field_with_name("Parent").unwrap().data_type(),
        &DataType::Int32
    );
    assert_eq!(
        schema.field_with_name("EstimateRows").unwrap().data_type(),
        &DataType::Float64
    );
    // One statement row with Parent = 0 carrying the estimate; operator rows below it.
    let parents: Vec<&str> = rows.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(parents.iter().filter(|p| **p == "0").count(), 1, "{rows:?}");
    assert_eq!(rows[0][3], "0");
    assert_eq!(rows[0][15], "SELECT");
    assert!(rows[0][0].contains("Customers"), "{}", rows[0][0]);
    let estimate: f64 = rows[0][8].parse().unwrap();
    assert!(estimate > 0.0 && estimate <= 5.0, "{estimate}");
    assert!(rows.len() > 1);
    assert!(rows[1..].iter().all(|r| r[15] == "PLAN_ROW"));
    assert_eq!(one(&mut s, "SET SHOWPLAN_ALL OFF").await, R::Done(None));
    assert_eq!(
        one(&mut s, "SELECT COUNT(*) FROM Stripe.Customers")
            .await
            .rows()[0][0],
        "5"
    );
}

#[tokio::test]
async fn showplan_text_has_one_column() {
    let mut s = session();
    run(&mut s, "SET SHOWPLAN_TEXT ON").await;
    let r = one(&mut s, "SELECT 1").await;
    assert_eq!(r.names(), vec!["StmtText"]);
    run(&mut s, "SET SHOWPLAN_TEXT OFF").await;
    assert_eq!(scalar(&mut s, "SELECT 1").await, "1");
}

#[tokio::test]
async fn use_switches_databases() {
    let mut s = session();
    assert_eq!(
        one(&mut s, "USE [stripe2]").await,
        R::Db("Stripe1".into(), "Stripe2".into())
    );
    assert_eq!(s.database(), "Stripe2");
    assert_eq!(scalar(&mut s, "SELECT DB_NAME()").await, "Stripe2");
    assert_eq!(
        scalar(
            &mut s,
            "SELECT TABLE_CATALOG FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'Customers'"
        )
        .await,
        "Stripe2"
    );
    match one(&mut s, "USE nope").await {
        R::Err(n, m) => {
            assert_eq!(n, 911, "{m}");
            assert!(m.contains("'nope' does not exist"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.database(), "Stripe2");
    let all = run(&mut s, "USE Stripe1 SELECT DB_NAME()").await;
    assert_eq!(all[0], R::Db("Stripe2".into(), "Stripe1".into()));
    assert_eq!(all[1].rows()[0][0], "Stripe1");
}

#[tokio::test]
async fn transactions_are_counted_no_ops() {
    let mut s = session();
    let all = run(
        &mut s,
        "BEGIN TRAN SELECT @@TRANCOUNT COMMIT SELECT @@TRANCOUNT",
    )
    .await;
    assert_eq!(all[0], R::Done(None));
    assert_eq!(all[1].rows()[0][0], "1");
    assert_eq!(all[3].rows()[0][0], "0");
    assert_eq!(
        run(&mut s, "BEGIN TRANSACTION ROLLBACK TRANSACTION COMMIT")
            .await
            .len(),
        3
    );
    assert_eq!(scalar(&mut s, "SELECT @@TRANCOUNT").await, "0");
}

#[tokio::test]
async fn reset_restores_defaults() {
    let mut s = session();
    run(&mut s, "SET NOCOUNT ON SET SHOWPLAN_ALL ON BEGIN TRAN").await;
    s.reset();
    assert!(!s.nocount());
    assert_eq!(scalar(&mut s, "SELECT @@TRANCOUNT").await, "0");
}

#[tokio::test]
async fn unknown_procedures_are_2812() {
    let mut s = session();
    assert_eq!(
        one(&mut s, "EXEC sp_nope").await,
        R::Err(2812, "Could not find stored procedure 'sp_nope'.".into())
    );
}
