//! `StripeScanExec`: the physical scan. Calls Stripe only when its stream is polled.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::config::ConfigOptions;
use datafusion::common::stats::Precision;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::Statistics;
use datafusion::error::Result as DfResult;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::Expr;
use datafusion::physical_expr::expressions::Column;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::filter_pushdown::{
    ChildPushdownResult, FilterPushdownPhase, FilterPushdownPropagation, PushedDown,
};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
    SortOrderPushdownResult,
};
use futures::StreamExt;

use crate::catalogue::{ColumnKind, ColumnSpec};
use crate::client::StripeClient;
use crate::join_keys::{is_dynamic, narrowed};
use crate::plan::{Fetch, ScanRequest};
use crate::stream::page_stream;

/// Scans one Stripe resource in one partition, one record batch per Stripe page.
pub struct StripeScanExec {
    request: Arc<ScanRequest>,
    /// The logical filters `request` was planned from, to plan again with a join's keys.
    pushed: Arc<[Expr]>,
    /// A join's dynamic filter on this scan's rows (see `join_keys`).
    join_keys: Option<Arc<dyn PhysicalExpr>>,
    client: Arc<StripeClient>,
    columns: Arc<[&'static ColumnSpec]>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl StripeScanExec {
    /// A scan producing `schema` (one field per entry of `columns`).
    pub fn new(
        request: ScanRequest,
        pushed: &[Expr],
        client: Arc<StripeClient>,
        columns: Vec<&'static ColumnSpec>,
        schema: SchemaRef,
    ) -> Self {
        let columns: Arc<[&'static ColumnSpec]> = columns.into();
        let properties = Self::properties_for(&request, &columns, &schema);
        StripeScanExec {
            request: Arc::new(request),
            pushed: pushed.into(),
            join_keys: None,
            client,
            columns,
            schema,
            properties: Arc::new(properties),
        }
    }

    /// One partition, emitted page by page; ordered by `Created DESC` when the request says so.
    fn properties_for(
        request: &ScanRequest,
        columns: &[&'static ColumnSpec],
        schema: &SchemaRef,
    ) -> PlanProperties {
        let created = columns.iter().position(|c| is_created(c));
        let equivalence = match created {
            Some(i) if request.newest_first => {
                let sort = PhysicalSortExpr::new(
                    Arc::new(Column::new(columns[i].name, i)),
                    datafusion::arrow::compute::SortOptions {
                        descending: true,
                        nulls_first: false,
                    },
                );
                EquivalenceProperties::new_with_orderings(schema.clone(), [[sort]])
            }
            _ => EquivalenceProperties::new(schema.clone()),
        };
        PlanProperties::new(
            equivalence,
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        )
    }

    /// This scan with `request` changed by `change`.
    fn with_request(&self, change: impl FnOnce(&mut ScanRequest)) -> StripeScanExec {
        let mut request = (*self.request).clone();
        change(&mut request);
        let properties = Self::properties_for(&request, &self.columns, &self.schema);
        StripeScanExec {
            request: Arc::new(request),
            pushed: self.pushed.clone(),
            join_keys: self.join_keys.clone(),
            client: self.client.clone(),
            columns: self.columns.clone(),
            schema: self.schema.clone(),
            properties: Arc::new(properties),
        }
    }

    /// The planned Stripe calls.
    pub fn request(&self) -> &ScanRequest {
        &self.request
    }

    /// Expected row count, for SHOWPLAN's EstimateRows.
    pub fn estimated_rows(&self) -> f64 {
        self.request.estimated_rows()
    }
}

impl fmt::Debug for StripeScanExec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeScanExec")
            .field("request", &self.request.to_string())
            .finish_non_exhaustive()
    }
}

impl DisplayAs for StripeScanExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        match t {
            DisplayFormatType::Default => {
                write!(f, "StripeScanExec: {}", self.request)?;
                if self.join_keys.is_some() {
                    write!(f, " narrowed-by=join keys at run time")?;
                }
                Ok(())
            }
            DisplayFormatType::Verbose => {
                let names: Vec<_> = self.columns.iter().map(|c| c.name).collect();
                write!(
                    f,
                    "StripeScanExec: {} projection=[{}]",
                    self.request,
                    names.join(", ")
                )
            }
            DisplayFormatType::TreeRender => write!(f, "{}", self.request),
        }
    }
}

impl ExecutionPlan for StripeScanExec {
    fn name(&self) -> &str {
        "StripeScanExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    /// The join's dynamic filter is this node's one expression: a join computes its filter
    /// only when it finds it in use below.
    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        match &self.join_keys {
            Some(keys) => f(keys),
            None => Ok(TreeNodeRecursion::Continue),
        }
    }

    fn with_new_children(
        self: Arc<Self>,
        _children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        Ok(self)
    }

    fn execute(
        &self,
        partition: usize,
        _context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return Err(datafusion::error::DataFusionError::Internal(format!(
                "StripeScanExec has one partition, asked for {partition}"
            )));
        }
        let (client, columns, schema) = (
            self.client.clone(),
            self.columns.clone(),
            self.schema.clone(),
        );
        let planned = self.request.clone();
        let (pushed, join_keys) = (self.pushed.clone(), self.join_keys.clone());
        // Decided at the first poll, when a join's build side is complete.
        let request = futures::stream::once(async move {
            join_keys
                .and_then(|keys| narrowed(&planned, &pushed, &keys, &schema))
                .map_or(planned, Arc::new)
        });
        let schema = self.schema.clone();
        let stream = request
            .map(move |request| {
                page_stream(client.clone(), request, columns.clone(), schema.clone())
            })
            .flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            self.schema.clone(),
            stream,
        )))
    }

    /// Keeps a join's dynamic filter to narrow the scan when it runs; every filter is still
    /// reported as not pushed, so the join and filters above keep applying them.
    fn handle_child_pushdown_result(
        &self,
        _phase: FilterPushdownPhase,
        result: ChildPushdownResult,
        _config: &ConfigOptions,
    ) -> DfResult<FilterPushdownPropagation<Arc<dyn ExecutionPlan>>> {
        let dynamic = result
            .parent_filters
            .iter()
            .map(|f| &f.filter)
            .find(|f| is_dynamic(f))
            .cloned();
        let answer =
            FilterPushdownPropagation::with_parent_pushdown_result(vec![
                PushedDown::No;
                result.parent_filters.len()
            ]);
        Ok(match dynamic {
            Some(keys) if matches!(self.request.fetch, Fetch::List { .. }) => {
                let mut node = self.with_request(|_| {});
                node.join_keys = Some(keys);
                answer.with_updated_node(Arc::new(node))
            }
            _ => answer,
        })
    }

    /// `ORDER BY Created DESC` is the order Stripe lists in: a scan that can keep it (one walk)
    /// takes the sort over, so `TOP 10 … ORDER BY Created DESC` reads one page instead of the
    /// whole list. Any other order, or a second sort key (ties within a second are in list
    /// order, not by that key), stays with DataFusion.
    fn try_pushdown_sort(
        &self,
        order: &[PhysicalSortExpr],
    ) -> DfResult<SortOrderPushdownResult<Arc<dyn ExecutionPlan>>> {
        let [key] = order else {
            return Ok(SortOrderPushdownResult::Unsupported);
        };
        let on_created = key.options.descending
            && key
                .expr
                .downcast_ref::<Column>()
                .and_then(|c| self.columns.get(c.index()))
                .is_some_and(|c| is_created(c));
        if !on_created || !self.request.can_run_newest_first() {
            return Ok(SortOrderPushdownResult::Unsupported);
        }
        Ok(SortOrderPushdownResult::Exact {
            inner: Arc::new(self.with_request(|r| r.newest_first = true)),
        })
    }

    /// A limit directly above the scan (no filter in between): stop after `limit` rows and ask
    /// for pages no bigger than that.
    fn with_fetch(&self, limit: Option<usize>) -> Option<Arc<dyn ExecutionPlan>> {
        let limit = match (limit, self.request.limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Some(Arc::new(self.with_request(|r| r.limit = limit)))
    }

    fn fetch(&self) -> Option<usize> {
        self.request.limit
    }

    fn partition_statistics(&self, _partition: Option<usize>) -> DfResult<Arc<Statistics>> {
        // An unfiltered list's size is unknown; a made-up figure would mislead join planning.
        let num_rows = match (&self.request.fetch, self.request.limit) {
            (Fetch::Nothing, _) => Precision::Exact(0),
            (Fetch::List { .. }, None) => Precision::Absent,
            _ => Precision::Inexact(self.estimated_rows() as usize),
        };
        Ok(Arc::new(
            Statistics::new_unknown(&self.schema).with_num_rows(num_rows),
        ))
    }
}

/// The resource's `created` timestamp column.
fn is_created(c: &ColumnSpec) -> bool {
    c.name == "Created" && c.kind == ColumnKind::Timestamp && c.json_path == ["created"]
}
