//! What one statement of a batch produced, for the TDS adapter to encode.

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::execution::SendableRecordBatchStream;
use tds_server::SqlError;

/// The result of one statement.
pub enum Outcome {
    /// A result set. Field names are exactly what the client should see (the select-list spelling,
    /// empty for unnamed expressions); fields carry `vtds.sql_type` metadata where known.
    Rows {
        /// Schema of every batch of `stream`.
        schema: SchemaRef,
        /// The rows, produced lazily; dropping it cancels the statement.
        stream: SendableRecordBatchStream,
    },
    /// A statement without a result set (SET, transaction control, DML with a count).
    Done {
        /// Rows affected, when the statement has such a count.
        rows_affected: Option<u64>,
    },
    /// `USE db` switched the session's database.
    DatabaseChanged {
        /// Previous database name.
        old: String,
        /// New database name (canonical spelling).
        new: String,
    },
    /// An informational message (`PRINT`): an INFO token with class 0; no result set and no
    /// DONE of its own.
    Info {
        /// Message number (0 for PRINT).
        number: u32,
        /// The text.
        message: String,
    },
    /// The statement failed; the batch stops here.
    Error(SqlError),
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Rows { schema, .. } => f.debug_struct("Rows").field("schema", schema).finish(),
            Outcome::Done { rows_affected } => f
                .debug_struct("Done")
                .field("rows_affected", rows_affected)
                .finish(),
            Outcome::DatabaseChanged { old, new } => f
                .debug_struct("DatabaseChanged")
                .field("old", old)
                .field("new", new)
                .finish(),
            Outcome::Info { number, message } => f
                .debug_struct("Info")
                .field("number", number)
                .field("message", message)
                .finish(),
            Outcome::Error(e) => f.debug_tuple("Error").field(e).finish(),
        }
    }
}
