//! Building the record batches of catalog views from plain rows.

use std::sync::Arc;

use connector::{SqlType, TableDef};
use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Int32Builder, Int64Builder, RecordBatch, StringBuilder,
    TimestampMillisecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::error::{DataFusionError, Result};

/// One cell of a catalog row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// SQL NULL.
    Null,
    /// A string value.
    Str(String),
    /// An integer value (int, bigint, or milliseconds for datetime).
    Int(i64),
    /// A bit value.
    Bit(bool),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Str(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Str(s)
    }
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}

impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Cell::Null, Cell::Int)
    }
}

/// Field metadata marking strings compared case-insensitively, as SQL Server's default collation
/// does. Catalog views carry it on every string column so `TABLE_SCHEMA = 'stripe'` (PostgreSQL
/// folds unquoted names to lower case before tds_fdw sends them) matches; connectors mark their
/// own columns.
pub(crate) const CASE_INSENSITIVE_KEY: &str = connector::CASE_INSENSITIVE_METADATA_KEY;

/// `def`'s schema with string columns marked case-insensitive.
fn catalog_schema(def: &TableDef) -> Schema {
    let fields: Vec<Field> = def
        .arrow_schema()
        .fields()
        .iter()
        .map(|f| {
            let f = f.as_ref().clone();
            if f.data_type() == &DataType::Utf8 {
                let mut meta = f.metadata().clone();
                meta.insert(CASE_INSENSITIVE_KEY.to_string(), "true".to_string());
                f.with_metadata(meta)
            } else {
                f
            }
        })
        .collect();
    Schema::new(fields)
}

/// Builds one batch with `def`'s schema from row-major cells.
pub(crate) fn build_batch(def: &TableDef, rows: &[Vec<Cell>]) -> Result<RecordBatch> {
    let schema = Arc::new(catalog_schema(def));
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(def.columns.len());
    for (i, col) in def.columns.iter().enumerate() {
        let cells = rows.iter().map(|r| r.get(i).unwrap_or(&Cell::Null));
        columns.push(column(col.sql_type, cells).map_err(|m| {
            DataFusionError::Internal(format!("catalog view {}.{}: {m}", def.name, col.name))
        })?);
    }
    Ok(RecordBatch::try_new(schema, columns)?)
}

fn column<'a>(
    ty: SqlType,
    cells: impl Iterator<Item = &'a Cell>,
) -> std::result::Result<ArrayRef, String> {
    let bad = |c: &Cell| format!("value {c:?} does not fit {}", ty.declaration());
    Ok(match ty {
        SqlType::NVarChar(_) => {
            let mut b = StringBuilder::new();
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Str(s) => b.append_value(s),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        SqlType::Int => {
            let mut b = Int32Builder::new();
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Int(v) => b.append_value(i32::try_from(*v).map_err(|_| bad(c))?),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        SqlType::BigInt => {
            let mut b = Int64Builder::new();
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Int(v) => b.append_value(*v),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        SqlType::Bit => {
            let mut b = BooleanBuilder::new();
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Bit(v) => b.append_value(*v),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        SqlType::DateTime => {
            let mut b = TimestampMillisecondBuilder::new();
            for c in cells {
                match c {
                    Cell::Null => b.append_null(),
                    Cell::Int(v) => b.append_value(*v),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
        other => return Err(format!("unsupported catalog type {}", other.declaration())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use connector::ColumnDef;

    #[test]
    fn builds_typed_columns_and_rejects_mismatches() {
        let def = TableDef {
            schema: "sys".into(),
            name: "t".into(),
            description: None,
            columns: vec![
                ColumnDef {
                    name: "name".into(),
                    sql_type: SqlType::NVarChar(Some(128)),
                    nullable: false,
                    description: None,
                },
                ColumnDef {
                    name: "id".into(),
                    sql_type: SqlType::Int,
                    nullable: true,
                    description: None,
                },
            ],
        };
        let b = build_batch(&def, &[vec!["a".into(), Cell::Int(1)], vec!["b".into()]]).unwrap();
        assert_eq!(b.num_rows(), 2);
        assert_eq!(b.column(1).null_count(), 1);
        assert!(build_batch(&def, &[vec![Cell::Int(1)]]).is_err());
    }
}
