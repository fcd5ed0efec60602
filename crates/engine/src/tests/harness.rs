//! Drives sessions without sockets and renders outcomes as strings.

use std::sync::Arc;

use datafusion::arrow::array::Array;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::util::display::array_value_to_string;
use futures::TryStreamExt;

use super::fake::fake_connector;
use crate::catalog::Database;
use crate::{BatchRun, EngineConfig, Outcome, Session, SessionOptions};

/// A session of `ada@example.com` on `Stripe1` (also granted `Stripe2`).
pub(crate) fn session() -> Session {
    session_with(vec![
        Arc::new(Database::new("Stripe1", fake_connector())),
        Arc::new(Database::new("Stripe2", fake_connector())),
    ])
}

/// A session of `ada@example.com` on the first of `dbs`.
pub(crate) fn session_with(dbs: Vec<Arc<Database>>) -> Session {
    Session::new(
        Arc::new(EngineConfig::default()),
        "ada@example.com",
        dbs,
        0,
        SessionOptions {
            spid: 53,
            app_name: "engine-tests".into(),
            host_name: "testhost".into(),
            client_tds_version: 0x7400_0004,
        },
    )
}

/// An outcome with its rows collected.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum R {
    Rows {
        schema: SchemaRef,
        names: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Done(Option<u64>),
    Db(String, String),
    Err(u32, String),
    Info(u32, String),
}

impl R {
    /// The rows, or a panic naming what came instead.
    pub(crate) fn rows(&self) -> &Vec<Vec<String>> {
        match self {
            R::Rows { rows, .. } => rows,
            other => panic!("expected rows, got {other:?}"),
        }
    }

    /// The column names.
    pub(crate) fn names(&self) -> Vec<&str> {
        match self {
            R::Rows { names, .. } => names.iter().map(String::as_str).collect(),
            other => panic!("expected rows, got {other:?}"),
        }
    }
}

/// Runs a batch to completion.
pub(crate) async fn run(s: &mut Session, sql: &str) -> Vec<R> {
    collect(s.run_batch(sql)).await
}

/// The outcomes of a started batch, rows collected.
pub(crate) async fn collect(mut batch: BatchRun<'_>) -> Vec<R> {
    let mut out = Vec::new();
    while let Some(o) = batch.next().await {
        out.push(match o {
            Outcome::Rows { schema, stream } => {
                let batches: Vec<_> = match stream.try_collect().await {
                    Ok(b) => b,
                    Err(e) => {
                        let e = crate::classify_error(&e);
                        out.push(R::Err(e.number(), e.message));
                        continue;
                    }
                };
                let mut rows = Vec::new();
                for b in &batches {
                    assert_eq!(b.schema().fields().len(), schema.fields().len());
                    for r in 0..b.num_rows() {
                        rows.push(
                            b.columns()
                                .iter()
                                .map(|c| {
                                    if c.is_null(r) {
                                        "NULL".to_string()
                                    } else {
                                        array_value_to_string(c, r).unwrap()
                                    }
                                })
                                .collect(),
                        );
                    }
                }
                let names = schema.fields().iter().map(|f| f.name().clone()).collect();
                R::Rows {
                    schema,
                    names,
                    rows,
                }
            }
            Outcome::Done { rows_affected } => R::Done(rows_affected),
            Outcome::DatabaseChanged { old, new } => R::Db(old, new),
            Outcome::Info { number, message } => R::Info(number, message),
            Outcome::Error(e) => R::Err(e.number(), e.message),
        });
    }
    out
}

/// Runs a batch that must produce exactly one outcome.
pub(crate) async fn one(s: &mut Session, sql: &str) -> R {
    let mut all = run(s, sql).await;
    assert_eq!(all.len(), 1, "{sql}: {all:?}");
    all.remove(0)
}

/// The single value of a one-row, one-column query.
pub(crate) async fn scalar(s: &mut Session, sql: &str) -> String {
    let r = one(s, sql).await;
    let rows = r.rows();
    assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
    rows[0][0].clone()
}

/// The adapter spawns sessions on tokio: everything it holds across awaits must be `Send`.
#[test]
fn futures_are_send() {
    fn send<T: Send>(_: &T) {}
    fn sync<T: Send + Sync>() {}
    sync::<crate::Engine>();
    let mut s = session();
    send(&s);
    let mut batch = s.run_batch("SELECT 1");
    send(&batch.next());
}
