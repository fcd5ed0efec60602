//! Simulator configuration.

use std::fmt;
use std::time::Duration;

/// The API key every simulator accepts unless told otherwise. It has Stripe's test-key shape
/// (`sk_test_…`) so clients that infer test mode or rate limits from the prefix behave as
/// they would against Stripe's test mode.
pub const DEFAULT_API_KEY: &str = "sk_test_vtds_simulator";

/// How to build a simulator: data size, seed, test clocks, injected latency, rate limit and
/// failures, and accepted keys.
///
/// `Debug` redacts `api_keys`: they are credentials, and configs end up in logs.
#[derive(Clone)]
pub struct SimConfig {
    /// Seed of the data generator; the same seed and sizes give byte-identical JSON.
    pub seed: u64,
    /// Number of customers; other resources scale from it (charges ≈ 3 per customer).
    pub customers: usize,
    /// Delay added before answering every `/v1` request, to make round trips cost something
    /// in benchmarks the way they do against the real API.
    pub latency: Duration,
    /// Accepted secret keys (Bearer or HTTP basic user name).
    pub api_keys: Vec<String>,
    /// Number of test clocks (`GET /v1/test_helpers/test_clocks`). When there are customers,
    /// about one extra customer per 25 (at least one per clock) is on a clock, and the
    /// customer, subscription and quote lists hide those unless asked for them, as Stripe's
    /// do. 0 means no clocks and no extra customers.
    pub test_clocks: usize,
    /// Requests per second `/v1` accepts (a token bucket holding one second's worth); the
    /// others are answered 429 like Stripe's rate limiter. `None`: unlimited. `Some(0)`
    /// answers every request 429.
    pub rate_limit: Option<u32>,
    /// Fraction (0.0..=1.0) of `/v1` requests answered with a 500 `api_error` and
    /// `Stripe-Should-Retry: true`. Which requests fail is a pure function of the seed and
    /// the request's position since start (or the last stats reset), so runs repeat.
    pub fail_rate: f64,
}

impl Default for SimConfig {
    fn default() -> SimConfig {
        SimConfig {
            seed: 42,
            customers: 100,
            latency: Duration::ZERO,
            api_keys: vec![DEFAULT_API_KEY.to_string()],
            test_clocks: 2,
            rate_limit: None,
            fail_rate: 0.0,
        }
    }
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("seed", &self.seed)
            .field("customers", &self.customers)
            .field("latency", &self.latency)
            .field(
                "api_keys",
                &format_args!("[{} redacted]", self.api_keys.len()),
            )
            .field("test_clocks", &self.test_clocks)
            .field("rate_limit", &self.rate_limit)
            .field("fail_rate", &self.fail_rate)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_keys() {
        let cfg = SimConfig {
            api_keys: vec!["sk_test_secret_value_123".into()],
            ..SimConfig::default()
        };
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("secret_value"), "{shown}");
        assert!(shown.contains("1 redacted"), "{shown}");
    }

    #[test]
    fn defaults() {
        let cfg = SimConfig::default();
        assert_eq!(cfg.seed, 42);
        assert_eq!(cfg.customers, 100);
        assert_eq!(cfg.latency, Duration::ZERO);
        assert_eq!(cfg.api_keys, vec![DEFAULT_API_KEY.to_string()]);
        assert_eq!(cfg.test_clocks, 2);
        assert_eq!(cfg.rate_limit, None);
        assert_eq!(cfg.fail_rate, 0.0);
    }
}
