//! Facts about SQL Server types as the catalog views report them.

use connector::{ColumnDef, SqlType, TableDef};

/// The server's default collation; every nvarchar column reports it.
pub(crate) const COLLATION: &str = "SQL_Latin1_General_CP1_CI_AS";

/// A catalog column definition.
pub(crate) fn column(name: &str, sql_type: SqlType, nullable: bool) -> ColumnDef {
    ColumnDef {
        name: name.to_string(),
        sql_type,
        nullable,
        description: None,
    }
}

/// `nvarchar(128)`, SQL Server's `sysname`.
pub(crate) const SYSNAME: SqlType = SqlType::NVarChar(Some(128));

/// What `INFORMATION_SCHEMA.COLUMNS` and `sys.columns` say about one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct TypeFacts {
    /// CHARACTER_MAXIMUM_LENGTH: characters, -1 for max.
    pub char_max: Option<i64>,
    /// CHARACTER_OCTET_LENGTH: bytes, -1 for max.
    pub octet_len: Option<i64>,
    /// NUMERIC_PRECISION.
    pub numeric_precision: Option<i64>,
    /// NUMERIC_PRECISION_RADIX.
    pub radix: Option<i64>,
    /// NUMERIC_SCALE.
    pub numeric_scale: Option<i64>,
    /// DATETIME_PRECISION.
    pub datetime_precision: Option<i64>,
    /// `sys.types.system_type_id`.
    pub system_type_id: i64,
    /// `sys.columns.max_length` in bytes, -1 for max.
    pub max_length: i64,
    /// `sys.columns.precision`.
    pub precision: i64,
    /// `sys.columns.scale`.
    pub scale: i64,
}

/// SQL Server's values for one declared type.
pub(crate) fn facts(t: SqlType) -> TypeFacts {
    let numeric = |p: i64, radix: i64, scale: Option<i64>| TypeFacts {
        numeric_precision: Some(p),
        radix: Some(radix),
        numeric_scale: scale,
        precision: p,
        scale: scale.unwrap_or(0),
        ..TypeFacts::default()
    };
    match t {
        SqlType::NVarChar(n) => {
            let chars = n.map_or(-1, i64::from);
            let bytes = n.map_or(-1, |n| 2 * i64::from(n));
            TypeFacts {
                char_max: Some(chars),
                octet_len: Some(bytes),
                system_type_id: 231,
                max_length: bytes,
                ..TypeFacts::default()
            }
        }
        SqlType::BigInt => TypeFacts {
            system_type_id: 127,
            max_length: 8,
            ..numeric(19, 10, Some(0))
        },
        SqlType::Int => TypeFacts {
            system_type_id: 56,
            max_length: 4,
            ..numeric(10, 10, Some(0))
        },
        SqlType::Bit => TypeFacts {
            system_type_id: 104,
            max_length: 1,
            precision: 1,
            ..TypeFacts::default()
        },
        SqlType::Float => TypeFacts {
            system_type_id: 62,
            max_length: 8,
            ..numeric(53, 2, None)
        },
        SqlType::Decimal(p, s) => TypeFacts {
            system_type_id: 106,
            max_length: match p {
                0..=9 => 5,
                10..=19 => 9,
                20..=28 => 13,
                _ => 17,
            },
            ..numeric(i64::from(p), 10, Some(i64::from(s)))
        },
        SqlType::DateTime => TypeFacts {
            datetime_precision: Some(3),
            system_type_id: 61,
            max_length: 8,
            precision: 23,
            scale: 3,
            ..TypeFacts::default()
        },
    }
}

/// A catalog view's definition from `(name, type, nullable)` column triples.
pub(crate) fn view_def(schema: &str, name: &str, columns: &[(&str, SqlType, bool)]) -> TableDef {
    TableDef {
        schema: schema.to_string(),
        name: name.to_string(),
        description: None,
        columns: columns
            .iter()
            .map(|(n, t, null)| column(n, *t, *null))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_sql_server_catalog_values() {
        let nv = facts(SqlType::NVarChar(None));
        assert_eq!(
            (nv.char_max, nv.octet_len, nv.max_length),
            (Some(-1), Some(-1), -1)
        );
        let nv = facts(SqlType::NVarChar(Some(255)));
        assert_eq!((nv.char_max, nv.octet_len), (Some(255), Some(510)));
        let d = facts(SqlType::Decimal(19, 4));
        assert_eq!(
            (d.numeric_precision, d.numeric_scale, d.max_length),
            (Some(19), Some(4), 9)
        );
        assert_eq!(facts(SqlType::DateTime).datetime_precision, Some(3));
        assert_eq!(facts(SqlType::Float).radix, Some(2));
    }
}
