//! A top-level list scan as a set of independent cursor walks, run concurrently.
//!
//! Stripe pages are 100 objects and each takes a round trip, so one cursor walk reaches a few
//! hundred rows per second while the account's rate budget allows 25–100 pages per second. A
//! scan with room to spare therefore splits: after a full page whose last object was created at
//! `t`, the unfetched remainder is `created <= t` below the cursor; its older half becomes a new
//! walk of its own (`created[lte] = m - 1`, no cursor) while the walk goes on over `[m, …]` with
//! its cursor. The parts are disjoint and together cover the remainder, so no object is fetched
//! twice or missed. Walks are futures polled only when the scan's stream is polled: nothing runs
//! in the background, and dropping the stream cancels every request in flight.
//!
//! Customers, subscriptions and quotes on test clocks are hidden from their lists unless
//! `test_clock` is given: a scan also lists the test clocks and walks each one's objects.

use std::collections::VecDeque;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::Value;

use crate::catalogue::ResourceSpec;
use crate::client::{ListPage, StripeClient};
use crate::error::{Error, Result};
use crate::plan::MAX_PAGE_SIZE;
use crate::pushdown::CreatedRange;

/// Test clocks, listed to find objects the resource lists hide.
pub const TEST_CLOCKS_PATH: &str = "/v1/test_helpers/test_clocks";

/// No Stripe object predates this (2011-01-01): the floor for choosing split points when the
/// range has no lower bound. A walk's range stays unbounded below, so older rows are still read.
const SPLIT_FLOOR: i64 = 1_293_840_000;

/// A split only pays when the older half likely holds a few pages: each walk ends with a
/// partial page, and on a sparse range the extra requests would outnumber the saved time.
const MIN_SPLIT_ROWS: f64 = 3.0 * MAX_PAGE_SIZE as f64;

/// What a walk lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The scanned resource's objects.
    Rows,
    /// Test clocks, each of which becomes a [`Target::Rows`] walk with `test_clock=`.
    TestClocks,
}

/// One cursor walk over a slice of a list.
#[derive(Debug, Clone)]
struct Walk {
    target: Target,
    /// Filter parameters without `created`, cursor and `limit`.
    params: Vec<(String, String)>,
    range: CreatedRange,
    cursor: Option<String>,
}

impl Walk {
    fn query(&self, page_size: usize) -> Vec<(String, String)> {
        let mut q = self.params.clone();
        q.extend(self.range.params());
        if let Some(after) = &self.cursor {
            q.push(("starting_after".to_string(), after.clone()));
        }
        q.push(("limit".to_string(), page_size.to_string()));
        q
    }
}

type InFlight = BoxFuture<'static, (Walk, Result<ListPage>)>;

/// The walks of one list scan.
pub struct Walks {
    client: Arc<StripeClient>,
    resource: &'static ResourceSpec,
    page_size: usize,
    /// Most walks in flight at once; 1 keeps the list's newest-first order. Below that, the
    /// client's `useful_concurrency` decides.
    concurrency: usize,
    splittable: bool,
    /// Extra parameters of each walk over the list: one set per wanted value of a
    /// multi-valued filter (`customer=cus_1`, `customer=cus_2`), else one empty set.
    variants: Vec<Vec<(String, String)>>,
    ready: VecDeque<Walk>,
    in_flight: FuturesUnordered<InFlight>,
    pages: u32,
}

impl Walks {
    /// The walks for `GET <resource.path>?<params>` (which may contain `created[…]`, moved into the
    /// walks' ranges). With `concurrency` 1 the scan is one walk in list order; otherwise it
    /// splits while fewer than `concurrency` walks are running.
    pub fn new(
        client: Arc<StripeClient>,
        resource: &'static ResourceSpec,
        params: &[(String, String)],
        any_of: Option<&(String, Vec<String>)>,
        page_size: usize,
        concurrency: usize,
    ) -> Walks {
        let (range, params) = split_created(params);
        let variants: Vec<Vec<(String, String)>> = match any_of {
            Some((k, values)) => values
                .iter()
                .map(|v| vec![(k.clone(), v.clone())])
                .collect(),
            None => vec![Vec::new()],
        };
        let mut ready: VecDeque<Walk> = variants
            .iter()
            .map(|extra| Walk {
                target: Target::Rows,
                params: params.iter().chain(extra).cloned().collect(),
                range,
                cursor: None,
            })
            .collect();
        let unhidden = resource.test_clock_unhide.iter().any(|u| {
            params
                .iter()
                .map(|(k, _)| k)
                .chain(any_of.map(|(k, _)| k))
                .any(|k| k == u)
        });
        // Same rule as `ScanRequest::sweeps_test_clocks`, which SHOWPLAN shows.
        if !resource.test_clock_unhide.is_empty() && !unhidden && !client.is_live() {
            ready.push_back(Walk {
                target: Target::TestClocks,
                params,
                range,
                cursor: None,
            });
        }
        Walks {
            client,
            resource,
            page_size,
            concurrency: concurrency.max(1),
            splittable: resource.created_filter && concurrency > 1,
            variants,
            ready,
            in_flight: FuturesUnordered::new(),
            pages: 0,
        }
    }

    /// The next page of objects, in no particular order across walks; `None` when every walk
    /// has ended. An error ends the scan: a partial result is never passed off as complete.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Value>>> {
        loop {
            let width = self.width();
            while self.in_flight.len() < width {
                let Some(walk) = self.ready.pop_front() else {
                    break;
                };
                self.launch(walk);
            }
            let Some((mut walk, page)) = self.in_flight.next().await else {
                return Ok(None);
            };
            let page = page?;
            let more = page.has_more && advance(&mut walk, &page.data)?;
            match walk.target {
                Target::Rows => {
                    if more {
                        if let Some(older) = self.split(&mut walk, &page.data) {
                            self.ready.push_back(older);
                        }
                        // First in line, so a sequential scan keeps its order.
                        self.ready.push_front(walk);
                    }
                    return Ok(Some(page.data));
                }
                Target::TestClocks => {
                    for clock in page.data.iter().filter_map(|c| c.get("id")) {
                        let Some(clock) = clock.as_str() else {
                            continue;
                        };
                        for extra in &self.variants {
                            let mut params = walk.params.clone();
                            params.extend(extra.iter().cloned());
                            params.push(("test_clock".to_string(), clock.to_string()));
                            self.ready.push_back(Walk {
                                target: Target::Rows,
                                params,
                                range: walk.range,
                                cursor: None,
                            });
                        }
                    }
                    if more {
                        self.ready.push_back(walk);
                    }
                }
            }
        }
    }

    /// Requests sent so far (pages and test-clock lists, in flight included).
    pub fn requests(&self) -> u64 {
        u64::from(self.pages)
    }

    /// Walks to keep in flight now.
    fn width(&self) -> usize {
        self.concurrency
            .min(self.client.useful_concurrency())
            .max(1)
    }

    fn launch(&mut self, walk: Walk) {
        self.pages += 1;
        let page = self.pages;
        let client = self.client.clone();
        let (path, query) = match walk.target {
            Target::Rows => (self.resource.path, walk.query(self.page_size)),
            // Test clocks take only paging parameters.
            Target::TestClocks => {
                let mut q = Vec::new();
                if let Some(after) = &walk.cursor {
                    q.push(("starting_after".to_string(), after.clone()));
                }
                q.push(("limit".to_string(), MAX_PAGE_SIZE.to_string()));
                (TEST_CLOCKS_PATH, q)
            }
        };
        self.in_flight.push(Box::pin(async move {
            let result = client.list(path, &query, page).await;
            (walk, result)
        }));
    }

    /// Splits off the older half of `walk`'s remainder when another walk would help.
    fn split(&self, walk: &mut Walk, data: &[Value]) -> Option<Walk> {
        let running = self.in_flight.len() + self.ready.len() + 1;
        if !self.splittable || running >= self.width() {
            return None;
        }
        let created = |o: Option<&Value>| o.and_then(|o| o.get("created")).and_then(Value::as_i64);
        let (newest, oldest) = (created(data.first())?, created(data.last())?);
        let at = split_point(walk.range, newest, oldest, data.len())?;
        let older = Walk {
            range: CreatedRange {
                gte: walk.range.gte,
                lte: Some(at - 1),
            },
            cursor: None,
            ..walk.clone()
        };
        walk.range.gte = Some(at);
        Some(older)
    }
}

/// Moves the cursor past `data`; false when the page ends the walk.
fn advance(walk: &mut Walk, data: &[Value]) -> Result<bool> {
    let Some(last) = data.last() else {
        // An empty page cannot advance the cursor, whatever `has_more` says.
        return Ok(false);
    };
    let id = last
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Decode("list object without an id".into()))?;
    walk.cursor = Some(id.to_string());
    Ok(true)
}

/// Where to cut a remainder of `created` in `[range.gte, oldest]` (objects below the cursor), or
/// `None` when the older part is unlikely to be worth a walk. `newest`..`oldest` spanned the page
/// of `rows` objects just read, which gives the density the estimate assumes.
fn split_point(range: CreatedRange, newest: i64, oldest: i64, rows: usize) -> Option<i64> {
    let floor = range.gte.unwrap_or(SPLIT_FLOOR);
    if oldest <= floor {
        return None;
    }
    let at = floor + (oldest - floor + 1) / 2;
    let density = rows as f64 / ((newest - oldest).max(0) as f64 + 1.0);
    let older_rows = density * (at - floor) as f64;
    (at > floor && at <= oldest && older_rows >= MIN_SPLIT_ROWS).then_some(at)
}

/// `created[gte|lte]` parameters as a range; the rest unchanged.
fn split_created(params: &[(String, String)]) -> (CreatedRange, Vec<(String, String)>) {
    let mut range = CreatedRange::default();
    let mut rest = Vec::new();
    for (k, v) in params {
        match (k.as_str(), v.parse::<i64>()) {
            ("created[gte]", Ok(v)) => range.gte = Some(v),
            ("created[lte]", Ok(v)) => range.lte = Some(v),
            _ => rest.push((k.clone(), v.clone())),
        }
    }
    (range, rest)
}

#[cfg(test)]
#[path = "walks_tests.rs"]
mod tests;
