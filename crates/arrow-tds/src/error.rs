//! Why a result could not be encoded.

use arrow_schema::{ArrowError, DataType};

/// An encoding failure. Every variant names the column; none carries a value's text, so errors
/// can be logged without leaking row data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The Arrow type has no SQL Server equivalent and cannot be shown as text either.
    #[error("column '{column}': type {data_type} is not supported")]
    UnsupportedType {
        /// Column name.
        column: String,
        /// Its Arrow type.
        data_type: DataType,
    },
    /// A value is longer than the column's declared `nvarchar(n)`/`varchar(n)`/`varbinary(n)`.
    /// SQL Server raises error 8152/2628 here rather than cutting the value.
    #[error("String or binary data would be truncated in column '{column}' (row {row}): {len} bytes, at most {max_len} allowed")]
    Truncation {
        /// Column name.
        column: String,
        /// Row index within the batch.
        row: usize,
        /// The value's encoded length in bytes.
        len: usize,
        /// The declared maximum in bytes.
        max_len: usize,
    },
    /// A value lies outside the announced type's range (a decimal with too many digits, a date
    /// before 1753 as datetime, 300 as tinyint). SQL Server raises 8115/242 here.
    #[error("value out of range for {sql_type} in column '{column}' (row {row})")]
    OutOfRange {
        /// Column name.
        column: String,
        /// Row index within the batch.
        row: usize,
        /// The announced type, e.g. `decimal(19,4)`.
        sql_type: String,
    },
    /// More columns than one COLMETADATA can describe (SQL Server's own limit is 4096).
    #[error("a result may have at most {max} columns, this one has {actual}")]
    TooManyColumns {
        /// Columns in the result.
        actual: usize,
        /// The limit.
        max: usize,
    },
    /// A batch whose column count differs from the schema the encoder was built for.
    #[error("batch has {actual} columns, the result was described with {expected}")]
    ColumnCountMismatch {
        /// Columns announced in COLMETADATA.
        expected: usize,
        /// Columns in the batch.
        actual: usize,
    },
    /// Converting a batch column to the announced type failed (e.g. an unsigned value beyond
    /// bigint).
    #[error("column '{column}': {source}")]
    Arrow {
        /// Column name.
        column: String,
        /// The Arrow error.
        #[source]
        source: ArrowError,
    },
}

/// Result of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
