//! Stripe-shaped API errors.
//!
//! Every error the simulator answers with is one of these; `status()` and `to_json()` give the
//! exact HTTP status and `{"error": {...}}` body Stripe sends, because clients (and the
//! connector under test) branch on `type`, `code` and `param`.

use serde_json::{Map, Value};

/// `Result` with the simulator's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error as the Stripe API reports it. Messages never contain a full API key.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// 401: no key, or a key this simulator does not accept (`message` holds a masked key).
    #[error("{message}")]
    Authentication {
        /// Stripe's wording, with the key masked.
        message: String,
    },
    /// 400 `invalid_request_error`, optionally with a `code` and the offending `param`.
    #[error("{message}")]
    InvalidRequest {
        /// Stripe error code such as `parameter_unknown`.
        code: Option<&'static str>,
        /// Human readable message in Stripe's wording.
        message: String,
        /// The request parameter at fault.
        param: Option<String>,
    },
    /// `resource_missing`: 404 on retrieve (`param` = `id`), 400 when a cursor names an unknown
    /// object (`param` = `starting_after`/`ending_before`), as Stripe does.
    #[error("No such {object}: '{id}'")]
    ResourceMissing {
        /// Object name (`customer`, `charge`).
        object: &'static str,
        /// The id that was asked for.
        id: String,
        /// `id` for retrieves, the cursor parameter for lists.
        param: &'static str,
    },
    /// 404 for a URL no route matches (Stripe's "Unrecognized request URL").
    #[error("Unrecognized request URL ({method}: {path})")]
    UnknownRoute {
        /// HTTP method.
        method: String,
        /// Request path.
        path: String,
    },
    /// 429 `rate_limit`: more requests than `SimConfig::rate_limit` allows.
    #[error(
        "Request rate limit exceeded. You can learn more about rate limits here \
         https://stripe.com/docs/rate-limits."
    )]
    RateLimited,
    /// 500 `api_error`: a failure injected by `SimConfig::fail_rate`.
    #[error("An unknown error occurred")]
    Api,
}

impl Error {
    /// Shorthand for a 400 with a code and param.
    pub(crate) fn invalid(code: Option<&'static str>, message: String, param: &str) -> Error {
        Error::InvalidRequest {
            code,
            message,
            param: Some(param.to_string()),
        }
    }

    /// The HTTP status Stripe uses for this error.
    pub fn status(&self) -> u16 {
        match self {
            Error::Authentication { .. } => 401,
            Error::InvalidRequest { .. } => 400,
            Error::ResourceMissing { param, .. } if *param == "id" => 404,
            Error::ResourceMissing { .. } => 400,
            Error::UnknownRoute { .. } => 404,
            Error::RateLimited => 429,
            Error::Api => 500,
        }
    }

    /// The `{"error": {...}}` body, keys in Stripe's (alphabetical) order.
    pub fn to_json(&self) -> Value {
        let mut e = Map::new();
        let code = match self {
            Error::InvalidRequest { code, .. } => *code,
            Error::ResourceMissing { .. } => Some("resource_missing"),
            Error::RateLimited => Some("rate_limit"),
            Error::Authentication { .. } | Error::UnknownRoute { .. } | Error::Api => None,
        };
        if let Some(code) = code {
            e.insert("code".into(), code.into());
            let doc = format!(
                "https://stripe.com/docs/error-codes/{}",
                code.replace('_', "-")
            );
            e.insert("doc_url".into(), doc.into());
        }
        e.insert("message".into(), self.message().into());
        let param = match self {
            Error::InvalidRequest { param, .. } => param.clone(),
            Error::ResourceMissing { param, .. } => Some((*param).to_string()),
            _ => None,
        };
        if let Some(param) = param {
            e.insert("param".into(), param.into());
        }
        let kind = match self {
            Error::Api => "api_error",
            _ => "invalid_request_error",
        };
        e.insert("type".into(), kind.into());
        let mut root = Map::new();
        root.insert("error".into(), Value::Object(e));
        Value::Object(root)
    }

    fn message(&self) -> String {
        match self {
            Error::UnknownRoute { method, path } => {
                let hint = if path.ends_with('/') && path.len() > 4 {
                    " If you are trying to list objects, remove the trailing slash. If you are \
                     trying to retrieve an object, make sure you passed a valid (non-empty) \
                     identifier in your code."
                } else {
                    ""
                };
                format!(
                    "Unrecognized request URL ({method}: {path}).{hint} Please see \
                     https://stripe.com/docs or we can help at https://support.stripe.com/."
                )
            }
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resource_missing_on_retrieve_is_404() {
        let e = Error::ResourceMissing {
            object: "customer",
            id: "cus_x".into(),
            param: "id",
        };
        assert_eq!(e.status(), 404);
        assert_eq!(
            e.to_json(),
            json!({"error": {
                "code": "resource_missing",
                "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                "message": "No such customer: 'cus_x'",
                "param": "id",
                "type": "invalid_request_error"
            }})
        );
    }

    #[test]
    fn cursor_missing_is_400() {
        let e = Error::ResourceMissing {
            object: "charge",
            id: "ch_x".into(),
            param: "starting_after",
        };
        assert_eq!(e.status(), 400);
    }

    #[test]
    fn rate_limit_and_api_error_shapes() {
        let e = Error::RateLimited;
        assert_eq!(e.status(), 429);
        assert_eq!(
            e.to_json(),
            json!({"error": {
                "code": "rate_limit",
                "doc_url": "https://stripe.com/docs/error-codes/rate-limit",
                "message": "Request rate limit exceeded. You can learn more about rate limits \
                            here https://stripe.com/docs/rate-limits.",
                "type": "invalid_request_error"
            }})
        );
        let e = Error::Api;
        assert_eq!(e.status(), 500);
        assert_eq!(
            e.to_json(),
            json!({"error": {"message": "An unknown error occurred", "type": "api_error"}})
        );
    }

    #[test]
    fn unknown_route_has_no_code_or_param() {
        let e = Error::UnknownRoute {
            method: "GET".into(),
            path: "/v1/customers/".into(),
        };
        let body = e.to_json();
        assert_eq!(e.status(), 404);
        assert!(body["error"].get("code").is_none());
        let msg = body["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.starts_with("Unrecognized request URL (GET: /v1/customers/)."));
        assert!(msg.contains("remove the trailing slash"));
    }
}
