//! The optional query log: what ran, for whom, how long it took.
//!
//! Kept in the metastore because it is cheap and lets an administrator see the exact SQL a
//! new BI tool sends at connect time (closed-source clients can't be read, only observed).

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::types::QueryLogEntry;

/// Batches can be megabytes (generated INSERTs); the log keeps the start, which identifies
/// the statement.
const MAX_SQL_BYTES: usize = 16 * 1024;

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

pub(super) fn insert(conn: &Connection, e: &QueryLogEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO query_log (started_at, email, database, sql, duration_ms, row_count, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        e.started_at,
        e.email,
        e.database,
        truncate(&e.sql, MAX_SQL_BYTES),
        e.duration_ms,
        e.row_count,
        e.error.as_deref().map(|t| truncate(t, MAX_SQL_BYTES)),
    ])?;
    Ok(())
}

/// The newest `limit` entries, newest first.
pub(super) fn recent(conn: &Connection, limit: usize) -> Result<Vec<QueryLogEntry>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut st = conn.prepare_cached(
        "SELECT started_at, email, database, sql, duration_ms, row_count, error
         FROM query_log ORDER BY id DESC LIMIT ?1",
    )?;
    let entries = st
        .query_map([limit], |r| {
            Ok(QueryLogEntry {
                started_at: r.get(0)?,
                email: r.get(1)?,
                database: r.get(2)?,
                sql: r.get(3)?,
                duration_ms: r.get(4)?,
                row_count: r.get(5)?,
                error: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::truncate;
    use crate::sqlite::test_util::store;
    use crate::{MetadataStore, QueryLogEntry};

    #[test]
    fn log_and_read_back_newest_first() {
        let s = store();
        let mut e = QueryLogEntry {
            started_at: 1,
            email: "a@b.c".into(),
            database: Some("Stripe1".into()),
            sql: "SELECT 1".into(),
            duration_ms: 3,
            row_count: Some(1),
            error: None,
        };
        s.log_query(&e).unwrap();
        e.sql = "é".repeat(20_000);
        e.error = Some("Invalid column name 'x'.".into());
        s.log_query(&e).unwrap();
        let got = s.recent_queries(10).unwrap();
        assert_eq!(got.len(), 2);
        assert!(got[0].sql.len() <= 16 * 1024 && got[0].sql.starts_with('é'));
        assert_eq!(got[1].sql, "SELECT 1");
        assert_eq!(s.recent_queries(1).unwrap().len(), 1);
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("aé", 2), "a");
    }
}
