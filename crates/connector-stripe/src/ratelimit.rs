//! Per-connector request budget: an async token bucket.
//!
//! Stripe allows ~100 req/s in live mode and ~25 req/s in test mode per account. One bucket lives
//! in each connector (one per configured database) and is shared by all its sessions, so parallel
//! queries slow down instead of collecting 429s.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// Default budget for live keys (`sk_live_`, `rk_live_`).
pub const LIVE_REQUESTS_PER_SECOND: f64 = 100.0;
/// Default budget for test keys and anything else.
pub const TEST_REQUESTS_PER_SECOND: f64 = 25.0;

/// An async token bucket: `acquire` waits until a request may be sent.
#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl RateLimiter {
    /// A bucket refilling `rate` tokens per second, holding at most `burst` (at least 1).
    /// A non-positive or non-finite rate means "unlimited".
    pub fn new(rate: f64, burst: f64) -> Self {
        let burst = if burst.is_finite() {
            burst.max(1.0)
        } else {
            1.0
        };
        RateLimiter {
            rate,
            burst,
            state: Mutex::new(Bucket {
                tokens: burst,
                last: Instant::now(),
            }),
        }
    }

    /// The default budget for a key: live keys get [`LIVE_REQUESTS_PER_SECOND`], others
    /// [`TEST_REQUESTS_PER_SECOND`]; the burst equals one second's budget.
    pub fn for_key(api_key: &str) -> Self {
        let rate = if crate::client::is_live_key(api_key) {
            LIVE_REQUESTS_PER_SECOND
        } else {
            TEST_REQUESTS_PER_SECOND
        };
        RateLimiter::new(rate, rate)
    }

    /// Requests per second this bucket allows.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Waits for one token. Cancel-safe: dropping the future before it completes takes nothing.
    pub async fn acquire(&self) {
        if !(self.rate.is_finite() && self.rate > 0.0) {
            return;
        }
        loop {
            let wait = {
                let mut b = self.state.lock().await;
                let now = Instant::now();
                let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
                b.tokens = (b.tokens + elapsed * self.rate).min(self.burst);
                b.last = now;
                if b.tokens >= 1.0 {
                    b.tokens -= 1.0;
                    return;
                }
                Duration::from_secs_f64((1.0 - b.tokens) / self.rate)
            };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn waits_when_the_bucket_is_empty() {
        let rl = RateLimiter::new(10.0, 2.0);
        let start = Instant::now();
        for _ in 0..6 {
            rl.acquire().await;
        }
        // 2 from the burst, then 4 at 10/s.
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(399), "{took:?}");
        assert!(took < Duration::from_millis(500), "{took:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn unlimited_never_waits() {
        let rl = RateLimiter::new(0.0, 1.0);
        let start = Instant::now();
        for _ in 0..100 {
            rl.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[test]
    fn budget_follows_the_key_mode() {
        assert_eq!(RateLimiter::for_key("sk_live_x").rate(), 100.0);
        assert_eq!(RateLimiter::for_key("rk_live_x").rate(), 100.0);
        assert_eq!(RateLimiter::for_key("sk_test_x").rate(), 25.0);
    }
}
