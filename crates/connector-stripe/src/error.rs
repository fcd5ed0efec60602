//! Errors of the Stripe connector.
//!
//! Every error text is built from data that cannot contain the API key: Stripe's own messages are
//! scrubbed (Stripe echoes a masked key on 401) and transport errors drop their URL.

use std::fmt;

use datafusion::error::DataFusionError;

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a Stripe operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Stripe answered with an error object (after any retries).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request never got a usable HTTP answer (connect, TLS, timeout, body read).
    #[error("Stripe request {method} {path} failed: {message}")]
    Transport {
        /// HTTP method.
        method: &'static str,
        /// API path without query string, e.g. `/v1/customers`.
        path: String,
        /// The transport failure, without URL.
        message: String,
    },
    /// Stripe's answer was not the JSON shape the catalogue expects.
    #[error("unexpected Stripe response: {0}")]
    Decode(String),
    /// Stripe requires a list parameter that no filter of the query supplies and that vtds cannot
    /// iterate (`GET /v1/apps/secrets` needs `scope`).
    #[error("Stripe.{table} can only be read with a filter supplying the required `{param}` parameter of GET {path}")]
    MissingFilter {
        /// Table scanned.
        table: &'static str,
        /// The required query parameter.
        param: &'static str,
        /// The list endpoint.
        path: &'static str,
    },
    /// The connector settings are unusable.
    #[error("invalid Stripe connection settings: {0}")]
    Config(String),
    /// Building Arrow data failed.
    #[error("arrow error: {0}")]
    Arrow(#[from] datafusion::arrow::error::ArrowError),
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// Wraps the error so the engine can downcast it (`DataFusionError::External`) and classify it.
impl From<Error> for DataFusionError {
    fn from(e: Error) -> Self {
        DataFusionError::External(Box::new(e))
    }
}

/// Broad class of a Stripe error, for mapping to SQL Server error numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiErrorCategory {
    /// 401: the key is wrong, expired or revoked.
    Authentication,
    /// 403: a restricted key lacks the permission for this resource.
    Permission,
    /// 404: the object or endpoint does not exist.
    NotFound,
    /// 429 after all retries.
    RateLimited,
    /// 400/402/409 and other 4xx: the request was refused.
    InvalidRequest,
    /// 5xx after all retries.
    Server,
}

/// One error object returned by Stripe: `{"error": {type, code, message, param, decline_code}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Stripe's `error.type` (`invalid_request_error`, `api_error`, `card_error`, …).
    pub error_type: String,
    /// Stripe's `error.code` (`resource_missing`, `rate_limit`, …).
    pub code: Option<String>,
    /// Human message, with any key-like token masked.
    pub message: String,
    /// The request parameter the error refers to.
    pub param: Option<String>,
    /// Card decline code, for card errors.
    pub decline_code: Option<String>,
    /// The `Request-Id` header, which Stripe support asks for.
    pub request_id: Option<String>,
}

impl ApiError {
    /// Classifies the error by HTTP status.
    pub fn category(&self) -> ApiErrorCategory {
        match self.status {
            401 => ApiErrorCategory::Authentication,
            403 => ApiErrorCategory::Permission,
            404 => ApiErrorCategory::NotFound,
            429 => ApiErrorCategory::RateLimited,
            s if s >= 500 => ApiErrorCategory::Server,
            _ => ApiErrorCategory::InvalidRequest,
        }
    }

    /// Parses Stripe's error body; falls back to a generic error when the body is not Stripe's
    /// shape (a proxy's HTML page, a truncated body).
    pub fn from_response(status: u16, body: &[u8], request_id: Option<String>) -> Self {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let err = parsed.as_ref().and_then(|v| v.get("error"));
        let field = |k: &str| {
            err.and_then(|e| e.get(k))
                .and_then(|v| v.as_str())
                .map(mask_secrets)
        };
        ApiError {
            status,
            error_type: field("type").unwrap_or_else(|| "api_error".to_string()),
            code: field("code"),
            message: field("message")
                .unwrap_or_else(|| format!("HTTP {status} without a Stripe error body")),
            param: field("param"),
            decline_code: field("decline_code"),
            request_id: request_id.map(|r| mask_secrets(&r)),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stripe error (HTTP {}, {}", self.status, self.error_type)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(param) = &self.param {
            write!(f, ", param {param}")?;
        }
        if let Some(dc) = &self.decline_code {
            write!(f, ", decline_code {dc}")?;
        }
        write!(f, "): {}", self.message)?;
        if let Some(r) = &self.request_id {
            write!(f, " [request {r}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Masks every token that looks like a Stripe key (`sk_…`, `rk_…`, `pk_…`, optionally
/// `_test_`/`_live_`): Stripe's 401 message echoes the key with only a few characters masked.
pub(crate) fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .char_indices()
            .find(|&(i, _)| is_key_start(rest, i))
            .map(|(i, _)| i);
        match start {
            Some(i) => {
                out.push_str(&rest[..i]);
                let tail = &rest[i..];
                let end = tail
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '*'))
                    .unwrap_or(tail.len());
                out.push_str(&tail[..3]);
                out.push_str("<redacted>");
                rest = &tail[end..];
            }
            None => {
                out.push_str(rest);
                break;
            }
        }
    }
    out
}

/// A key token starts at a word boundary with `sk_`, `rk_` or `pk_`.
fn is_key_start(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    boundary
        && ["sk_", "rk_", "pk_"].iter().any(|p| {
            text.get(i..i + 3)
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keys_in_stripe_messages() {
        let m = mask_secrets("Invalid API Key provided: sk_test_********1234. Try rk_live_abc");
        assert_eq!(
            m,
            "Invalid API Key provided: sk_<redacted>. Try rk_<redacted>"
        );
        assert_eq!(mask_secrets("risk_level ok"), "risk_level ok");
        assert_eq!(mask_secrets("ünïcode sk_x"), "ünïcode sk_<redacted>");
    }

    #[test]
    fn parses_stripe_error_bodies() {
        let body = br#"{"error":{"type":"invalid_request_error","code":"resource_missing",
            "message":"No such customer: 'cus_x'","param":"id"}}"#;
        let e = ApiError::from_response(404, body, Some("req_1".into()));
        assert_eq!(e.category(), ApiErrorCategory::NotFound);
        assert_eq!(e.code.as_deref(), Some("resource_missing"));
        let text = e.to_string();
        assert!(text.contains("code resource_missing"), "{text}");
        assert!(text.contains("param id"), "{text}");
        assert!(text.contains("[request req_1]"), "{text}");
    }

    #[test]
    fn non_json_bodies_still_give_an_error() {
        let e = ApiError::from_response(502, b"<html>bad gateway</html>", None);
        assert_eq!(e.category(), ApiErrorCategory::Server);
        assert_eq!(e.error_type, "api_error");
        assert!(e.message.contains("502"));
    }
}
