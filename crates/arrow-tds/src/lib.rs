//! Arrow RecordBatches encoded as TDS COLMETADATA and ROW/NBCROW tokens.
//!
//! [`ResultEncoder::new`] decides each column's wire type once: the field's `vtds.sql_type`
//! metadata when it fits the Arrow values (so `nvarchar(255)` is announced as such), otherwise
//! a type derived from the Arrow type, then downgraded for old clients exactly as SQL Server
//! does (no DATE/TIME/DATETIME2/DATETIMEOFFSET before TDS 7.3, no PLP before 7.2). Batches are
//! then appended row by row; values that the announced type cannot hold are errors, never cut.

mod encoder;
mod error;
mod mapping;
mod source;
mod sql_type;
mod value;

#[cfg(test)]
mod tests;

pub use encoder::ResultEncoder;
pub use error::{Error, Result};

/// Arrow field metadata key carrying a column's declared SQL Server type, e.g. `nvarchar(255)`,
/// `nvarchar(max)`, `bigint`, `decimal(19,4)`, `datetime`. Same string as
/// `connector::SQL_TYPE_METADATA_KEY`.
pub const SQL_TYPE_METADATA_KEY: &str = "vtds.sql_type";
