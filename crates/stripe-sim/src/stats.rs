//! Request counters, so tests and benchmarks can assert how many Stripe calls a query cost.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Counts of `/v1` requests since start or the last reset, failed ones included.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    /// All `/v1` requests.
    pub total: u64,
    /// Per endpoint template, e.g. `"GET /v1/customers"`, `"GET /v1/customers/{id}"`.
    pub by_endpoint: BTreeMap<String, u64>,
}

impl Stats {
    /// The count for one endpoint template (0 if never called).
    pub fn get(&self, endpoint: &str) -> u64 {
        self.by_endpoint.get(endpoint).copied().unwrap_or(0)
    }
}

/// Thread-safe recorder behind the simulator.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    inner: Mutex<Stats>,
}

impl Recorder {
    pub(crate) fn record(&self, endpoint: String) {
        // A poisoned lock only means another request panicked mid-increment; counts stay usable.
        let mut stats = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        stats.total += 1;
        *stats.by_endpoint.entry(endpoint).or_insert(0) += 1;
    }

    pub(crate) fn snapshot(&self) -> Stats {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn reset(&self) {
        *self.inner.lock().unwrap_or_else(|e| e.into_inner()) = Stats::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_resets() {
        let r = Recorder::default();
        r.record("GET /v1/customers".into());
        r.record("GET /v1/customers".into());
        r.record("GET /v1/charges/{id}".into());
        let s = r.snapshot();
        assert_eq!(s.total, 3);
        assert_eq!(s.get("GET /v1/customers"), 2);
        assert_eq!(s.get("GET /v1/charges/{id}"), 1);
        assert_eq!(s.get("GET /v1/charges"), 0);
        r.reset();
        assert_eq!(r.snapshot(), Stats::default());
    }
}
