//! Injected trouble: Stripe's rate limiter (429) and server failures (500), so a client's
//! retry and back-off paths can be tested against the simulator.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::config::SimConfig;
use crate::error::Error;
use crate::rng::mix;

/// Purpose tag mixed into the failure draws.
const TAG_FAILURES: u64 = 0xFA11_FA11;

/// A token bucket: `rate` tokens a second, holding at most one second's worth, so a client
/// may burst up to `rate` requests and then sustain `rate` a second.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    rate: f64,
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// A full bucket for `rate` requests a second (0: every request is refused).
    pub(crate) fn new(rate: u32, now: Instant) -> RateLimiter {
        let rate = f64::from(rate);
        RateLimiter {
            rate,
            bucket: Mutex::new(Bucket {
                tokens: rate,
                at: now,
            }),
        }
    }

    /// Takes a token for a request arriving at `now`; false when none is left.
    pub(crate) fn admit(&self, now: Instant) -> bool {
        // A poisoned lock only means a panic elsewhere mid-update; the bucket stays usable.
        let mut b = self.bucket.lock().unwrap_or_else(|e| e.into_inner());
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate).min(self.rate);
        b.at = b.at.max(now);
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Fills the bucket again (a stats reset starts a fresh run).
    fn refill(&self, now: Instant) {
        let mut b = self.bucket.lock().unwrap_or_else(|e| e.into_inner());
        *b = Bucket {
            tokens: self.rate,
            at: now,
        };
    }
}

/// Whether the `n`-th request (counted from 0) fails when a `rate` fraction of them should.
/// A pure function of the seed and `n`, so a run's failures repeat.
pub(crate) fn fails(seed: u64, n: u64, rate: f64) -> bool {
    let x = mix(seed ^ mix(n.wrapping_add(TAG_FAILURES)));
    // 53 random bits as a fraction in [0, 1).
    let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
    unit < rate
}

/// The rate limiter and the failure schedule of one simulator.
#[derive(Debug)]
pub(crate) struct Faults {
    limiter: Option<RateLimiter>,
    fail_rate: f64,
    seed: u64,
    /// Requests that passed the rate limiter since start or the last reset.
    admitted: AtomicU64,
}

impl Faults {
    pub(crate) fn new(config: &SimConfig) -> Faults {
        Faults {
            limiter: config
                .rate_limit
                .map(|r| RateLimiter::new(r, Instant::now())),
            fail_rate: config.fail_rate,
            seed: config.seed,
            admitted: AtomicU64::new(0),
        }
    }

    /// The error a `/v1` request arriving now gets instead of its answer, if any: 429 over
    /// the rate limit, else possibly an injected 500.
    pub(crate) fn check(&self) -> Option<Error> {
        if let Some(limiter) = &self.limiter {
            if !limiter.admit(Instant::now()) {
                return Some(Error::RateLimited);
            }
        }
        let n = self.admitted.fetch_add(1, Ordering::Relaxed);
        (self.fail_rate > 0.0 && fails(self.seed, n, self.fail_rate)).then_some(Error::Api)
    }

    /// Restarts the failure schedule and refills the rate limiter's bucket.
    pub(crate) fn reset(&self) {
        self.admitted.store(0, Ordering::Relaxed);
        if let Some(limiter) = &self.limiter {
            limiter.refill(Instant::now());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_bursts_then_refills_at_the_rate() {
        let t0 = Instant::now();
        let l = RateLimiter::new(4, t0);
        let admitted = (0..6).filter(|_| l.admit(t0)).count();
        assert_eq!(admitted, 4, "a full bucket admits one second's worth");
        // 0.5 s later two tokens are back.
        let t1 = t0 + Duration::from_millis(500);
        assert_eq!((0..5).filter(|_| l.admit(t1)).count(), 2);
        // Idle for a minute: still only one second's worth.
        let t2 = t1 + Duration::from_secs(60);
        assert_eq!((0..10).filter(|_| l.admit(t2)).count(), 4);
        // A clock reading from the past changes nothing.
        assert!(!l.admit(t0));
        l.refill(t2);
        assert!(l.admit(t2));
    }

    #[test]
    fn zero_rate_refuses_everything() {
        let t0 = Instant::now();
        let l = RateLimiter::new(0, t0);
        assert!(!l.admit(t0 + Duration::from_secs(5)));
    }

    #[test]
    fn failures_follow_the_rate_and_the_seed() {
        let count = |seed, rate| (0..10_000).filter(|&n| fails(seed, n, rate)).count();
        let share = count(42, 0.1);
        assert!((800..1200).contains(&share), "{share}");
        assert_eq!(count(42, 0.0), 0);
        assert_eq!(count(42, 1.0), 10_000);
        let pattern = |seed| (0..64).map(|n| fails(seed, n, 0.5)).collect::<Vec<_>>();
        assert_eq!(pattern(7), pattern(7));
        assert_ne!(pattern(7), pattern(8));
    }

    #[test]
    fn check_and_reset_repeat_the_schedule() {
        let f = Faults::new(&SimConfig {
            fail_rate: 0.5,
            ..SimConfig::default()
        });
        let run = |f: &Faults| (0..40).map(|_| f.check().is_some()).collect::<Vec<_>>();
        let first = run(&f);
        assert!(first.contains(&true) && first.contains(&false));
        f.reset();
        assert_eq!(run(&f), first);
        let limited = Faults::new(&SimConfig {
            rate_limit: Some(0),
            ..SimConfig::default()
        });
        assert_eq!(limited.check(), Some(Error::RateLimited));
    }
}
