//! The replay harness: splitting a corpus file into cited batches, running them through
//! tiberius on fresh connections, and reading typed cells back.

use anyhow::{anyhow, Result};
use tiberius::{ColumnData, EncryptionLevel, Row};
use vtds_e2e::{TdsClient, TestEnv};

/// One batch of a corpus file and where it came from.
struct Batch {
    source: String,
    sql: String,
}

/// Splits a corpus file at `GO` lines. A `-- source:` line names the source of the batches after
/// it; other whole-line comments are documentation and are not sent.
fn batches(text: &str) -> Vec<Batch> {
    let mut out = Vec::new();
    let mut source = String::new();
    let mut sql = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.eq_ignore_ascii_case("GO") {
            if !sql.trim().is_empty() {
                assert!(!source.is_empty(), "batch without a source: {sql}");
                out.push(Batch {
                    source: source.clone(),
                    sql: std::mem::take(&mut sql),
                });
            }
            sql.clear();
        } else if let Some(s) = trimmed.strip_prefix("-- source:") {
            source = s.trim().to_string();
        } else if !trimmed.starts_with("--") {
            sql.push_str(line);
            sql.push('\n');
        }
    }
    assert!(sql.trim().is_empty(), "text after the last GO: {sql}");
    out
}

/// Every result set of every batch, in order; `Err` lists the batches the server rejected.
pub struct Replay {
    results: Vec<Vec<Vec<Row>>>,
}

impl Replay {
    /// The result sets of batch `i`.
    pub fn batch(&self, i: usize) -> &[Vec<Row>] {
        &self.results[i]
    }
}

async fn run_batch(client: &mut TdsClient, sql: &str) -> Result<Vec<Vec<Row>>> {
    Ok(client.simple_query(sql).await?.into_results().await?)
}

/// Replays `file` on a fresh connection (a new one after each failure, so one error cannot
/// poison the batches after it).
pub async fn replay(env: &TestEnv, file: &str) -> Result<Replay> {
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let mut results = Vec::new();
    let mut failures = Vec::new();
    let all = batches(file);
    assert!(!all.is_empty(), "empty corpus");
    for (i, b) in all.iter().enumerate() {
        match run_batch(&mut client, &b.sql).await {
            Ok(sets) => results.push(sets),
            Err(e) => {
                failures.push(format!(
                    "batch {i} ({}):\n{}\n=> {e}",
                    b.source,
                    b.sql.trim()
                ));
                results.push(Vec::new());
                client = env.connect(EncryptionLevel::NotSupported).await?;
            }
        }
    }
    if failures.is_empty() {
        Ok(Replay { results })
    } else {
        Err(anyhow!(
            "{} of {} batches failed:\n\n{}",
            failures.len(),
            all.len(),
            failures.join("\n\n")
        ))
    }
}

/// The cell `col` of the only row of a result set.
pub fn only<'a>(set: &'a [Row], col: &str) -> &'a ColumnData<'static> {
    assert_eq!(set.len(), 1, "expected one row");
    let row = &set[0];
    let idx = row
        .columns()
        .iter()
        .position(|c| c.name() == col)
        .unwrap_or_else(|| panic!("no column {col} in {:?}", row.columns()));
    match row.cells().nth(idx) {
        Some((_, v)) => v,
        None => panic!("no cell {idx}"),
    }
}

/// The cell at position `idx` of the only row.
pub fn only_at(set: &[Row], idx: usize) -> &ColumnData<'static> {
    assert_eq!(set.len(), 1, "expected one row");
    match set[0].cells().nth(idx) {
        Some((_, v)) => v,
        None => panic!("no cell {idx}"),
    }
}

pub fn int(v: &ColumnData<'_>) -> i32 {
    match v {
        ColumnData::I32(Some(v)) => *v,
        other => panic!("expected a non-NULL int, got {other:?}"),
    }
}

pub fn text(v: &ColumnData<'_>) -> String {
    match v {
        ColumnData::String(Some(s)) => s.to_string(),
        other => panic!("expected a non-NULL string, got {other:?}"),
    }
}

/// `major.minor.build[.revision]`, as System.Version parses it.
pub fn is_version(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    (2..=4).contains(&parts.len()) && parts.iter().all(|p| p.parse::<u32>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_files_split_into_cited_batches() {
        let b = batches(
            "-- header\n-- source: a\nSELECT 1\n  go  \nSELECT 3\nGO\n-- source: b\nSELECT 2\nGO\n",
        );
        assert_eq!(b.len(), 3);
        assert_eq!(
            (b[0].source.as_str(), b[0].sql.as_str()),
            ("a", "SELECT 1\n")
        );
        assert_eq!(
            (b[1].source.as_str(), b[1].sql.as_str()),
            ("a", "SELECT 3\n")
        );
        assert_eq!(b[2].source, "b");
    }
}
