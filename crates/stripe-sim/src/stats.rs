//! Request counters, so tests and benchmarks can assert how many Stripe calls a query cost.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Counts of `/v1` requests since start or the last reset, failed ones included.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    /// All `/v1` requests.
    pub total: u64,
    /// Per endpoint template, e.g. `"GET /v1/customers"`, `"GET /v1/customers/{id}"`; every
    /// request counts here whatever its answer (429s and 500s included).
    pub by_endpoint: BTreeMap<String, u64>,
    /// Requests answered 429 by the rate limit (`SimConfig::rate_limit`).
    #[serde(default)]
    pub rate_limited: u64,
    /// Requests answered with a 5xx status (the failures `SimConfig::fail_rate` injects).
    #[serde(default)]
    pub server_errors: u64,
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

    /// Counts a request's answer: 429s and 5xx separately (the request itself was already
    /// counted by `record`).
    pub(crate) fn record_status(&self, status: u16) {
        if status != 429 && status < 500 {
            return;
        }
        let mut stats = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if status == 429 {
            stats.rate_limited += 1;
        } else {
            stats.server_errors += 1;
        }
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
        for status in [200, 404, 429, 500, 503, 429] {
            r.record_status(status);
        }
        let s = r.snapshot();
        assert_eq!((s.rate_limited, s.server_errors, s.total), (2, 2, 3));
        r.reset();
        assert_eq!(r.snapshot(), Stats::default());
    }
}
