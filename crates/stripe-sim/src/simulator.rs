//! The simulator handle: generated data, counters and configuration behind one `Arc`.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::Router;
use serde_json::Value;

use crate::config::SimConfig;
use crate::faults::Faults;
use crate::registry::{Dataset, NestedRoute, REGISTRY};
use crate::rng::{mix, Rng};
use crate::stats::{Recorder, Stats};
use crate::table::Table;

/// The test clocks' table (its list endpoint's path after `/v1/`).
const TEST_CLOCKS: &str = "test_helpers/test_clocks";

/// A deterministic Stripe API: the data for one [`SimConfig`] plus request counters.
/// Cloning is cheap and clones share data and counters.
#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Inner>,
}

struct Inner {
    config: SimConfig,
    data: Dataset,
    stats: Recorder,
    faults: Faults,
    requests: AtomicU64,
}

impl Simulator {
    /// A simulator for `config`. Each table is generated on first use (pure CPU work, about
    /// a second per 100k customers for customers + charges in a debug build); call
    /// [`Simulator::warm`] off the async runtime first for large datasets.
    pub fn new(config: SimConfig) -> Simulator {
        let data = Dataset::new(&config);
        let faults = Faults::new(&config);
        Simulator {
            inner: Arc::new(Inner {
                config,
                data,
                stats: Recorder::default(),
                faults,
                requests: AtomicU64::new(0),
            }),
        }
    }

    /// The HTTP API (`/v1/...`) plus the control endpoints `GET /_sim/stats` and
    /// `POST /_sim/reset`. Mount it in-process or serve it with [`crate::SimServer`].
    pub fn router(&self) -> Router {
        crate::http::router(self.clone())
    }

    /// Request counters since creation or the last [`Simulator::reset_stats`].
    pub fn stats(&self) -> Stats {
        self.inner.stats.snapshot()
    }

    /// Zeroes the request counters, restarts the injected-failure schedule
    /// ([`SimConfig::fail_rate`]) and refills the rate limiter.
    pub fn reset_stats(&self) {
        self.inner.stats.reset();
        self.inner.faults.reset();
    }

    /// Number of objects of `resource` (its URL segment, e.g. `"customers"`); 0 if unknown.
    pub fn count(&self, resource: &str) -> usize {
        self.table(resource).map_or(0, Table::len)
    }

    /// Every object of `resource` as the API renders it, newest first, including objects an
    /// unfiltered list hides (customers, subscriptions and quotes on a test clock: see
    /// [`Simulator::listed_objects`]). Meant as a test oracle; renders the whole table.
    pub fn objects(&self, resource: &str) -> Vec<Value> {
        match self.table(resource) {
            Some(t) => t
                .rows()
                .iter()
                .map(|r| self.inner.data.render(t, r))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The objects a walk of `GET /v1/<resource>` without filters returns, in order: all of
    /// [`Simulator::objects`] except, for customers, subscriptions and quotes, those on a
    /// test clock (Stripe lists them only when asked with `test_clock=` or, for
    /// subscriptions and quotes, `customer=`). Other list defaults (subscriptions hide
    /// canceled ones unless `status=all`) are not applied.
    pub fn listed_objects(&self, resource: &str) -> Vec<Value> {
        match self.table(resource) {
            Some(t) => t
                .rows()
                .iter()
                .filter(|r| !t.spec.hidden_by_default(r))
                .map(|r| self.inner.data.render(t, r))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The length of [`Simulator::listed_objects`] (without rendering).
    pub fn listed_count(&self, resource: &str) -> usize {
        self.table(resource).map_or(0, |t| {
            t.rows()
                .iter()
                .filter(|r| !t.spec.hidden_by_default(r))
                .count()
        })
    }

    /// Ids of the test clocks (`GET /v1/test_helpers/test_clocks`), newest first.
    pub fn test_clocks(&self) -> Vec<String> {
        self.table(TEST_CLOCKS)
            .map(|t| t.rows().iter().map(|r| r.id.to_string()).collect())
            .unwrap_or_default()
    }

    /// Whether `GET /v1/<resource>` hides objects on a test clock unless asked for them
    /// (`customers`, `subscriptions`, `quotes`).
    pub fn hides_test_clock_objects(&self, resource: &str) -> bool {
        self.table(resource)
            .is_some_and(|t| t.spec.test_clock_slot.is_some())
    }

    /// One object as `GET /v1/<resource>/<id>` returns it.
    pub fn object(&self, resource: &str, id: &str) -> Option<Value> {
        let table = self.table(resource)?;
        table.get(id).map(|r| self.inner.data.render(table, r))
    }

    /// The `index`-th object of an unfiltered list (0 = newest), rendered alone: lets tests
    /// and benchmarks pick cursors in huge datasets without rendering everything.
    pub fn object_at(&self, resource: &str, index: usize) -> Option<Value> {
        let table = self.table(resource)?;
        table
            .rows()
            .get(index)
            .map(|r| self.inner.data.render(table, r))
    }

    /// URL segments (after `/v1/`) of every top-level list endpoint served, in generation
    /// order: `customers`, `charges`, `test_helpers/test_clocks`, `payment_intents`, …,
    /// `checkout/sessions`, ….
    pub fn resources(&self) -> Vec<&'static str> {
        REGISTRY
            .specs
            .iter()
            .filter(|s| s.top_level)
            .map(|s| s.path.as_str())
            .collect()
    }

    /// Every nested list endpoint served, as `<parent>/{id}/<segment>` (`invoices/{id}/lines`,
    /// `customers/{id}/payment_methods`). Each is also a name [`Simulator::count`] and
    /// [`Simulator::objects`] accept (all children over all parents) and the key of
    /// [`Simulator::children`].
    pub fn nested_resources(&self) -> Vec<String> {
        REGISTRY
            .nested
            .iter()
            .filter_map(|n| {
                let parent = REGISTRY.specs.get(n.parent)?;
                Some(format!("{}/{{id}}/{}", parent.path, n.segment))
            })
            .collect()
    }

    /// The children of `parent_id` for a nested endpoint (`"invoices/{id}/lines"`), in list
    /// order, as `GET /v1/invoices/<parent_id>/lines` walks them. Empty when unknown.
    pub fn children(&self, nested: &str, parent_id: &str) -> Vec<Value> {
        let Some(route) = self.route(nested) else {
            return Vec::new();
        };
        let Some(table) = self.inner.data.at(route.table) else {
            return Vec::new();
        };
        table
            .matching(route.slot, parent_id)
            .into_iter()
            .map(|r| self.inner.data.render(table, r))
            .collect()
    }

    /// Generates every table now (they are otherwise generated on first use).
    pub fn warm(&self) {
        for i in 0..REGISTRY.specs.len() {
            let _ = self.inner.data.at(i);
        }
    }

    /// Number of tables generated so far (memory stays proportional to what was used).
    pub fn generated_tables(&self) -> usize {
        self.inner.data.generated().count()
    }

    fn route(&self, nested: &str) -> Option<&'static NestedRoute> {
        let (parent, segment) = nested.split_once("/{id}/")?;
        let p = *REGISTRY.by_name.get(parent)?;
        REGISTRY
            .nested
            .iter()
            .find(|n| n.parent == p && n.segment == segment)
    }

    /// The configuration this simulator was built from.
    pub fn config(&self) -> &SimConfig {
        &self.inner.config
    }

    /// A table by name; nested endpoint names (`invoices/{id}/lines`) give the child table.
    pub(crate) fn table(&self, resource: &str) -> Option<&Table> {
        match self.route(resource) {
            Some(route) => self.inner.data.at(route.table),
            None => self.inner.data.table(resource),
        }
    }

    pub(crate) fn dataset(&self) -> &Dataset {
        &self.inner.data
    }

    pub(crate) fn record(&self, endpoint: String) {
        self.inner.stats.record(endpoint);
    }

    pub(crate) fn record_status(&self, status: u16) {
        self.inner.stats.record_status(status);
    }

    pub(crate) fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    /// A fresh `req_…` id for the `Request-Id` header.
    pub(crate) fn next_request_id(&self) -> String {
        let n = self.inner.requests.fetch_add(1, Ordering::Relaxed);
        format!(
            "req_{}",
            Rng::new(mix(n ^ self.inner.config.seed)).base62(14)
        )
    }
}

impl fmt::Debug for Simulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Simulator");
        d.field("config", &self.inner.config);
        for t in self.inner.data.generated() {
            d.field(&t.spec.path, &t.len());
        }
        d.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn small(seed: u64) -> Simulator {
        Simulator::new(SimConfig {
            seed,
            customers: 60,
            ..SimConfig::default()
        })
    }

    #[test]
    fn sizes_and_order() {
        let sim = small(1);
        // 60 plus one on each of the two test clocks.
        assert_eq!(sim.count("customers"), 62);
        assert_eq!(sim.listed_count("customers"), 60);
        assert_eq!(sim.test_clocks().len(), 2);
        let charges = sim.count("charges");
        assert!((60..=300).contains(&charges), "{charges}");
        assert_eq!(sim.count("nope"), 0);
        for resource in ["customers", "charges", "test_helpers/test_clocks"] {
            let objs = sim.objects(resource);
            let keys: Vec<(i64, String)> = objs
                .iter()
                .map(|o| {
                    (
                        o["created"].as_i64().unwrap(),
                        o["id"].as_str().unwrap().into(),
                    )
                })
                .collect();
            let mut sorted = keys.clone();
            sorted.sort_by(|a, b| b.cmp(a));
            assert_eq!(keys, sorted, "{resource} must be created desc, id desc");
            let ids: HashSet<_> = keys.iter().map(|k| &k.1).collect();
            assert_eq!(ids.len(), keys.len());
        }
    }

    #[test]
    fn charges_reference_real_customers_created_earlier() {
        let sim = small(2);
        let mut guests = 0;
        for ch in sim.objects("charges") {
            match ch["customer"].as_str() {
                None => guests += 1,
                Some(id) => {
                    let cus = sim.object("customers", id).unwrap();
                    assert!(ch["created"].as_i64() > cus["created"].as_i64());
                }
            }
            assert!(ch["id"].as_str().unwrap().starts_with("ch_"));
        }
        assert!(guests > 0);
    }

    #[test]
    fn customer_shape() {
        let sim = small(3);
        let c = &sim.listed_objects("customers")[0];
        let id = c["id"].as_str().unwrap();
        assert!(id.starts_with("cus_") && id.len() == 18, "{id}");
        assert_eq!(c["object"], "customer");
        assert_eq!(c["livemode"], false);
        assert!(c["metadata"].is_object());
        assert!(c.get("test_clock").is_some_and(Value::is_null));
        assert_eq!(Some(c.clone()), sim.object("customers", id));
        let clocks = sim.test_clocks();
        for c in sim.objects("customers") {
            match c["test_clock"].as_str() {
                Some(clock) => assert!(clocks.iter().any(|k| k == clock), "{clock}"),
                None => assert!(sim.listed_objects("customers").contains(&c)),
            }
        }
    }

    #[test]
    fn request_ids_differ() {
        let sim = small(4);
        let a = sim.next_request_id();
        assert!(a.starts_with("req_") && a.len() == 18);
        assert_ne!(a, sim.next_request_id());
    }
}
