//! When and how long to wait before retrying a Stripe call.
//!
//! Only idempotent GETs go through this policy: a POST without an `Idempotency-Key` must never be
//! retried (it could charge twice).

use std::time::Duration;

use rand::Rng;

/// Retry settings of a connector.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `max_retries + 1` attempts in all).
    pub max_retries: u32,
    /// Backoff before the first retry; doubles each retry.
    pub initial_backoff: Duration,
    /// Upper bound of the exponential backoff.
    pub max_backoff: Duration,
    /// Upper bound honoured for a `Retry-After` header, so a hostile or confused server cannot
    /// park a query for hours.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Stripe's own libraries start at 0.5 s and cap at a few seconds.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Whether an HTTP answer deserves another attempt. `Stripe-Should-Retry` (when sent) wins:
    /// Stripe knows, for example, that a 409 `lock_timeout` is transient.
    pub fn should_retry_status(&self, status: u16, stripe_should_retry: Option<bool>) -> bool {
        match stripe_should_retry {
            Some(decision) => decision,
            None => status == 409 || status == 429 || status >= 500,
        }
    }

    /// The wait before retry number `retry` (0-based): jittered exponential backoff, but never
    /// shorter than the server's `Retry-After` (itself capped at `max_retry_after`).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(16)))
            .min(self.max_backoff);
        // Full jitter in [exp/2, exp] spreads the retries of parallel scans apart.
        let half = exp / 2;
        let jittered = half + half.mul_f64(rand::thread_rng().gen_range(0.0..=1.0));
        match retry_after {
            Some(ra) => jittered.max(ra.min(self.max_retry_after)),
            None => jittered,
        }
    }
}

/// Parses `Retry-After` given in seconds (Stripe never sends the HTTP-date form).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// Parses `Stripe-Should-Retry: true|false`.
pub fn parse_should_retry(value: &str) -> Option<bool> {
    match value.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_stripe_should_retry() {
        let p = RetryPolicy::default();
        assert!(p.should_retry_status(429, None));
        assert!(p.should_retry_status(503, None));
        assert!(p.should_retry_status(409, None));
        assert!(!p.should_retry_status(400, None));
        assert!(!p.should_retry_status(401, None));
        assert!(!p.should_retry_status(503, Some(false)));
        assert!(p.should_retry_status(400, Some(true)));
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let p = RetryPolicy::default();
        for retry in 0..20 {
            let d = p.delay(retry, None);
            let exp = (p.initial_backoff * 2u32.pow(retry.min(10))).min(p.max_backoff);
            assert!(d >= exp / 2 && d <= exp, "retry {retry}: {d:?}");
        }
        assert!(p.delay(0, Some(Duration::from_secs(3))) >= Duration::from_secs(3));
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(3600))),
            p.max_retry_after,
            "Retry-After is capped"
        );
    }

    #[test]
    fn header_parsing() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015"), None);
        assert_eq!(parse_should_retry("true"), Some(true));
        assert_eq!(parse_should_retry("no"), None);
    }
}
