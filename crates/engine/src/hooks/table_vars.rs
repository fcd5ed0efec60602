//! Table variables, for the one way clients use them: mssql-jdbc's getColumns and
//! getImportedKeys declare `@t TABLE(…)`, fill it with `INSERT INTO @t EXEC sp_columns_100 …`
//! and select from it. A table variable is an in-memory table of the session's DataFusion
//! context that lives until the batch ends.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::datasource::MemTable;
use datafusion::execution::context::SessionContext;
use futures::TryStreamExt;
use sqlparser::ast::{ColumnDef, DataType as SqlDataType, ExactNumberInfo, Expr, TimezoneInfo};
use tds_server::{ErrorKind, SqlError};

use super::control::eval;
use super::locals::declaration;
use crate::error::classify_error;
use crate::outcome::Outcome;
use crate::procs::{self, ProcArg};
use crate::session::Session;

/// The catalog and schema table variables are registered in (DataFusion's defaults).
pub(crate) const TABLE_VAR_CATALOG: [&str; 2] = ["datafusion", "public"];

/// One declared table variable.
#[derive(Debug, Clone)]
pub(crate) struct TableVar {
    /// The name it is registered under in the session context.
    pub table: String,
    /// Its schema (declared column names and types).
    pub schema: SchemaRef,
    rows: Vec<RecordBatch>,
}

/// The table variables of the running batch, by lower-case name with `@`.
#[derive(Debug, Default)]
pub(crate) struct TableVars {
    vars: HashMap<String, TableVar>,
}

impl TableVars {
    /// The variable `name`, any case.
    pub(crate) fn get(&self, name: &str) -> Option<&TableVar> {
        self.vars.get(&name.to_ascii_lowercase())
    }

    /// Drops every table variable (the batch ended).
    pub(crate) fn clear(&mut self, ctx: &SessionContext) {
        for v in self.vars.values() {
            let _ = ctx.deregister_table(v.table.as_str());
        }
        self.vars.clear();
    }
}

/// The Arrow type values of a declared column are stored as.
fn arrow_type(ty: &SqlDataType) -> Result<DataType, SqlError> {
    let d = declaration("@column", ty)?;
    if d.is_string {
        return Ok(DataType::Utf8);
    }
    Ok(match d.cast {
        Some(SqlDataType::TinyIntUnsigned(_)) => DataType::UInt8,
        Some(SqlDataType::SmallInt(_)) => DataType::Int16,
        Some(SqlDataType::Int(_)) => DataType::Int32,
        Some(SqlDataType::BigInt(_)) => DataType::Int64,
        Some(SqlDataType::Boolean) => DataType::Boolean,
        Some(SqlDataType::Real) => DataType::Float32,
        Some(SqlDataType::DoublePrecision) => DataType::Float64,
        Some(SqlDataType::Decimal(ExactNumberInfo::PrecisionAndScale(p, s))) => {
            DataType::Decimal128(u8::try_from(p).unwrap_or(38), i8::try_from(s).unwrap_or(0))
        }
        Some(SqlDataType::Date) => DataType::Date32,
        Some(SqlDataType::Bytea) => DataType::Binary,
        Some(SqlDataType::Timestamp(_, TimezoneInfo::WithTimeZone)) => {
            DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into()))
        }
        Some(SqlDataType::Timestamp(..)) => DataType::Timestamp(TimeUnit::Millisecond, None),
        _ => DataType::Utf8,
    })
}

fn register(ctx: &SessionContext, v: &TableVar) -> Result<(), SqlError> {
    let internal = |e: datafusion::error::DataFusionError| classify_error(&e);
    let _ = ctx.deregister_table(v.table.as_str());
    let table = MemTable::try_new(Arc::clone(&v.schema), vec![v.rows.clone()]).map_err(internal)?;
    ctx.register_table(v.table.as_str(), Arc::new(table))
        .map_err(internal)?;
    Ok(())
}

/// `DECLARE @name TABLE (…)`.
pub(crate) fn declare(
    session: &mut Session,
    name: &str,
    columns: &[ColumnDef],
) -> Result<(), SqlError> {
    let key = name.to_ascii_lowercase();
    if session.table_vars().get(&key).is_some() || session.locals().get(&key).is_some() {
        return Err(SqlError::new(
            ErrorKind::Syntax,
            format!("The variable name '{name}' has already been declared. Variable names must be unique within a query batch or stored procedure."),
        ));
    }
    let fields = columns
        .iter()
        .map(|c| {
            Ok(Field::new(
                c.name.value.clone(),
                arrow_type(&c.data_type)?,
                true,
            ))
        })
        .collect::<Result<Vec<_>, SqlError>>()?;
    let v = TableVar {
        table: format!("__vtds_tv_{}", key.trim_start_matches('@')),
        schema: Arc::new(Schema::new(fields)),
        rows: Vec::new(),
    };
    register(session.context(), &v)?;
    session.table_vars_mut().vars.insert(key, v);
    Ok(())
}

/// `EXEC __vtds_insert_exec @t, proc, args…`: runs the procedure and appends its first result
/// set to the table variable, converting each column to the declared type by position.
pub(crate) async fn insert_exec(
    session: &mut Session,
    args: Vec<Expr>,
) -> Result<Outcome, SqlError> {
    let mut args = args.into_iter();
    let (Some(Expr::Identifier(target)), Some(proc)) = (args.next(), args.next()) else {
        return Err(SqlError::syntax_near("EXEC"));
    };
    let mut call_args = Vec::new();
    for a in args {
        call_args.push(match a {
            Expr::BinaryOp {
                left,
                op: sqlparser::ast::BinaryOperator::Eq,
                right,
            } if matches!(left.as_ref(), Expr::Identifier(i) if i.value.starts_with('@')) => {
                let name = left.to_string();
                ProcArg::named(&name, eval(session, *right).await?)
            }
            other => ProcArg::positional(eval(session, other).await?),
        });
    }
    let mut var = session
        .table_vars()
        .get(&target.value)
        .cloned()
        .ok_or_else(|| {
            SqlError::new(
                ErrorKind::UndeclaredVariable,
                format!("Must declare the table variable \"{}\".", target.value),
            )
        })?;
    let outcomes = procs::call(session, &proc.to_string(), &call_args)?;
    let mut added = 0u64;
    if let Some(Outcome::Rows { stream, .. }) = outcomes.into_iter().next() {
        let batches: Vec<RecordBatch> =
            stream.try_collect().await.map_err(|e| classify_error(&e))?;
        for b in batches {
            if b.num_columns() != var.schema.fields().len() {
                return Err(SqlError::new(
                    ErrorKind::Conversion,
                    "Column name or number of supplied values does not match table definition.",
                ));
            }
            let columns = b
                .columns()
                .iter()
                .zip(var.schema.fields())
                .map(|(c, f)| cast(c, f.data_type()))
                .collect::<Result<Vec<_>, _>>()
                .and_then(|cols| RecordBatch::try_new(Arc::clone(&var.schema), cols))
                .map_err(|e| SqlError::new(ErrorKind::Conversion, e.to_string()))?;
            added += columns.num_rows() as u64;
            var.rows.push(columns);
        }
    }
    register(session.context(), &var)?;
    session
        .table_vars_mut()
        .vars
        .insert(target.value.to_ascii_lowercase(), var);
    Ok(Outcome::Done {
        rows_affected: Some(added),
    })
}
