//! The lazy page stream behind `StripeScanExec::execute`.
//!
//! Each poll that needs data makes the next request(s) and yields one batch; nothing runs in the
//! background, so dropping the stream (client ATTENTION, LIMIT satisfied upstream) cancels the
//! in-flight request and stops paging.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use futures::stream::{self, Stream, TryStreamExt};
use serde_json::Value;

use crate::catalogue::ColumnSpec;
use crate::client::StripeClient;
use crate::decode::decode_objects;
use crate::error::{Error, Result};
use crate::plan::{Fetch, ScanRequest};

/// Retrieves issued together per batch when scanning by id.
pub const RETRIEVE_CONCURRENCY: usize = 8;

struct State {
    client: Arc<StripeClient>,
    request: Arc<ScanRequest>,
    columns: Arc<[&'static ColumnSpec]>,
    schema: SchemaRef,
    /// Rows still wanted (`None` = all).
    remaining: Option<usize>,
    /// List: the last id seen (`starting_after`); `None` before the first page.
    cursor: Option<String>,
    /// Retrieve: index of the next id.
    next_id: usize,
    page: u32,
    done: bool,
}

/// One batch per Stripe page (or per group of retrieves), fetched on demand.
pub fn page_stream(
    client: Arc<StripeClient>,
    request: Arc<ScanRequest>,
    columns: Arc<[&'static ColumnSpec]>,
    schema: SchemaRef,
) -> impl Stream<Item = datafusion::error::Result<RecordBatch>> + Send + 'static {
    let state = State {
        remaining: request.limit,
        done: request.fetch == Fetch::Nothing,
        client,
        request,
        columns,
        schema,
        cursor: None,
        next_id: 0,
        page: 0,
    };
    stream::try_unfold(state, |mut st| async move {
        if st.done || st.remaining == Some(0) {
            return Ok::<_, Error>(None);
        }
        st.page += 1;
        let request = st.request.clone();
        let objects = match &request.fetch {
            Fetch::List { params } => next_page(&mut st, params).await?,
            Fetch::Retrieve { ids } => next_retrieves(&mut st, ids).await?,
            Fetch::Nothing => Vec::new(),
        };
        let mut kept: Vec<Value> = objects
            .into_iter()
            .filter(|o| st.request.keeps(o))
            .collect();
        if let Some(rem) = st.remaining.as_mut() {
            kept.truncate(*rem);
            *rem -= kept.len();
        }
        let batch = decode_objects(&kept, &st.columns, st.schema.clone())?;
        Ok(Some((batch, st)))
    })
    .map_err(datafusion::error::DataFusionError::from)
}

async fn next_page(st: &mut State, filters: &[(String, String)]) -> Result<Vec<Value>> {
    let mut params = filters.to_vec();
    if let Some(after) = &st.cursor {
        params.push(("starting_after".to_string(), after.clone()));
    }
    params.push(("limit".to_string(), st.request.page_size().to_string()));
    let page = st
        .client
        .list(st.request.resource.path, &params, st.page)
        .await?;
    match page.data.last() {
        Some(last) => {
            let id = last
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::Decode("list object without an id".into()))?;
            st.cursor = Some(id.to_string());
            st.done = !page.has_more;
        }
        // An empty page cannot advance the cursor, whatever `has_more` says.
        None => st.done = true,
    }
    Ok(page.data)
}

async fn next_retrieves(st: &mut State, ids: &[String]) -> Result<Vec<Value>> {
    let want = st.remaining.unwrap_or(usize::MAX).min(RETRIEVE_CONCURRENCY);
    let end = (st.next_id + want).min(ids.len());
    let chunk = ids.get(st.next_id..end).unwrap_or_default();
    st.next_id = end;
    st.done = end >= ids.len();
    let path = st.request.resource.path;
    let client = &st.client;
    // At most RETRIEVE_CONCURRENCY futures, all dropped (cancelled) with the stream.
    let found =
        futures::future::try_join_all(chunk.iter().map(|id| client.retrieve(path, id))).await?;
    Ok(found.into_iter().flatten().collect())
}
