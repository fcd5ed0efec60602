//! `StripeTable`: the DataFusion `TableProvider` of one Stripe resource.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::error::Result as DfResult;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_plan::ExecutionPlan;

use crate::catalogue::{ColumnSpec, ResourceSpec};
use crate::client::StripeClient;
use crate::error::Error;
use crate::plan::ScanRequest;
use crate::pushdown::classify;
use crate::scan::StripeScanExec;

/// One Stripe resource as a table. Plans without I/O; `StripeScanExec` does the calls.
pub struct StripeTable {
    resource: &'static ResourceSpec,
    client: Arc<StripeClient>,
    schema: SchemaRef,
}

impl StripeTable {
    /// The table for `resource`, calling Stripe through `client`.
    pub fn new(resource: &'static ResourceSpec, client: Arc<StripeClient>) -> Self {
        let schema = Arc::new(resource.arrow_schema());
        StripeTable {
            resource,
            client,
            schema,
        }
    }

    /// The catalogue entry behind this table.
    pub fn resource(&self) -> &'static ResourceSpec {
        self.resource
    }

    /// Expected rows of a scan with these pushed filters and limit (SHOWPLAN's EstimateRows):
    /// the number of ids for a retrieve, the limit for TOP n, otherwise a default.
    pub fn estimated_rows(&self, filters: &[Expr], limit: Option<usize>) -> f64 {
        ScanRequest::new(self.resource, filters, limit).estimated_rows()
    }
}

impl fmt::Debug for StripeTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeTable")
            .field("table", &self.resource.table)
            .field("path", &self.resource.path)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl TableProvider for StripeTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> DfResult<Vec<TableProviderFilterPushDown>> {
        Ok(filters
            .iter()
            .map(|f| classify(f, self.resource).support())
            .collect())
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let all: Vec<usize> = (0..self.resource.columns.len()).collect();
        let indices = projection.unwrap_or(&all);
        let columns: Vec<&'static ColumnSpec> = indices
            .iter()
            .map(|&i| {
                self.resource.columns.get(i).ok_or_else(|| {
                    datafusion::error::DataFusionError::Internal(format!(
                        "projection index {i} out of range for {}",
                        self.resource.table
                    ))
                })
            })
            .collect::<DfResult<_>>()?;
        let schema = Arc::new(self.schema.project(indices)?);
        let request = ScanRequest::new(self.resource, filters, limit);
        if let Some(param) = request.missing_param() {
            return Err(Error::MissingFilter {
                table: self.resource.table,
                param,
                path: self.resource.path,
            }
            .into());
        }
        Ok(Arc::new(StripeScanExec::new(
            request,
            filters,
            self.client.clone(),
            columns,
            schema,
        )))
    }
}
