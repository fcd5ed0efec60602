//! `SET SHOWPLAN_ALL ON` / `SHOWPLAN_TEXT ON`: queries are planned and described, not executed.
//!
//! tds_fdw (`row_estimate_method 'showplan_all'`) binds the columns `Parent` (int) and
//! `EstimateRows` (float) by name and sums EstimateRows over the rows with Parent = 0, so exactly
//! one row, the statement row, has Parent 0 and carries the estimate for the whole query.

use std::sync::Arc;

use connector::{SqlType, TableDef};
use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Float64Builder, Int32Builder, RecordBatch, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::error::Result;
use datafusion::physical_plan::{displayable, ExecutionPlan, StatisticsArgs, StatisticsContext};

use crate::catalog::column;
use crate::rewrite::OutputNames;

/// Rows assumed when a plan has no statistics (a connector scan without an estimate).
const DEFAULT_ESTIMATE: f64 = 1000.0;

/// One described plan node.
struct Node {
    id: i32,
    parent: i32,
    depth: usize,
    name: String,
    line: String,
    rows: f64,
    output: String,
}

fn estimate(plan: &Arc<dyn ExecutionPlan>) -> f64 {
    StatisticsContext::new()
        .compute(plan.as_ref(), &StatisticsArgs::new())
        .ok()
        .and_then(|s| s.num_rows.get_value().copied())
        .map_or(DEFAULT_ESTIMATE, |n| n as f64)
}

fn walk(
    plan: &Arc<dyn ExecutionPlan>,
    names: &OutputNames,
    parent: i32,
    depth: usize,
    out: &mut Vec<Node>,
) {
    let id = out.len() as i32 + 2;
    let line = displayable(plan.as_ref()).one_line().to_string();
    out.push(Node {
        id,
        parent,
        depth,
        name: plan.name().to_string(),
        line: line.trim_end().to_string(),
        rows: estimate(plan),
        output: plan
            .schema()
            .fields()
            .iter()
            .map(|f| names.client_name(f.name()))
            .collect::<Vec<_>>()
            .join(", "),
    });
    for child in plan.children() {
        walk(child, names, id, depth + 1, out);
    }
}

fn nodes(plan: &Arc<dyn ExecutionPlan>, names: &OutputNames) -> Vec<Node> {
    let mut out = Vec::new();
    walk(plan, names, 1, 1, &mut out);
    out
}

fn operator_text(n: &Node) -> String {
    format!("{}|--{}", "  ".repeat(n.depth), n.line)
}

/// The SHOWPLAN_ALL columns in SQL Server's order.
fn showplan_all_def() -> TableDef {
    let text = SqlType::NVarChar(None);
    let name = SqlType::NVarChar(Some(128));
    TableDef {
        schema: String::new(),
        name: "SHOWPLAN_ALL".to_string(),
        description: None,
        columns: vec![
            column("StmtText", text, true),
            column("StmtId", SqlType::Int, true),
            column("NodeId", SqlType::Int, true),
            column("Parent", SqlType::Int, true),
            column("PhysicalOp", name, true),
            column("LogicalOp", name, true),
            column("Argument", text, true),
            column("DefinedValues", text, true),
            column("EstimateRows", SqlType::Float, true),
            column("EstimateIO", SqlType::Float, true),
            column("EstimateCPU", SqlType::Float, true),
            column("AvgRowSize", SqlType::Int, true),
            column("TotalSubtreeCost", SqlType::Float, true),
            column("OutputList", text, true),
            column("Warnings", text, true),
            column("Type", SqlType::NVarChar(Some(30)), true),
            column("Parallel", SqlType::Bit, true),
            column("EstimateExecutions", SqlType::Float, true),
        ],
    }
}

/// The SHOWPLAN_ALL result for one statement.
pub(crate) fn showplan_all(
    statement: &str,
    plan: &Arc<dyn ExecutionPlan>,
    names: &OutputNames,
) -> Result<RecordBatch> {
    let nodes = nodes(plan, names);
    let total = estimate(plan);
    let full_plan = displayable(plan.as_ref()).indent(false).to_string();
    let mut stmt_text = StringBuilder::new();
    let (mut stmt_id, mut node_id, mut parent) = (
        Int32Builder::new(),
        Int32Builder::new(),
        Int32Builder::new(),
    );
    let (mut physical, mut logical, mut argument, mut defined) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let (mut rows, mut io, mut cpu, mut cost, mut executions) = (
        Float64Builder::new(),
        Float64Builder::new(),
        Float64Builder::new(),
        Float64Builder::new(),
        Float64Builder::new(),
    );
    let mut avg_size = Int32Builder::new();
    let (mut output, mut warnings, mut kind) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let mut parallel = BooleanBuilder::new();

    // The statement row.
    stmt_text.append_value(statement);
    stmt_id.append_value(1);
    node_id.append_value(1);
    parent.append_value(0);
    physical.append_null();
    logical.append_null();
    argument.append_value(full_plan.trim_end());
    defined.append_null();
    rows.append_value(total);
    io.append_null();
    cpu.append_null();
    avg_size.append_null();
    cost.append_value(total * 0.0001);
    output.append_null();
    warnings.append_null();
    kind.append_value("SELECT");
    parallel.append_value(false);
    executions.append_null();

    for node in &nodes {
        stmt_text.append_value(operator_text(node));
        stmt_id.append_value(1);
        node_id.append_value(node.id);
        parent.append_value(node.parent);
        physical.append_value(&node.name);
        logical.append_value(&node.name);
        argument.append_value(&node.line);
        defined.append_null();
        rows.append_value(node.rows);
        io.append_value(0.0);
        cpu.append_value(node.rows * 0.0000001);
        avg_size.append_value(100);
        cost.append_value(node.rows * 0.0001);
        output.append_value(&node.output);
        warnings.append_null();
        kind.append_value("PLAN_ROW");
        parallel.append_value(false);
        executions.append_value(1.0);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(stmt_text.finish()),
        Arc::new(stmt_id.finish()),
        Arc::new(node_id.finish()),
        Arc::new(parent.finish()),
        Arc::new(physical.finish()),
        Arc::new(logical.finish()),
        Arc::new(argument.finish()),
        Arc::new(defined.finish()),
        Arc::new(rows.finish()),
        Arc::new(io.finish()),
        Arc::new(cpu.finish()),
        Arc::new(avg_size.finish()),
        Arc::new(cost.finish()),
        Arc::new(output.finish()),
        Arc::new(warnings.finish()),
        Arc::new(kind.finish()),
        Arc::new(parallel.finish()),
        Arc::new(executions.finish()),
    ];
    Ok(RecordBatch::try_new(
        Arc::new(showplan_all_def().arrow_schema()),
        columns,
    )?)
}

/// The SHOWPLAN_TEXT result: the statement, then the operator tree.
pub(crate) fn showplan_text(
    statement: &str,
    plan: &Arc<dyn ExecutionPlan>,
    names: &OutputNames,
) -> Result<RecordBatch> {
    let mut text = StringBuilder::new();
    text.append_value(statement);
    for node in nodes(plan, names) {
        text.append_value(operator_text(&node));
    }
    let schema: SchemaRef = Arc::new(Schema::new(vec![Field::new(
        "StmtText",
        DataType::Utf8,
        true,
    )
    .with_metadata(
        [(
            connector::SQL_TYPE_METADATA_KEY.to_string(),
            "nvarchar(max)".to_string(),
        )]
        .into(),
    )]));
    Ok(RecordBatch::try_new(schema, vec![Arc::new(text.finish())])?)
}
