//! Table and column definitions with their SQL Server types.

use datafusion::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use std::collections::HashMap;

/// Arrow field metadata key carrying the SQL Server type of a column (e.g. `nvarchar(255)`), so the
/// TDS encoder can announce the declared type rather than a generic one.
pub const SQL_TYPE_METADATA_KEY: &str = "vtds.sql_type";

/// Arrow field metadata key marking a string column compared case-insensitively, as under SQL
/// Server's default collation (`Latin1_General_CI_AS`): the engine rewrites `=`, `<>`, `<`, `IN`
/// and `LIKE` on such columns. Columns without it compare as written (a `_CS` collation), which
/// is right for opaque identifiers such as Stripe ids.
pub const CASE_INSENSITIVE_METADATA_KEY: &str = "vtds.case_insensitive";

/// A SQL Server column type as the catalog reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    /// `nvarchar(n)`; `None` is `nvarchar(max)`.
    NVarChar(Option<u16>),
    /// `bigint`.
    BigInt,
    /// `int`.
    Int,
    /// `bit`.
    Bit,
    /// `float` (8 bytes).
    Float,
    /// `decimal(p, s)`.
    Decimal(u8, u8),
    /// `datetime` (UTC for Stripe timestamps).
    DateTime,
}

impl SqlType {
    /// The Arrow type values of this column have.
    pub fn arrow_type(&self) -> DataType {
        match self {
            SqlType::NVarChar(_) => DataType::Utf8,
            SqlType::BigInt => DataType::Int64,
            SqlType::Int => DataType::Int32,
            SqlType::Bit => DataType::Boolean,
            SqlType::Float => DataType::Float64,
            SqlType::Decimal(p, s) => DataType::Decimal128(*p, *s as i8),
            SqlType::DateTime => DataType::Timestamp(TimeUnit::Millisecond, None),
        }
    }

    /// The type name as `sys.types` / `INFORMATION_SCHEMA` spell it (`nvarchar`, `bigint`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            SqlType::NVarChar(_) => "nvarchar",
            SqlType::BigInt => "bigint",
            SqlType::Int => "int",
            SqlType::Bit => "bit",
            SqlType::Float => "float",
            SqlType::Decimal(..) => "decimal",
            SqlType::DateTime => "datetime",
        }
    }

    /// The full declaration, e.g. `nvarchar(255)`, `nvarchar(max)`, `decimal(19,4)`.
    pub fn declaration(&self) -> String {
        match self {
            SqlType::NVarChar(Some(n)) => format!("nvarchar({n})"),
            SqlType::NVarChar(None) => "nvarchar(max)".to_string(),
            SqlType::Decimal(p, s) => format!("decimal({p},{s})"),
            other => other.type_name().to_string(),
        }
    }

    /// Parses [`SqlType::declaration`] back (case-insensitive); used by the TDS encoder.
    pub fn parse(text: &str) -> Option<SqlType> {
        let t = text.trim().to_ascii_lowercase();
        let (name, args) = match t.find('(') {
            Some(i) => (&t[..i], Some(t[i + 1..].trim_end_matches(')'))),
            None => (t.as_str(), None),
        };
        Some(match (name.trim(), args) {
            ("nvarchar", Some("max")) | ("nvarchar", None) => SqlType::NVarChar(None),
            ("nvarchar", Some(n)) => SqlType::NVarChar(Some(n.trim().parse().ok()?)),
            ("bigint", None) => SqlType::BigInt,
            ("int", None) => SqlType::Int,
            ("bit", None) => SqlType::Bit,
            ("float", None) => SqlType::Float,
            ("datetime", None) => SqlType::DateTime,
            ("decimal", Some(ps)) => {
                let (p, s) = ps.split_once(',')?;
                SqlType::Decimal(p.trim().parse().ok()?, s.trim().parse().ok()?)
            }
            _ => return None,
        })
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Column name in its canonical (PascalCase) spelling.
    pub name: String,
    /// Declared SQL Server type.
    pub sql_type: SqlType,
    /// Whether the column may hold NULL.
    pub nullable: bool,
    /// Human description (from the upstream API docs), shown as REMARKS.
    pub description: Option<String>,
}

impl ColumnDef {
    /// The Arrow field for this column, tagged with its SQL type.
    pub fn arrow_field(&self) -> Field {
        let meta = HashMap::from([(
            SQL_TYPE_METADATA_KEY.to_string(),
            self.sql_type.declaration(),
        )]);
        Field::new(&self.name, self.sql_type.arrow_type(), self.nullable).with_metadata(meta)
    }
}

/// One table of a connector.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// Schema name, e.g. `Stripe`.
    pub schema: String,
    /// Table name, e.g. `Customers`.
    pub name: String,
    /// Human description of the table.
    pub description: Option<String>,
    /// Columns in declaration order.
    pub columns: Vec<ColumnDef>,
}

impl TableDef {
    /// The Arrow schema of the table, one tagged field per column.
    pub fn arrow_schema(&self) -> Schema {
        Schema::new(
            self.columns
                .iter()
                .map(ColumnDef::arrow_field)
                .collect::<Vec<_>>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_round_trip() {
        for t in [
            SqlType::NVarChar(Some(255)),
            SqlType::NVarChar(None),
            SqlType::BigInt,
            SqlType::Int,
            SqlType::Bit,
            SqlType::Float,
            SqlType::Decimal(19, 4),
            SqlType::DateTime,
        ] {
            assert_eq!(SqlType::parse(&t.declaration()), Some(t), "{t:?}");
        }
        assert_eq!(
            SqlType::parse("NVARCHAR(MAX)"),
            Some(SqlType::NVarChar(None))
        );
        assert_eq!(SqlType::parse("geography"), None);
    }

    #[test]
    fn schema_fields_carry_the_sql_type() {
        let t = TableDef {
            schema: "Stripe".into(),
            name: "Customers".into(),
            description: None,
            columns: vec![ColumnDef {
                name: "Email".into(),
                sql_type: SqlType::NVarChar(Some(512)),
                nullable: true,
                description: None,
            }],
        };
        let s = t.arrow_schema();
        assert_eq!(
            s.field(0)
                .metadata()
                .get(SQL_TYPE_METADATA_KEY)
                .map(String::as_str),
            Some("nvarchar(512)")
        );
    }
}
