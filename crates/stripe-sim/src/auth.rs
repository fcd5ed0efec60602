//! API-key authentication the way Stripe does it: `Authorization: Bearer <key>` or HTTP basic
//! with the key as user name (what `curl -u sk_test_…:` sends).

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use base64::Engine;

use crate::error::Error;

/// Checks the request's key against `accepted`. Comparison is constant-time-ish per key so a
/// timing probe against a demo server learns nothing useful.
pub(crate) fn authenticate(headers: &HeaderMap, accepted: &[String]) -> Result<(), Error> {
    let Some(key) = presented_key(headers) else {
        return Err(Error::Authentication {
            message: "You did not provide an API key. You need to provide your API key in the \
                      Authorization header, using Bearer auth (e.g. 'Authorization: Bearer \
                      YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for \
                      details, or we can help at https://support.stripe.com/."
                .into(),
        });
    };
    if accepted.iter().any(|k| eq_ct(k.as_bytes(), key.as_bytes())) {
        Ok(())
    } else {
        Err(Error::Authentication {
            message: format!("Invalid API Key provided: {}", mask_key(&key)),
        })
    }
}

/// The key in the `Authorization` header, if any. A malformed header counts as no key.
fn presented_key(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ')?;
    let rest = rest.trim();
    let key = if scheme.eq_ignore_ascii_case("bearer") {
        rest.to_string()
    } else if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        // Stripe takes the user name as the key; the password is ignored.
        text.split_once(':')
            .map_or(text.clone(), |(u, _)| u.to_string())
    } else {
        return None;
    };
    (!key.is_empty()).then_some(key)
}

fn eq_ct(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Masks a key like Stripe: the `sk_test_`-style prefix, one `*` per hidden character, and the
/// last four characters. Short or prefix-less keys are masked entirely but for their prefix, so
/// an error message can never echo a whole key.
pub(crate) fn mask_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let prefix_len = [
        "sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_",
    ]
    .iter()
    .find(|p| key.starts_with(*p))
    .map_or(0, |p| p.len());
    let body = chars.len().saturating_sub(prefix_len);
    let shown_tail = if body >= 12 { 4 } else { 0 };
    let mut out: String = chars.iter().take(prefix_len).collect();
    out.extend(std::iter::repeat_n('*', body - shown_tail));
    out.extend(chars.iter().skip(chars.len() - shown_tail));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        h
    }

    #[test]
    fn masks_like_stripe() {
        assert_eq!(
            mask_key("sk_test_abcdefghijklmnop"),
            "sk_test_************mnop"
        );
        assert_eq!(mask_key("sk_test_short"), "sk_test_*****");
        assert_eq!(mask_key("hunter2"), "*******");
        assert_eq!(mask_key(""), "");
    }

    #[test]
    fn bearer_and_basic() {
        let ok = vec!["sk_test_good_key_1234".to_string()];
        assert!(authenticate(&headers("Bearer sk_test_good_key_1234"), &ok).is_ok());
        // base64("sk_test_good_key_1234:")
        let basic = base64::engine::general_purpose::STANDARD.encode("sk_test_good_key_1234:");
        assert!(authenticate(&headers(&format!("Basic {basic}")), &ok).is_ok());
        assert!(authenticate(&HeaderMap::new(), &ok).is_err());
        let err = authenticate(&headers("Bearer sk_test_wrong_key_5678"), &ok).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("Invalid API Key provided: sk_test_"),
            "{msg}"
        );
        assert!(msg.ends_with("5678") && !msg.contains("wrong_key"), "{msg}");
        assert_eq!(err.status(), 401);
    }
}
