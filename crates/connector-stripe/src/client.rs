//! The HTTP client for Stripe's REST API: auth, version pinning, retries, rate budget, tracing.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::Url;
use serde_json::Value;
use tracing::Instrument;

use crate::error::{ApiError, Error, Result};
use crate::ratelimit::RateLimiter;
use crate::retry::{parse_retry_after, parse_should_retry, RetryPolicy};
use crate::search::SEARCH_REQUESTS_PER_SECOND;

/// The API version the catalogue was generated from (`spec3.json`); pinned so an account's
/// default version cannot change field shapes under us.
pub const STRIPE_VERSION: &str = "2023-08-16";

/// Largest response body accepted. A list page of 100 expanded objects is a few MB; anything
/// far bigger is a broken or hostile upstream and must not exhaust memory.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Settings of one [`StripeClient`].
#[derive(Clone)]
pub struct ClientConfig {
    /// Base URL, e.g. `https://api.stripe.com` or a simulator's `http://127.0.0.1:port`.
    pub api_base: String,
    /// Secret (`sk_`) or restricted (`rk_`) key. Never logged.
    pub api_key: String,
    /// `User-Agent` header.
    pub user_agent: String,
    /// Retry settings for GETs.
    pub retry: RetryPolicy,
    /// Request budget; `None` picks the default for the key's mode.
    pub requests_per_second: Option<f64>,
    /// Timeout of one HTTP attempt (Stripe's libraries use 80 s).
    pub timeout: Duration,
    /// Most list walks one scan runs at once (see `walks`); 1 walks every list sequentially.
    pub scan_concurrency: usize,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_base", &self.api_base)
            .field("api_key", &"<redacted>")
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("requests_per_second", &self.requests_per_second)
            .field("timeout", &self.timeout)
            .field("scan_concurrency", &self.scan_concurrency)
            .finish()
    }
}

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    /// The objects, newest first.
    pub data: Vec<Value>,
    /// Whether another page follows (`starting_after` = last id).
    pub has_more: bool,
    /// A search's cursor for the following page (`page=`); lists have none.
    pub next_page: Option<String>,
}

/// A Stripe API client for one account. Cheap to share (`Arc`); holds the rate budget.
pub struct StripeClient {
    http: reqwest::Client,
    base: Url,
    retry: RetryPolicy,
    limiter: Arc<RateLimiter>,
    /// Stripe's separate budget for search endpoints; a search takes a token from both.
    search_limiter: RateLimiter,
    live: bool,
    scan_concurrency: usize,
    /// Recent round-trip time of successful requests, in microseconds (an EWMA; 0 = none yet).
    round_trip_us: AtomicU64,
}

// The key lives only inside `http`'s default headers (marked sensitive); nothing here prints it.
impl fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeClient")
            .field("base", &self.base.as_str())
            .field("stripe_version", &STRIPE_VERSION)
            .field("requests_per_second", &self.limiter.rate())
            .finish_non_exhaustive()
    }
}

impl StripeClient {
    /// Builds the client. Does no I/O.
    pub fn new(config: &ClientConfig) -> Result<Self> {
        let base = Url::parse(&config.api_base)
            .map_err(|e| Error::Config(format!("API base URL '{}': {e}", config.api_base)))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(Error::Config(format!(
                "API base URL '{}' must be http(s)",
                config.api_base
            )));
        }
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", config.api_key))
            .map_err(|_| Error::Config("the API key contains invalid characters".into()))?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        headers.insert("Stripe-Version", HeaderValue::from_static(STRIPE_VERSION));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        let limiter = match config.requests_per_second {
            Some(rate) => RateLimiter::new(rate, rate),
            None => RateLimiter::for_key(&config.api_key),
        };
        // Search has its own 20/s limit on every account; an unlimited budget (simulator
        // benchmarks) leaves search unlimited too, a smaller one caps it.
        let search_rate = match limiter.rate() {
            r if !(r.is_finite() && r > 0.0) => 0.0,
            r => r.min(SEARCH_REQUESTS_PER_SECOND),
        };
        Ok(StripeClient {
            http,
            base,
            retry: config.retry.clone(),
            search_limiter: RateLimiter::new(search_rate, search_rate),
            limiter: Arc::new(limiter),
            live: is_live_key(&config.api_key),
            scan_concurrency: config.scan_concurrency.max(1),
            round_trip_us: AtomicU64::new(0),
        })
    }

    /// Whether the key acts in live mode (test clocks exist only in test mode).
    pub fn is_live(&self) -> bool {
        self.live
    }

    /// Most list walks one scan runs at once.
    pub fn scan_concurrency(&self) -> usize {
        self.scan_concurrency
    }

    /// Walks one scan should run now: enough requests in flight to use the whole rate budget at
    /// the recent round-trip time (Little's law, with a quarter to spare), at most
    /// `scan_concurrency`. Running more would only queue at the budget, where the extra
    /// requests would delay other queries' requests: keeping each scan near its useful depth is
    /// what shares the budget fairly between concurrent queries.
    pub fn useful_concurrency(&self) -> usize {
        let rate = self.limiter.rate();
        let rtt = self.round_trip_us.load(Ordering::Relaxed) as f64 / 1e6;
        if !(rate.is_finite() && rate > 0.0) || rtt <= 0.0 {
            return self.scan_concurrency;
        }
        let useful = (rate * rtt * 1.25).ceil() as usize + 1;
        useful.clamp(1, self.scan_concurrency)
    }

    /// Folds one successful request's round trip into the average.
    fn record_round_trip(&self, took: Duration) {
        let sample = took.as_micros().min(u128::from(u32::MAX)) as u64;
        let _ = self
            .round_trip_us
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
                Some(if old == 0 {
                    sample
                } else {
                    (old * 7 + sample) / 8
                })
            });
    }

    /// The shared request budget.
    pub fn rate_limiter(&self) -> &Arc<RateLimiter> {
        &self.limiter
    }

    /// `GET <path>?<params>`: one page of a list endpoint. `page` (1-based) is for tracing.
    pub async fn list(
        &self,
        path: &str,
        params: &[(String, String)],
        page: u32,
    ) -> Result<ListPage> {
        self.list_inner(path, params, page, false)
            .await?
            .ok_or_else(|| Error::Decode(format!("{path} answered 404 to a list request")))
    }

    /// `GET <path>?query=…` of a search endpoint (`/v1/customers/search`): one page, with the
    /// `next_page` cursor. Waits for the search budget as well as the account's.
    pub async fn search(
        &self,
        path: &str,
        params: &[(String, String)],
        page: u32,
    ) -> Result<ListPage> {
        // The search budget is taken in `get_with_retries`, which tells searches by their path.
        self.list(path, params, page).await
    }

    /// `GET <path>?<params>` of a nested list (`/v1/invoices/in_1/lines`): `None` when Stripe
    /// answers 404 because the parent does not exist, which for SQL is simply no rows.
    pub async fn list_children(
        &self,
        path: &str,
        params: &[(String, String)],
        page: u32,
    ) -> Result<Option<ListPage>> {
        self.list_inner(path, params, page, true).await
    }

    async fn list_inner(
        &self,
        path: &str,
        params: &[(String, String)],
        page: u32,
        missing_ok: bool,
    ) -> Result<Option<ListPage>> {
        let Some(body) = self.get(path, None, params, page, missing_ok).await? else {
            return Ok(None);
        };
        let has_more = body
            .get("has_more")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        match body {
            Value::Object(mut map) => match map.remove("data") {
                Some(Value::Array(data)) => Ok(Some(ListPage {
                    data,
                    has_more,
                    next_page: map
                        .get("next_page")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                })),
                _ => Err(Error::Decode(format!("{path}: list without a data array"))),
            },
            _ => Err(Error::Decode(format!(
                "{path}: list response is not an object"
            ))),
        }
    }

    /// `GET <path>/<id>`: one object, or `None` when Stripe says it does not exist (404) or it
    /// was deleted (`"deleted": true`).
    pub async fn retrieve(&self, path: &str, id: &str) -> Result<Option<Value>> {
        let obj = self.get(path, Some(id), &[], 1, true).await?;
        Ok(obj.filter(|o| o.get("deleted").and_then(Value::as_bool) != Some(true)))
    }

    /// One GET with retries. `Ok(None)` only for a 404 when `missing_ok` (retrieves, nested lists).
    async fn get(
        &self,
        path: &str,
        id: Option<&str>,
        params: &[(String, String)],
        page: u32,
        missing_ok: bool,
    ) -> Result<Option<Value>> {
        let url = self.url(path, id, params)?;
        let shown_path = match id {
            Some(id) => format!("{path}/{id}"),
            None => path.to_string(),
        };
        let shown_params = params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let span = tracing::info_span!(
            "stripe_call",
            method = "GET",
            path = %shown_path,
            params = %shown_params,
            page,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .get_with_retries(&url, &shown_path, missing_ok)
            .instrument(span.clone())
            .await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        result
    }

    async fn get_with_retries(
        &self,
        url: &Url,
        path: &str,
        missing_ok: bool,
    ) -> Result<Option<Value>> {
        let span = tracing::Span::current();
        let mut retry = 0u32;
        loop {
            span.record("attempts", retry + 1);
            let can_retry = retry < self.retry.max_retries;
            if is_search(path) {
                self.search_limiter.acquire().await;
            }
            self.limiter.acquire().await;
            let sent = Instant::now();
            let attempt = self.attempt(url, path).await;
            let (err, retry_after) = match attempt {
                Ok(Answer::Ok(status, v)) => {
                    self.record_round_trip(sent.elapsed());
                    span.record("status", status);
                    return Ok(Some(v));
                }
                Ok(Answer::Err(api, retry_after, should_retry)) => {
                    span.record("status", api.status);
                    if api.status == 404 && missing_ok {
                        return Ok(None);
                    }
                    let retryable = self.retry.should_retry_status(api.status, should_retry);
                    if !(retryable && can_retry) {
                        return Err(api.into());
                    }
                    (Error::from(api), retry_after)
                }
                Err(e) if can_retry => (e, None),
                Err(e) => return Err(e),
            };
            let delay = self.retry.delay(retry, retry_after);
            tracing::warn!(error = %err, retry = retry + 1, delay_ms = delay.as_millis() as u64, "retrying Stripe call");
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    /// One HTTP exchange. Transport failures, unreadable bodies and unparsable 2xx bodies are
    /// `Err` (all retryable for a GET); HTTP error answers are `Answer::Err`.
    async fn attempt(&self, url: &Url, path: &str) -> Result<Answer> {
        let transport = |e: reqwest::Error| Error::Transport {
            method: "GET",
            path: path.to_string(),
            message: error_chain(&e.without_url()),
        };
        let mut resp = self.http.get(url.clone()).send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let request_id = header("request-id");
        let retry_after = header("retry-after").as_deref().and_then(parse_retry_after);
        let should_retry = header("stripe-should-retry")
            .as_deref()
            .and_then(parse_should_retry);
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Error::Decode(format!(
                    "{path}: response larger than {MAX_BODY_BYTES} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        if (200..300).contains(&status) {
            let v = serde_json::from_slice(&body)
                .map_err(|e| Error::Decode(format!("{path}: invalid JSON ({e})")))?;
            Ok(Answer::Ok(status, v))
        } else {
            let api = ApiError::from_response(status, &body, request_id);
            Ok(Answer::Err(api, retry_after, should_retry))
        }
    }

    fn url(&self, path: &str, id: Option<&str>, params: &[(String, String)]) -> Result<Url> {
        let mut url = self.base.clone();
        {
            let mut segs = url
                .path_segments_mut()
                .map_err(|_| Error::Config("API base URL cannot take a path".into()))?;
            segs.pop_if_empty();
            segs.extend(path.split('/').filter(|s| !s.is_empty()));
            // `push` percent-encodes, so an id like `x/../y` cannot change the endpoint.
            if let Some(id) = id {
                segs.push(id);
            }
        }
        if !params.is_empty() {
            url.query_pairs_mut().extend_pairs(params);
        }
        Ok(url)
    }
}

/// Whether `path` is a search endpoint, which has its own rate limit.
fn is_search(path: &str) -> bool {
    path.ends_with("/search")
}

/// Live-mode secret and restricted keys; everything else is treated as test mode.
pub(crate) fn is_live_key(key: &str) -> bool {
    key.starts_with("sk_live_") || key.starts_with("rk_live_")
}

enum Answer {
    Ok(u16, Value),
    Err(ApiError, Option<Duration>, Option<bool>),
}

/// The error and its causes on one line (reqwest's top-level text alone is "error sending request").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
