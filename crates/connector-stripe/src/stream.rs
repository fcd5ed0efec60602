//! The lazy page stream behind `StripeScanExec::execute`.
//!
//! Each poll that needs data makes the next request(s) and yields one batch; nothing runs in the
//! background, so dropping the stream (client ATTENTION, LIMIT satisfied upstream) cancels the
//! in-flight request and stops paging.

use std::collections::VecDeque;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use futures::stream::{self, Stream, TryStreamExt};
use serde_json::Value;

use crate::catalogue::ColumnSpec;
use crate::catalogue::ParentSpec;
use crate::client::StripeClient;
use crate::decode::decode_objects;
use crate::error::{ApiError, Error, Result};
use crate::plan::{Fetch, Parents, ScanRequest, MAX_PAGE_SIZE};
use crate::walks::Walks;

/// Retrieves issued together per batch when scanning by id.
pub const RETRIEVE_CONCURRENCY: usize = 8;

struct State {
    client: Arc<StripeClient>,
    request: Arc<ScanRequest>,
    columns: Arc<[&'static ColumnSpec]>,
    schema: SchemaRef,
    /// Rows still wanted (`None` = all).
    remaining: Option<usize>,
    /// Top-level list: its walks, created on the first poll.
    walks: Option<Walks>,
    /// Child list: the current parent's cursor (`starting_after`); `None` before its first page.
    cursor: Option<String>,
    /// Search: the `next_page` token of the page to fetch; `None` before the first.
    search_page: Option<String>,
    /// Search: Stripe refused it, so the scan walks the list instead.
    search_refused: bool,
    /// Retrieve: index of the next id.
    next_id: usize,
    /// Child scans: parents whose children are still to be listed.
    parent_queue: VecDeque<String>,
    /// Child scans: the parent being listed.
    current_parent: Option<String>,
    /// Child scans over every parent: the parent table's walk (created on first use), and
    /// whether it has ended.
    parent_walks: Option<Walks>,
    parents_listed: bool,
    page: u32,
    done: bool,
    /// Retrieves and child-list requests (walks count their own).
    requests: u64,
    /// Rows handed to DataFusion.
    rows: u64,
}

/// The query log's line per scan, however it ends (all rows read, stopped early by a limit or
/// a cancelled query, or failed): what it cost in Stripe requests.
impl Drop for State {
    fn drop(&mut self) {
        let walked = [&self.walks, &self.parent_walks]
            .into_iter()
            .flatten()
            .map(Walks::requests)
            .sum::<u64>();
        tracing::info!(
            table = self.request.resource.table,
            requests = self.requests + walked,
            rows = self.rows,
            complete = self.done,
            "Stripe scan ended"
        );
    }
}

/// One batch per Stripe page (or per group of retrieves), fetched on demand.
pub fn page_stream(
    client: Arc<StripeClient>,
    request: Arc<ScanRequest>,
    columns: Arc<[&'static ColumnSpec]>,
    schema: SchemaRef,
) -> impl Stream<Item = datafusion::error::Result<RecordBatch>> + Send + 'static {
    let (parent_queue, parents_listed) = match &request.parents {
        Parents::Ids(ids) => (ids.iter().cloned().collect(), true),
        Parents::All => (VecDeque::new(), false),
        Parents::NotAChild => (VecDeque::new(), true),
    };
    let state = State {
        parent_queue,
        parents_listed,
        current_parent: None,
        parent_walks: None,
        walks: None,
        remaining: request.limit,
        done: request.fetch == Fetch::Nothing,
        client,
        request,
        columns,
        schema,
        cursor: None,
        search_page: None,
        search_refused: false,
        next_id: 0,
        page: 0,
        requests: 0,
        rows: 0,
    };
    stream::try_unfold(state, |mut st| async move {
        if st.done || st.remaining == Some(0) {
            return Ok::<_, Error>(None);
        }
        st.page += 1;
        let request = st.request.clone();
        let objects = match (&request.fetch, request.resource.parent) {
            (Fetch::List { params, .. }, Some(parent)) if request.parents != Parents::NotAChild => {
                next_child_page(&mut st, params, &parent).await?
            }
            (Fetch::List { params, any_of }, _) => {
                next_page(&mut st, params, any_of.as_ref()).await?
            }
            (Fetch::Search { fallback, .. }, _) if st.search_refused => {
                next_page(&mut st, fallback, None).await?
            }
            (Fetch::Search { query, fallback }, _) => {
                match next_search_page(&mut st, query).await {
                    Err(Error::Api(e)) if st.search_page.is_none() && refuses_search(&e) => {
                        tracing::warn!(
                            table = st.request.resource.table,
                            error = %e,
                            "Stripe refused the search; listing instead"
                        );
                        st.search_refused = true;
                        next_page(&mut st, fallback, None).await?
                    }
                    page => page?,
                }
            }
            (Fetch::Retrieve { ids }, _) => next_retrieves(&mut st, ids).await?,
            (Fetch::Nothing, _) => Vec::new(),
        };
        let mut kept: Vec<Value> = objects
            .into_iter()
            .filter(|o| st.request.keeps(o))
            .collect();
        if let Some(rem) = st.remaining.as_mut() {
            kept.truncate(*rem);
            *rem -= kept.len();
        }
        st.rows += kept.len() as u64;
        let batch = decode_objects(&kept, &st.columns, st.schema.clone())?;
        Ok(Some((batch, st)))
    })
    .map_err(datafusion::error::DataFusionError::from)
}

async fn next_page(
    st: &mut State,
    filters: &[(String, String)],
    any_of: Option<&(String, Vec<String>)>,
) -> Result<Vec<Value>> {
    let request = &st.request;
    let walks = st.walks.get_or_insert_with(|| {
        // A scan that may stop early (TOP) walks once, in order, and never fetches ahead.
        // So does a scan whose order a removed sort relies on.
        let concurrency = match request.limit {
            Some(_) => 1,
            None if request.newest_first => 1,
            None => st.client.scan_concurrency(),
        };
        Walks::new(
            st.client.clone(),
            request.resource,
            filters,
            any_of,
            request.page_size(),
            concurrency,
        )
    });
    match walks.next_page().await? {
        Some(data) => Ok(data),
        None => {
            st.done = true;
            Ok(Vec::new())
        }
    }
}

/// The next page of a search. Search pages come one after another (each names the next), so
/// a search is one sequential walk.
async fn next_search_page(st: &mut State, query: &str) -> Result<Vec<Value>> {
    let mut params = vec![
        ("query".to_string(), query.to_string()),
        ("limit".to_string(), st.request.page_size().to_string()),
    ];
    if let Some(token) = &st.search_page {
        params.push(("page".to_string(), token.clone()));
    }
    st.requests += 1;
    let path = format!("{}/search", st.request.resource.path);
    let page = st.client.search(&path, &params, st.page).await?;
    let next = page.next_page.filter(|_| page.has_more);
    if next.is_some() && next == st.search_page {
        // A token that does not move would page forever.
        return Err(Error::Decode(format!(
            "{path}: next_page repeats the page just read"
        )));
    }
    st.done = next.is_none();
    st.search_page = next;
    Ok(page.data)
}

/// Whether an error to a first search request means the account cannot search (a permission
/// missing from a restricted key, search unavailable in its region), as opposed to a failure
/// the query should report: the same rows can still be listed.
fn refuses_search(e: &ApiError) -> bool {
    matches!(e.status, 400 | 403 | 404)
}

/// One page of children: of the current parent, else of the next parent, paging the parent
/// list when the queue runs dry. Each call makes at most one child request, so a cancelled scan
/// stops within a page.
async fn next_child_page(
    st: &mut State,
    filters: &[(String, String)],
    parent: &ParentSpec,
) -> Result<Vec<Value>> {
    let parent_id = loop {
        if let Some(id) = &st.current_parent {
            break id.clone();
        }
        if let Some(id) = st.parent_queue.pop_front() {
            // A value that cannot be a Stripe id has no children (and must not reach the path).
            if is_plain_id(&id) {
                st.current_parent = Some(id);
                st.cursor = None;
            }
            continue;
        }
        if st.parents_listed {
            st.done = true;
            return Ok(Vec::new());
        }
        list_parents(st, parent).await?;
    };
    let mut params = filters.to_vec();
    let path = if parent.in_path {
        fill_placeholder(st.request.resource.path, &parent_id)
    } else {
        params.push((parent.key.to_string(), parent_id.clone()));
        st.request.resource.path.to_string()
    };
    if let Some(after) = &st.cursor {
        params.push(("starting_after".to_string(), after.clone()));
    }
    params.push(("limit".to_string(), st.request.page_size().to_string()));
    st.requests += 1;
    let page = st.client.list_children(&path, &params, st.page).await?;
    let (mut data, has_more) = page.map_or((Vec::new(), false), |p| (p.data, p.has_more));
    match data
        .last()
        .and_then(|o| o.get("id"))
        .and_then(Value::as_str)
    {
        Some(last) if has_more => st.cursor = Some(last.to_string()),
        _ => st.current_parent = None,
    }
    st.done = st.current_parent.is_none() && st.parent_queue.is_empty() && st.parents_listed;
    for object in &mut data {
        // Nested lists omit the parent (line items carry no invoice id): the row gets it here.
        if let Value::Object(map) = object {
            let entry = map.entry(parent.key).or_insert(Value::Null);
            if entry.is_null() {
                *entry = Value::String(parent_id.clone());
            }
        }
    }
    Ok(data)
}

/// The next page of parent ids (`GET /v1/invoices`), queued for `next_child_page`. The parents
/// are walked like a top-level scan of their own table (test clocks included), in order.
async fn list_parents(st: &mut State, parent: &ParentSpec) -> Result<()> {
    let walks = st.parent_walks.get_or_insert_with(|| {
        let params: Vec<(String, String)> = parent
            .resource
            .default_params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Walks::new(
            st.client.clone(),
            parent.resource,
            &params,
            None,
            MAX_PAGE_SIZE,
            1,
        )
    });
    match walks.next_page().await? {
        Some(data) => {
            for object in &data {
                let id = object
                    .get("id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| Error::Decode("list object without an id".into()))?;
                st.parent_queue.push_back(id.to_string());
            }
        }
        None => st.parents_listed = true,
    }
    Ok(())
}

/// `/v1/invoices/{invoice}/lines` with the parent id in place of its one placeholder.
fn fill_placeholder(path: &str, id: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { id } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Stripe ids are ASCII letters, digits and underscores (some have hyphens).
fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 255
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

async fn next_retrieves(st: &mut State, ids: &[String]) -> Result<Vec<Value>> {
    let want = st.remaining.unwrap_or(usize::MAX).min(RETRIEVE_CONCURRENCY);
    let end = (st.next_id + want).min(ids.len());
    let chunk = ids.get(st.next_id..end).unwrap_or_default();
    st.next_id = end;
    st.done = end >= ids.len();
    st.requests += chunk.len() as u64;
    let path = st.request.resource.path;
    let client = &st.client;
    // At most RETRIEVE_CONCURRENCY futures, all dropped (cancelled) with the stream.
    let found =
        futures::future::try_join_all(chunk.iter().map(|id| client.retrieve(path, id))).await?;
    Ok(found.into_iter().flatten().collect())
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
