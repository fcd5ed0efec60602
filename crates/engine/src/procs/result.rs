//! Result sets of catalog procedures: columns declared with SQL Server's exact types (`smallint`,
//! `varchar(254)`, `sysname`, …) through `vtds.sql_type` metadata, so ODBC and JDBC drivers that
//! bind the result by position and type see what SQL Server sends.

use std::collections::HashMap;
use std::sync::Arc;

use connector::SQL_TYPE_METADATA_KEY;
use datafusion::arrow::array::{
    ArrayRef, Int16Builder, Int32Builder, RecordBatch, StringBuilder, UInt8Builder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use tds_server::{ErrorKind, SqlError};

use crate::outcome::Outcome;

/// The SQL Server type of one result column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `sysname` (`nvarchar(128)`).
    Sysname,
    /// `nvarchar(n)`; 0 means `max`.
    NVarChar(u16),
    /// `varchar(n)`.
    VarChar(u16),
    /// `char(n)`, sent as `varchar(n)` (the encoder has no fixed-length strings).
    Char(u16),
    /// `tinyint`.
    TinyInt,
    /// `smallint`.
    SmallInt,
    /// `int`.
    Int,
}

impl Ty {
    fn declaration(self) -> String {
        match self {
            Ty::Sysname => "nvarchar(128)".to_string(),
            Ty::NVarChar(0) => "nvarchar(max)".to_string(),
            Ty::NVarChar(n) => format!("nvarchar({n})"),
            Ty::VarChar(n) | Ty::Char(n) => format!("varchar({n})"),
            Ty::TinyInt => "tinyint".to_string(),
            Ty::SmallInt => "smallint".to_string(),
            Ty::Int => "int".to_string(),
        }
    }

    fn arrow(self) -> DataType {
        match self {
            Ty::Sysname | Ty::NVarChar(_) | Ty::VarChar(_) | Ty::Char(_) => DataType::Utf8,
            Ty::TinyInt => DataType::UInt8,
            Ty::SmallInt => DataType::Int16,
            Ty::Int => DataType::Int32,
        }
    }
}

/// One value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V {
    /// NULL.
    Null,
    /// A string.
    S(String),
    /// An integer (range-checked against the column type).
    I(i64),
}

impl From<&str> for V {
    fn from(s: &str) -> Self {
        V::S(s.to_string())
    }
}

impl From<String> for V {
    fn from(s: String) -> Self {
        V::S(s)
    }
}

impl From<i64> for V {
    fn from(v: i64) -> Self {
        V::I(v)
    }
}

impl From<Option<i64>> for V {
    fn from(v: Option<i64>) -> Self {
        v.map_or(V::Null, V::I)
    }
}

impl From<Option<&str>> for V {
    fn from(v: Option<&str>) -> Self {
        v.map_or(V::Null, V::from)
    }
}

/// A result-set shape: column names and types in order.
pub(crate) type Shape = [(&'static str, Ty)];

/// The Arrow schema of `shape`; every column is nullable as in SQL Server's catalog procedures.
pub(crate) fn schema(shape: &Shape) -> SchemaRef {
    let fields: Vec<Field> = shape
        .iter()
        .map(|(name, ty)| {
            Field::new(*name, ty.arrow(), true).with_metadata(HashMap::from([(
                SQL_TYPE_METADATA_KEY.to_string(),
                ty.declaration(),
            )]))
        })
        .collect();
    Arc::new(Schema::new(fields))
}

fn internal(m: String) -> SqlError {
    SqlError::new(ErrorKind::Internal, m)
}

fn column<'a>(
    name: &str,
    ty: Ty,
    cells: impl Iterator<Item = &'a V>,
) -> Result<ArrayRef, SqlError> {
    let bad = |v: &V| {
        internal(format!(
            "procedure column {name}: {v:?} does not fit {ty:?}"
        ))
    };
    macro_rules! ints {
        ($builder:ty, $t:ty) => {{
            let mut b = <$builder>::new();
            for c in cells {
                match c {
                    V::Null => b.append_null(),
                    V::I(v) => b.append_value(<$t>::try_from(*v).map_err(|_| bad(c))?),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish()) as ArrayRef
        }};
    }
    Ok(match ty {
        Ty::TinyInt => ints!(UInt8Builder, u8),
        Ty::SmallInt => ints!(Int16Builder, i16),
        Ty::Int => ints!(Int32Builder, i32),
        Ty::Sysname | Ty::NVarChar(_) | Ty::VarChar(_) | Ty::Char(_) => {
            let mut b = StringBuilder::new();
            for c in cells {
                match c {
                    V::Null => b.append_null(),
                    V::S(s) => b.append_value(s),
                    other => return Err(bad(other)),
                }
            }
            Arc::new(b.finish())
        }
    })
}

/// One record batch of `rows` (row-major; short rows are padded with NULL).
pub(crate) fn batch(shape: &Shape, rows: &[Vec<V>]) -> Result<RecordBatch, SqlError> {
    let columns = shape
        .iter()
        .enumerate()
        .map(|(i, (name, ty))| column(name, *ty, rows.iter().map(|r| r.get(i).unwrap_or(&V::Null))))
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(schema(shape), columns).map_err(|e| internal(e.to_string()))
}

/// A result-set outcome of `rows`; under `SET FMTONLY ON` only the metadata.
pub(crate) fn rows_outcome(
    shape: &Shape,
    rows: &[Vec<V>],
    fmtonly: bool,
) -> Result<Outcome, SqlError> {
    let b = batch(shape, if fmtonly { &[] } else { rows })?;
    let schema = b.schema();
    let stream = futures::stream::iter(vec![Ok(b)]);
    Ok(Outcome::Rows {
        schema: Arc::clone(&schema),
        stream: Box::pin(RecordBatchStreamAdapter::new(schema, stream)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_range_checks() {
        let shape: &Shape = &[
            ("A", Ty::SmallInt),
            ("B", Ty::VarChar(32)),
            ("C", Ty::TinyInt),
        ];
        let b = batch(
            shape,
            &[vec![V::I(-9), "x".into(), V::I(39)], vec![V::Null]],
        )
        .unwrap();
        assert_eq!(b.num_rows(), 2);
        let s = b.schema();
        assert_eq!(s.field(0).data_type(), &DataType::Int16);
        assert_eq!(
            s.field(1)
                .metadata()
                .get(SQL_TYPE_METADATA_KEY)
                .map(String::as_str),
            Some("varchar(32)")
        );
        assert!(batch(shape, &[vec![V::I(70_000)]]).is_err());
        assert!(batch(shape, &[vec![V::Null, V::Null, V::I(-1)]]).is_err());
        assert!(batch(shape, &[vec![V::S("no".into())]]).is_err());
    }
}
