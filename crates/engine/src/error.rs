//! Errors of the engine and their one-time classification into SQL Server errors.
//!
//! Everything the client sees is a [`SqlError`]; DataFusion's errors are classified here once
//! ([`classify_error`]), also for failures that surface mid-stream (a Stripe page that fails after
//! the first rows were sent), which the TDS adapter classifies with the same function.

use datafusion::arrow::error::ArrowError;
use datafusion::common::SchemaError;
use datafusion::error::DataFusionError;
use tds_server::{ErrorKind, SqlError};

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Internal failures of the engine, each convertible into the [`SqlError`] a client sees.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An error already classified for the client.
    #[error("{0}")]
    Sql(#[from] SqlError),
    /// Planning or execution failed inside DataFusion.
    #[error("{0}")]
    DataFusion(#[from] DataFusionError),
    /// The metadata store failed (not a login failure: those are answered as 18456).
    #[error("metadata store error: {0}")]
    Metastore(String),
    /// A connector could not be built from its stored settings.
    #[error("{0}")]
    Connector(#[from] connector::Error),
}

impl From<Error> for SqlError {
    fn from(e: Error) -> Self {
        match e {
            Error::Sql(e) => e,
            Error::DataFusion(e) => classify_error(&e),
            Error::Metastore(m) => SqlError::new(ErrorKind::Internal, m),
            Error::Connector(c) => SqlError::new(ErrorKind::Internal, c.to_string()),
        }
    }
}

/// Classifies a DataFusion error (planning or mid-stream execution) as the SQL Server error the
/// client should see. Errors the engine raised itself travel as `External(SqlError)` and come back
/// unchanged; upstream (Stripe) failures become the 5000x range.
pub fn classify_error(e: &DataFusionError) -> SqlError {
    match e {
        DataFusionError::Context(_, inner) | DataFusionError::Diagnostic(_, inner) => {
            classify_error(inner)
        }
        DataFusionError::Shared(inner) => classify_error(inner),
        DataFusionError::Collection(all) => match all.first() {
            Some(first) => classify_error(first),
            None => SqlError::new(ErrorKind::Internal, "unknown error"),
        },
        DataFusionError::External(inner) => classify_external(inner.as_ref()),
        DataFusionError::ArrowError(inner, _) => classify_arrow(inner),
        DataFusionError::SchemaError(inner, _) => classify_schema(inner),
        DataFusionError::SQL(inner, _) => SqlError::new(ErrorKind::Syntax, inner.to_string()),
        DataFusionError::NotImplemented(m) => SqlError::new(
            ErrorKind::NotSupported,
            format!("Not supported by vtds: {m}"),
        ),
        DataFusionError::Plan(m) => classify_plan_message(m),
        DataFusionError::ExecutionJoin(_) => {
            SqlError::new(ErrorKind::Cancelled, "The query was cancelled.")
        }
        other => SqlError::new(ErrorKind::Internal, other.to_string()),
    }
}

fn classify_external(e: &(dyn std::error::Error + Send + Sync + 'static)) -> SqlError {
    if let Some(sql) = e.downcast_ref::<SqlError>() {
        return sql.clone();
    }
    if let Some(df) = e.downcast_ref::<DataFusionError>() {
        return classify_error(df);
    }
    if let Some(arrow) = e.downcast_ref::<ArrowError>() {
        return classify_arrow(arrow);
    }
    classify_upstream(&e.to_string())
}

/// Connectors (the engine does not depend on any of them) report their failures as `External`
/// errors; their text says which kind. Stripe's connector spells `HTTP <status>` for API errors.
fn classify_upstream(text: &str) -> SqlError {
    let has = |s: &str| text.contains(s);
    let kind = if has("HTTP 401") || has("HTTP 403") {
        ErrorKind::UpstreamPermission
    } else if has("HTTP 429") || has("HTTP 5") || (has("request ") && has(" failed")) {
        ErrorKind::UpstreamUnavailable
    } else {
        ErrorKind::Upstream
    };
    SqlError::new(kind, text.to_string())
}

fn classify_arrow(e: &ArrowError) -> SqlError {
    match e {
        ArrowError::DivideByZero => {
            SqlError::new(ErrorKind::DivideByZero, "Divide by zero error encountered.")
        }
        ArrowError::CastError(m) | ArrowError::ParseError(m) => {
            SqlError::new(ErrorKind::Conversion, format!("Conversion failed: {m}"))
        }
        ArrowError::ExternalError(inner) => classify_external(inner.as_ref()),
        other => SqlError::new(ErrorKind::Internal, other.to_string()),
    }
}

fn classify_schema(e: &SchemaError) -> SqlError {
    match e {
        SchemaError::FieldNotFound { field, .. } => SqlError::invalid_column(&field.name),
        SchemaError::AmbiguousReference { field } => SqlError::new(
            ErrorKind::AmbiguousColumn,
            format!("Ambiguous column name '{}'.", field.name),
        ),
        other => SqlError::new(ErrorKind::Internal, other.to_string()),
    }
}

/// DataFusion reports some user errors only as plan text; the engine validates table names and
/// variables before planning, so these are fallbacks.
fn classify_plan_message(m: &str) -> SqlError {
    if let Some(rest) = m.strip_prefix("table '") {
        let name = rest.split('\'').next().unwrap_or(rest);
        return SqlError::invalid_object(name);
    }
    if let Some(rest) = m.strip_prefix("Invalid function '") {
        let name = rest.split('\'').next().unwrap_or(rest);
        return SqlError::new(
            ErrorKind::NotSupported,
            format!("'{name}' is not a recognized built-in function name."),
        );
    }
    if m.contains("variable") {
        return SqlError::new(ErrorKind::UndeclaredVariable, m.to_string());
    }
    if m.contains("Cannot infer common argument type")
        || m.contains("Cannot coerce")
        || m.contains("cannot be cast")
    {
        return SqlError::new(ErrorKind::Conversion, m.to_string());
    }
    SqlError::new(ErrorKind::Internal, m.to_string())
}

/// Wraps an already classified error so it can travel through DataFusion (from a UDF or a
/// provider) and come back unchanged from [`classify_error`].
pub(crate) fn to_datafusion(e: SqlError) -> DataFusionError {
    DataFusionError::External(Box::new(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::common::Column;

    #[test]
    fn engine_errors_round_trip_through_datafusion() {
        let e = to_datafusion(SqlError::invalid_object("Stripe.Nope"));
        let e = DataFusionError::Context("while planning".into(), Box::new(e));
        assert_eq!(classify_error(&e), SqlError::invalid_object("Stripe.Nope"));
    }

    #[test]
    fn schema_and_arrow_errors_map_to_sql_server_numbers() {
        let e = DataFusionError::SchemaError(
            Box::new(SchemaError::FieldNotFound {
                field: Box::new(Column::new_unqualified("x")),
                valid_fields: vec![],
            }),
            Box::new(None),
        );
        let sql = classify_error(&e);
        assert_eq!(sql.number(), 207);
        assert_eq!(sql.message, "Invalid column name 'x'.");
        let div = DataFusionError::ArrowError(Box::new(ArrowError::DivideByZero), None);
        assert_eq!(classify_error(&div).number(), 8134);
    }

    #[test]
    fn upstream_errors_use_the_upstream_range() {
        #[derive(Debug)]
        struct Upstream(&'static str);
        impl std::fmt::Display for Upstream {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0)
            }
        }
        impl std::error::Error for Upstream {}
        let e = |t| classify_error(&DataFusionError::External(Box::new(Upstream(t))));
        assert_eq!(
            e("Stripe error (HTTP 404, invalid_request_error): no").number(),
            50001
        );
        assert_eq!(
            e("Stripe error (HTTP 403, permission_error): no").number(),
            50003
        );
        assert_eq!(
            e("Stripe error (HTTP 429, rate_limit): slow").number(),
            50002
        );
        assert_eq!(
            e("Stripe request GET /v1/customers failed: timeout").number(),
            50002
        );
    }
}
