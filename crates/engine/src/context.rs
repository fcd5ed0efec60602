//! The DataFusion `SessionContext` behind one session, configured for T-SQL semantics.

use std::sync::Arc;

use datafusion::execution::context::SessionContext;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::execution::FunctionRegistry;
use datafusion::optimizer::{Analyzer, AnalyzerRule};
use datafusion::prelude::SessionConfig;
use datafusion::variable::VarType;

use crate::catalog::{Database, DatabaseCatalog};
use crate::hooks::collation::CaseInsensitiveStrings;
use crate::hooks::functions::session_functions;
use crate::hooks::implicit::TsqlConversions;
use crate::hooks::planner::{TsqlOperators, TsqlTypes};
use crate::hooks::variables::SystemVariables;
use crate::state::SessionInfo;

/// Rows per batch. Stripe pages hold up to 100 objects and DataFusion's filters coalesce output
/// up to the batch size before emitting, so a larger size would hold back the first rows until
/// several pages arrived.
pub(crate) const BATCH_SIZE: usize = 100;

fn config() -> SessionConfig {
    let mut config = SessionConfig::new()
        .with_target_partitions(1)
        .with_batch_size(BATCH_SIZE)
        .with_information_schema(false)
        .with_create_default_catalog_and_schema(true);
    let options = config.options_mut();
    // The engine canonicalises every identifier itself; DataFusion must take them verbatim.
    options.sql_parser.enable_ident_normalization = false;
    options.sql_parser.map_string_types_to_utf8view = false;
    // SQL Server sorts NULLs first in ascending order.
    options.sql_parser.default_null_ordering = "nulls_min".to_string();
    // `1.5` is numeric(2,1) in T-SQL, not float.
    options.sql_parser.parse_float_as_decimal = true;
    options.execution.coalesce_batches = false;
    config
}

/// A context with the session's databases as catalogs and its functions and variables.
pub(crate) fn new_context(info: &Arc<SessionInfo>, databases: &[Arc<Database>]) -> SessionContext {
    // T-SQL's implicit conversions must be settled before DataFusion's type coercion runs.
    let mut analyzer: Vec<Arc<dyn AnalyzerRule + Send + Sync>> = vec![Arc::new(TsqlConversions)];
    analyzer.extend(Analyzer::new().rules);
    let mut state = SessionStateBuilder::new()
        .with_config(config())
        .with_default_features()
        .with_analyzer_rules(analyzer)
        .with_type_planner(Arc::new(TsqlTypes))
        .build();
    state.add_analyzer_rule(Arc::new(CaseInsensitiveStrings));
    // Registering a planner on a fresh state cannot fail.
    let _ = state.register_expr_planner(Arc::new(TsqlOperators));
    let ctx = SessionContext::new_with_state(state);
    for db in databases {
        ctx.register_catalog(
            db.name.clone(),
            Arc::new(DatabaseCatalog::new(Arc::clone(db), Arc::clone(info))),
        );
    }
    ctx.register_variable(
        VarType::System,
        Arc::new(SystemVariables::new(Arc::clone(info))),
    );
    for f in session_functions(info) {
        ctx.register_udf(f);
    }
    ctx.register_udf(crate::hooks::object_id::object_id_udf(
        Arc::clone(info),
        databases.to_vec(),
    ));
    // Replaces DataFusion's `avg`: integer averages stay integers in T-SQL.
    ctx.register_udaf(crate::hooks::avg::avg());
    ctx.register_udf(crate::hooks::coalesce::coalesce_udf());
    ctx.register_udf(crate::hooks::datalength::datalength());
    ctx.register_udf(crate::hooks::format::format_udf());
    ctx.register_udf(crate::hooks::json::json_value());
    ctx.register_udf(crate::hooks::openjson::json_query());
    ctx.register_udf(crate::hooks::openjson::openjson_rows());
    ctx
}
