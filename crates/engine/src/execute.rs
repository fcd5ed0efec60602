//! Planning and running one query statement.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::common::ScalarValue;
use datafusion::error::DataFusionError;
use datafusion::execution::context::SQLOptions;
use datafusion::logical_expr::LogicalPlanBuilder;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{execute_stream, ExecutionPlan};
use datafusion::sql::parser::Statement as DfStatement;
use futures::{StreamExt, TryStreamExt};
use sqlparser::ast::Statement;
use tds_server::SqlError;

use crate::error::classify_error;
use crate::hooks::showplan;
use crate::outcome::Outcome;
use crate::rewrite::{rewrite_query, OutputNames, RewriteContext};
use crate::session::Session;
use crate::state::Showplan;

fn df(e: DataFusionError) -> SqlError {
    classify_error(&e)
}

/// The plan's output schema with client-visible names.
fn client_schema(schema: &SchemaRef, names: &OutputNames) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| f.as_ref().clone().with_name(names.client_name(f.name())))
        .collect();
    Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

/// A one-batch result (SHOWPLAN output).
fn batch_outcome(batch: RecordBatch) -> Outcome {
    let schema = batch.schema();
    let stream = futures::stream::iter(vec![Ok(batch)]);
    Outcome::Rows {
        schema: Arc::clone(&schema),
        stream: Box::pin(RecordBatchStreamAdapter::new(schema, stream)),
    }
}

/// A planned query: the physical plan, the client-visible names and the text as received.
struct Planned {
    physical: Arc<dyn ExecutionPlan>,
    names: OutputNames,
    original: String,
}

/// Rewrites and plans `stmt` (a query); `limit` caps the rows (SET ROWCOUNT).
async fn plan(
    session: &Session,
    mut stmt: Statement,
    limit: Option<usize>,
) -> Result<Planned, SqlError> {
    let original = stmt.to_string();
    let names = {
        let cx = RewriteContext {
            resolver: session.resolver(),
            locals: session.locals(),
            table_vars: session.table_vars(),
        };
        rewrite_query(&mut stmt, &cx)?
    };
    tracing::debug!(sql = %stmt, "planning");
    let state = session.context().state();
    let plan = state
        .statement_to_plan(DfStatement::Statement(Box::new(stmt)))
        .await
        .map_err(df)?;
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
        .verify_plan(&plan)
        .map_err(df)?;
    let plan = match limit {
        Some(n) => LogicalPlanBuilder::from(plan)
            .limit(0, Some(n))
            .and_then(LogicalPlanBuilder::build)
            .map_err(df)?,
        None => plan,
    };
    let physical = state.create_physical_plan(&plan).await.map_err(df)?;
    Ok(Planned {
        physical,
        names,
        original,
    })
}

/// Runs `stmt` (a query) for the engine itself, ignoring SHOWPLAN, FMTONLY and ROWCOUNT: the
/// first column of its first row, NULL when it has no rows. Used to evaluate DECLARE/SET
/// assignments, IF conditions and PRINT messages.
pub(crate) async fn evaluate(session: &Session, stmt: Statement) -> Result<ScalarValue, SqlError> {
    let planned = plan(session, stmt, Some(1)).await?;
    let task = session.context().state().task_ctx();
    let batches: Vec<RecordBatch> = execute_stream(planned.physical, task)
        .map_err(df)?
        .try_collect()
        .await
        .map_err(df)?;
    match batches.iter().find(|b| b.num_rows() > 0) {
        Some(b) if b.num_columns() > 0 => ScalarValue::try_from_array(b.column(0), 0).map_err(df),
        _ => Ok(ScalarValue::Null),
    }
}

/// Plans `stmt` (already a query) and starts it, or describes it under SHOWPLAN.
pub(crate) async fn run_query(session: &Session, stmt: Statement) -> Result<Outcome, SqlError> {
    let settings = session.info().read().settings.clone();
    let limit =
        (settings.rowcount > 0).then(|| usize::try_from(settings.rowcount).unwrap_or(usize::MAX));
    let Planned {
        physical,
        names,
        original,
    } = plan(session, stmt, limit).await?;
    let state = session.context().state();
    match settings.showplan {
        Showplan::All => {
            return Ok(batch_outcome(
                showplan::showplan_all(&original, &physical, &names).map_err(df)?,
            ))
        }
        Showplan::Text => {
            return Ok(batch_outcome(
                showplan::showplan_text(&original, &physical, &names).map_err(df)?,
            ))
        }
        Showplan::Off => {}
    }
    let schema = client_schema(&physical.schema(), &names);
    if settings.fmtonly {
        // Metadata only: nothing may be fetched from upstream.
        let empty = futures::stream::iter(Vec::<datafusion::error::Result<RecordBatch>>::new());
        return Ok(Outcome::Rows {
            schema: Arc::clone(&schema),
            stream: Box::pin(RecordBatchStreamAdapter::new(schema, empty)),
        });
    }
    let inner = execute_stream(physical, state.task_ctx()).map_err(df)?;
    let out_schema = Arc::clone(&schema);
    let renamed = inner.map(move |batch| {
        batch.and_then(|b| {
            RecordBatch::try_new(Arc::clone(&out_schema), b.columns().to_vec())
                .map_err(|e| DataFusionError::ArrowError(Box::new(e), None))
        })
    });
    Ok(Outcome::Rows {
        schema: Arc::clone(&schema),
        stream: Box::pin(RecordBatchStreamAdapter::new(schema, renamed)),
    })
}
