//! ORDER BY, GROUP BY and DISTINCT on case-insensitive (marked) string columns behave like
//! SQL Server's default collation: 'A' and 'a' sort together and fall into one group.

use std::collections::HashMap;
use std::sync::Arc;

use connector::{ColumnDef, Connector, SqlType, TableDef, CASE_INSENSITIVE_METADATA_KEY};
use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::catalog::TableProvider;
use datafusion::datasource::MemTable;

use super::harness::{one, scalar, session, session_with, R};
use crate::catalog::Database;
use crate::Session;

/// `Stripe.Tags`: `Name` (nullable) and `Kind` (not null) are marked, `Id` is not.
#[derive(Debug)]
struct Tags;

fn tags_def() -> TableDef {
    let col = |name: &str, sql_type, nullable| ColumnDef {
        name: name.into(),
        sql_type,
        nullable,
        description: None,
    };
    TableDef {
        schema: "Stripe".into(),
        name: "Tags".into(),
        description: None,
        columns: vec![
            col("Id", SqlType::NVarChar(Some(16)), false),
            col("Name", SqlType::NVarChar(Some(16)), true),
            col("Kind", SqlType::NVarChar(Some(16)), false),
            col("N", SqlType::BigInt, false),
        ],
    }
}

impl Connector for Tags {
    fn schemas(&self) -> Vec<String> {
        vec!["Stripe".into()]
    }

    fn tables(&self, schema: &str) -> Vec<TableDef> {
        if schema == "Stripe" {
            vec![tags_def()]
        } else {
            vec![]
        }
    }

    fn table_provider(&self, _schema: &str, table: &str) -> Option<Arc<dyn TableProvider>> {
        if table != "Tags" {
            return None;
        }
        let marked = HashMap::from([(CASE_INSENSITIVE_METADATA_KEY.into(), "true".into())]);
        let fields: Vec<Field> = tags_def()
            .arrow_schema()
            .fields()
            .iter()
            .map(|f| match f.name().as_str() {
                "Name" | "Kind" => f.as_ref().clone().with_metadata(marked.clone()),
                _ => f.as_ref().clone(),
            })
            .collect();
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(vec!["t1", "T2", "t3", "T4", "t5"])),
            Arc::new(StringArray::from(vec![
                Some("b"),
                Some("A"),
                Some("a"),
                Some("B"),
                None,
            ])),
            Arc::new(StringArray::from(vec!["x", "X", "y", "Y", "x"])),
            Arc::new(Int64Array::from(vec![1, 2, 3, 4, 5])),
        ];
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap();
        Some(Arc::new(
            MemTable::try_new(batch.schema(), vec![vec![batch]]).unwrap(),
        ))
    }
}

fn tags_session() -> Session {
    session_with(vec![Arc::new(Database::new("Tags1", Arc::new(Tags)))])
}

/// Column `i` of every row.
fn column(r: &R, i: usize) -> Vec<String> {
    r.rows().iter().map(|r| r[i].clone()).collect()
}

/// Column `i` lower-cased: ties between spellings may come in any order.
fn folded(r: &R, i: usize) -> Vec<String> {
    column(r, i).iter().map(|v| v.to_lowercase()).collect()
}

#[tokio::test]
async fn order_by_marked_column_ignores_case() {
    let mut s = session();
    let sorted = ["master", "model", "msdb", "Stripe1", "Stripe2", "tempdb"];
    for sql in [
        "SELECT name FROM sys.databases ORDER BY name",
        "SELECT name AS n FROM sys.databases ORDER BY n",
        "SELECT d.name FROM (SELECT name FROM sys.databases) AS d ORDER BY 1",
    ] {
        assert_eq!(column(&one(&mut s, sql).await, 0), sorted, "{sql}");
    }
    let r = one(&mut s, "SELECT name FROM sys.databases ORDER BY name DESC").await;
    let desc: Vec<_> = sorted.iter().rev().copied().collect();
    assert_eq!(column(&r, 0), desc);
    // The sort key need not be selected, and no extra column shows.
    let r = one(
        &mut s,
        "SELECT database_id FROM sys.databases ORDER BY name",
    )
    .await;
    assert_eq!(r.names(), vec!["database_id"]);
    assert_eq!(column(&r, 0), ["1", "3", "4", "5", "6", "2"]);
    let r = one(
        &mut s,
        "SELECT TOP 4 name, database_id FROM sys.databases ORDER BY name",
    )
    .await;
    assert_eq!(r.names(), vec!["name", "database_id"]);
    assert_eq!(column(&r, 0), ["master", "model", "msdb", "Stripe1"]);
}

#[tokio::test]
async fn window_order_by_marked_column_ignores_case() {
    let mut s = session();
    let r = one(
        &mut s,
        "SELECT name, ROW_NUMBER() OVER (ORDER BY name) AS rn FROM sys.databases \
         ORDER BY database_id",
    )
    .await;
    assert_eq!(r.names(), vec!["name", "rn"]);
    assert_eq!(column(&r, 1), ["1", "6", "2", "3", "4", "5"]);
    let mut s = tags_session();
    let r = one(
        &mut s,
        "SELECT Id, COUNT(*) OVER (PARTITION BY Kind) FROM Stripe.Tags ORDER BY Id",
    )
    .await;
    // Ids sort as written: T2, T4, t1, t3, t5.
    assert_eq!(column(&r, 1), ["3", "2", "3", "2", "3"]);
}

#[tokio::test]
async fn unmarked_strings_still_sort_by_code_point() {
    let mut s = tags_session();
    let r = one(
        &mut s,
        "SELECT v FROM (VALUES ('b'), ('A'), ('a'), ('B')) AS t(v) ORDER BY v",
    )
    .await;
    assert_eq!(column(&r, 0), ["A", "B", "a", "b"]);
    let r = one(&mut s, "SELECT Id FROM Stripe.Tags ORDER BY Id").await;
    assert_eq!(column(&r, 0), ["T2", "T4", "t1", "t3", "t5"]);
}

#[tokio::test]
async fn order_by_connector_column_ignores_case() {
    let mut s = tags_session();
    let r = one(&mut s, "SELECT Name, N FROM Stripe.Tags ORDER BY Name, N").await;
    // NULLs first, as SQL Server sorts them; the N tiebreak shows the spellings are equal.
    assert_eq!(column(&r, 0), ["NULL", "A", "a", "b", "B"]);
    let r = one(
        &mut s,
        "SELECT TOP 3 Id FROM Stripe.Tags ORDER BY Kind DESC, N",
    )
    .await;
    assert_eq!(column(&r, 0), ["t3", "T4", "t1"]);
}

#[tokio::test]
async fn group_by_marked_column_ignores_case() {
    let mut s = tags_session();
    let r = one(
        &mut s,
        "SELECT Name, COUNT(*) AS c, SUM(N) AS total FROM Stripe.Tags GROUP BY Name ORDER BY Name",
    )
    .await;
    assert_eq!(r.names(), vec!["Name", "c", "total"]);
    assert_eq!(folded(&r, 0), ["null", "a", "b"]);
    assert_eq!(column(&r, 1), ["1", "2", "2"]);
    assert_eq!(column(&r, 2), ["5", "5", "5"]);
    let r = one(
        &mut s,
        "SELECT Kind, SUM(N) FROM Stripe.Tags GROUP BY Kind HAVING COUNT(*) > 1 ORDER BY Kind",
    )
    .await;
    assert_eq!(folded(&r, 0), ["x", "y"]);
    assert_eq!(column(&r, 1), ["8", "7"]);
    // A marked key next to an unmarked one, and the key used inside an expression.
    let r = one(
        &mut s,
        "SELECT UPPER(Kind) AS k, Odd, COUNT(*) \
         FROM (SELECT Kind, N % 2 AS Odd FROM Stripe.Tags) AS t \
         GROUP BY Kind, Odd ORDER BY k, Odd",
    )
    .await;
    assert_eq!(column(&r, 0), ["X", "X", "Y", "Y"]);
    assert_eq!(column(&r, 1), ["0", "1", "0", "1"]);
    assert_eq!(column(&r, 2), ["1", "2", "1", "1"]);
    // Grouped in a derived table, then aggregated again.
    let sql = "SELECT COUNT(*) FROM (SELECT Kind FROM Stripe.Tags GROUP BY Kind) AS g";
    assert_eq!(scalar(&mut s, sql).await, "2");
}

#[tokio::test]
async fn distinct_on_marked_column_ignores_case() {
    let mut s = tags_session();
    let r = one(
        &mut s,
        "SELECT DISTINCT Name FROM Stripe.Tags ORDER BY Name",
    )
    .await;
    assert_eq!(r.names(), vec!["Name"]);
    assert_eq!(folded(&r, 0), ["null", "a", "b"]);
    let r = one(
        &mut s,
        "SELECT DISTINCT Kind, Name FROM Stripe.Tags ORDER BY Kind, Name",
    )
    .await;
    assert_eq!(folded(&r, 0), ["x", "x", "x", "y", "y"]);
    assert_eq!(folded(&r, 1), ["null", "a", "b", "a", "b"]);
    for (sql, want) in [
        (
            "SELECT COUNT(*) FROM (SELECT DISTINCT Kind FROM Stripe.Tags) AS d",
            "2",
        ),
        ("SELECT COUNT(DISTINCT Name) FROM Stripe.Tags", "2"),
        ("SELECT COUNT(DISTINCT Id) FROM Stripe.Tags", "5"),
        (
            "SELECT COUNT(*) FROM (SELECT DISTINCT Id FROM Stripe.Tags) AS d",
            "5",
        ),
    ] {
        assert_eq!(scalar(&mut s, sql).await, want, "{sql}");
    }
}

#[tokio::test]
async fn comparisons_inside_select_and_aggregates_keep_their_names() {
    let mut s = session();
    for sql in [
        "SELECT SUM(CASE WHEN name = 'MASTER' THEN 1 ELSE 0 END) FROM sys.databases",
        "SELECT COUNT(*) FROM sys.databases HAVING MAX(CASE WHEN name = 'MASTER' THEN 1 END) = 1",
        "SELECT TOP 1 SUM(CASE WHEN name IN ('MASTER') THEN 1 ELSE 0 END) OVER () FROM sys.databases",
        "SELECT TOP 1 CASE WHEN name LIKE 'MAST%' THEN 1 ELSE 0 END FROM sys.databases ORDER BY 1 DESC",
    ] {
        let want = if sql.contains("COUNT") { "6" } else { "1" };
        assert_eq!(scalar(&mut s, sql).await, want, "{sql}");
    }
}
