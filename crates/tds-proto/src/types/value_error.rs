//! Why a value could not be encoded in its TDS type.

/// A value that the announced TDS type cannot represent. SQL Server never sends such a value
/// (it raises an error instead), so neither do we: nothing is cut or wrapped silently.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The value lies outside the type's range (e.g. 300 as tinyint, year 1600 as datetime,
    /// 12345.6 as decimal(4,1)).
    #[error("value out of range for {sql_type}")]
    OutOfRange {
        /// The SQL Server type name, e.g. `tinyint`, `datetime`, `decimal`.
        sql_type: &'static str,
    },
    /// The value is longer than the column's declared maximum.
    #[error("value of {len} bytes exceeds the maximum of {max} bytes")]
    TooLong {
        /// Encoded length of the value in bytes.
        len: usize,
        /// Declared maximum in bytes.
        max: usize,
    },
    /// A type parameter the wire format cannot express (e.g. INTN size 3, time scale 9).
    #[error("invalid {what} {value}")]
    InvalidTypeParam {
        /// Which parameter, e.g. `intn size`, `scale`, `precision`.
        what: &'static str,
        /// The offending value.
        value: u32,
    },
}
