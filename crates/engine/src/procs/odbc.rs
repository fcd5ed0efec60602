//! What the ODBC catalog procedures say about a column type: the ODBC SQL type code
//! (`DATA_TYPE`), PRECISION, LENGTH (bytes), SCALE, RADIX and SQL Server's own `SS_DATA_TYPE`.

use connector::SqlType;

/// `SQL_DATETIME` (the verbose type of `SQL_TYPE_TIMESTAMP`) for `SQL_DATA_TYPE`.
const SQL_DATETIME: i64 = 9;

/// ODBC facts about one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OdbcType {
    /// `DATA_TYPE`: the ODBC type code for the requested ODBC version.
    pub data_type: i64,
    /// `TYPE_NAME`.
    pub type_name: &'static str,
    /// `PRECISION`: characters for strings, digits for numbers.
    pub precision: i64,
    /// `LENGTH`: transfer size in bytes.
    pub length: i64,
    /// `SCALE` (NULL for types without one).
    pub scale: Option<i64>,
    /// `RADIX` (NULL for non-numeric types).
    pub radix: Option<i64>,
    /// `SQL_DATA_TYPE`.
    pub sql_data_type: i64,
    /// `SQL_DATETIME_SUB` (3 = SQL_CODE_TIMESTAMP for datetime).
    pub datetime_sub: Option<i64>,
    /// `CHAR_OCTET_LENGTH` for string types.
    pub octet_length: Option<i64>,
}

/// The facts for `t`; `odbc3` selects ODBC 3 codes (`datetime` is 93 instead of 11).
pub(crate) fn odbc_type(t: SqlType, odbc3: bool) -> OdbcType {
    let base = |data_type, type_name, precision, length, scale, radix| OdbcType {
        data_type,
        type_name,
        precision,
        length,
        scale,
        radix,
        sql_data_type: data_type,
        datetime_sub: None,
        octet_length: None,
    };
    match t {
        // nvarchar(max) reports as SQL_WLONGVARCHAR with the 2^30-1 character limit.
        SqlType::NVarChar(None) => OdbcType {
            octet_length: Some(2_147_483_646),
            ..base(-10, "nvarchar", 1_073_741_823, 2_147_483_646, None, None)
        },
        SqlType::NVarChar(Some(n)) => {
            let n = i64::from(n);
            OdbcType {
                octet_length: Some(2 * n),
                ..base(-9, "nvarchar", n, 2 * n, None, None)
            }
        }
        SqlType::BigInt => base(-5, "bigint", 19, 8, Some(0), Some(10)),
        SqlType::Int => base(4, "int", 10, 4, Some(0), Some(10)),
        SqlType::Bit => base(-7, "bit", 1, 1, None, None),
        SqlType::Float => base(6, "float", 15, 8, None, Some(10)),
        SqlType::Decimal(p, s) => base(
            3,
            "decimal",
            i64::from(p),
            i64::from(p) + 2,
            Some(i64::from(s)),
            Some(10),
        ),
        SqlType::DateTime => OdbcType {
            sql_data_type: SQL_DATETIME,
            datetime_sub: Some(3),
            ..base(
                if odbc3 { 93 } else { 11 },
                "datetime",
                23,
                16,
                Some(3),
                None,
            )
        },
    }
}

/// `SS_DATA_TYPE`: the TDS type code SQL Server 2000 used (nullable variants 38/109/110/111).
pub(crate) fn ss_data_type(t: SqlType, nullable: bool) -> i64 {
    match (t, nullable) {
        (SqlType::NVarChar(_), _) => 39,
        (SqlType::BigInt | SqlType::Int, true) => 38,
        (SqlType::BigInt, false) => 127,
        (SqlType::Int, false) => 56,
        (SqlType::Bit, _) => 50,
        (SqlType::Float, true) => 109,
        (SqlType::Float, false) => 62,
        (SqlType::Decimal(..), _) => 106,
        (SqlType::DateTime, true) => 111,
        (SqlType::DateTime, false) => 61,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odbc_codes() {
        assert_eq!(odbc_type(SqlType::NVarChar(Some(255)), false).data_type, -9);
        assert_eq!(odbc_type(SqlType::NVarChar(Some(255)), false).length, 510);
        assert_eq!(odbc_type(SqlType::BigInt, false).data_type, -5);
        assert_eq!(odbc_type(SqlType::Bit, true).data_type, -7);
        assert_eq!(odbc_type(SqlType::DateTime, false).data_type, 11);
        assert_eq!(odbc_type(SqlType::DateTime, true).data_type, 93);
        assert_eq!(odbc_type(SqlType::Decimal(19, 4), true).scale, Some(4));
    }
}
