//! `StripeScanExec`: the physical scan. Calls Stripe only when its stream is polled.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::stats::Precision;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::Statistics;
use datafusion::error::Result as DfResult;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
};

use crate::catalogue::ColumnSpec;
use crate::client::StripeClient;
use crate::plan::{Fetch, ScanRequest};
use crate::stream::page_stream;

/// Scans one Stripe resource in one partition, one record batch per Stripe page.
pub struct StripeScanExec {
    request: Arc<ScanRequest>,
    client: Arc<StripeClient>,
    columns: Arc<[&'static ColumnSpec]>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl StripeScanExec {
    /// A scan producing `schema` (one field per entry of `columns`).
    pub fn new(
        request: ScanRequest,
        client: Arc<StripeClient>,
        columns: Vec<&'static ColumnSpec>,
        schema: SchemaRef,
    ) -> Self {
        let properties = PlanProperties::new(
            EquivalenceProperties::new(schema.clone()),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        StripeScanExec {
            request: Arc::new(request),
            client,
            columns: columns.into(),
            schema,
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
            DisplayFormatType::Default => write!(f, "StripeScanExec: {}", self.request),
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

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
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
        let stream = page_stream(
            self.client.clone(),
            self.request.clone(),
            self.columns.clone(),
            self.schema.clone(),
        );
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            self.schema.clone(),
            stream,
        )))
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
