//! Input rules for names stored in the metastore. Each returns the canonical form to store
//! or [`Error::Invalid`] naming the broken rule (never echoing a secret).

use crate::error::{Error, Result};

/// RFC 5321's path limit; longer addresses can't be real mailboxes.
const MAX_EMAIL_LEN: usize = 254;
/// SQL Server's `sysname` is 128 characters.
const MAX_NAME_LEN: usize = 128;
/// Generous bound for Stripe keys (today ~110 characters) that still stops pasted junk.
const MAX_API_KEY_LEN: usize = 512;
const MAX_API_BASE_LEN: usize = 2048;

/// Validates an email login name and returns it lower-cased. Email addresses are treated
/// case-insensitively throughout, because clients and people retype them in any case.
pub(crate) fn email(email: &str) -> Result<String> {
    if email.is_empty() || email.chars().count() > MAX_EMAIL_LEN {
        return Err(Error::Invalid(format!(
            "email must be 1 to {MAX_EMAIL_LEN} characters"
        )));
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::Invalid(
            "email must not contain whitespace or control characters".into(),
        ));
    }
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Error::Invalid("email must contain exactly one '@'".into()));
    };
    if local.is_empty() || domain.is_empty() {
        return Err(Error::Invalid(
            "email must have text on both sides of '@'".into(),
        ));
    }
    Ok(email.to_lowercase())
}

/// Validates a database/connection name: it becomes a T-SQL identifier (`Stripe1.Stripe.x`),
/// so it is limited to characters that never need bracket quoting.
pub(crate) fn name(name: &str, what: &str) -> Result<()> {
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(Error::Invalid(format!(
            "{what} must be 1 to {MAX_NAME_LEN} characters"
        )));
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(Error::Invalid(format!(
            "{what} may contain only letters, digits and '_'"
        )));
    }
    Ok(())
}

/// Only Stripe exists today; other kinds would need their own connector.
pub(crate) fn kind(kind: &str) -> Result<()> {
    if kind == "stripe" {
        Ok(())
    } else {
        Err(Error::Invalid("connection kind must be \"stripe\"".into()))
    }
}

/// Checks a Stripe API key's shape without revealing it in the error.
pub(crate) fn api_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_API_KEY_LEN {
        return Err(Error::Invalid(format!(
            "api key must be 1 to {MAX_API_KEY_LEN} characters"
        )));
    }
    // Publishable keys authenticate only client-side calls; every list endpoint rejects them,
    // so accepting one would only fail later with a confusing upstream error.
    if key.starts_with("pk_") {
        return Err(Error::Invalid(
            "publishable keys (pk_...) cannot read data; use a secret (sk_...) or restricted (rk_...) key"
                .into(),
        ));
    }
    // A pasted key with a trailing newline or space would be sent verbatim in the
    // Authorization header and fail as "invalid API key"; catch it here.
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::Invalid(
            "api key must not contain whitespace or control characters".into(),
        ));
    }
    Ok(())
}

/// An API base override must be an absolute http(s) URL (stripe-sim in tests and the demo).
pub(crate) fn api_base(base: &str) -> Result<()> {
    if base.len() > MAX_API_BASE_LEN
        || !(base.starts_with("http://") || base.starts_with("https://"))
        || base.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::Invalid(
            "api base must be an http:// or https:// URL without spaces".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("Alice@Example.COM").unwrap(), "alice@example.com");
        for bad in [
            "",
            "alice",
            "@example.com",
            "alice@",
            "a@b@c",
            "a b@c.d",
            "a@c.d\n",
        ] {
            assert!(matches!(email(bad), Err(Error::Invalid(_))), "{bad:?}");
        }
        assert!(email(&format!("{}@b.c", "a".repeat(250))).is_ok()); // exactly 254
        assert!(email(&format!("{}@b.c", "a".repeat(251))).is_err()); // 255
    }

    #[test]
    fn names() {
        assert!(name("Stripe1", "n").is_ok());
        assert!(name("a_B_9", "n").is_ok());
        assert!(name(&"a".repeat(128), "n").is_ok());
        for bad in ["", "Stripe-1", "a b", "ünï", "x;drop", &"a".repeat(129)] {
            assert!(name(bad, "n").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys_kinds_and_bases() {
        assert!(api_key("sk_test_abc").is_ok());
        assert!(api_key("rk_live_abc").is_ok());
        let err = api_key("pk_test_SECRETISH").unwrap_err().to_string();
        assert!(err.contains("publishable"), "{err}");
        assert!(!err.contains("SECRETISH"), "{err}");
        assert!(api_key("").is_err());
        assert!(api_key("sk_test_abc\n").is_err());
        assert!(kind("stripe").is_ok());
        assert!(kind("postgres").is_err());
        assert!(api_base("http://127.0.0.1:12111").is_ok());
        assert!(api_base("https://api.stripe.com").is_ok());
        assert!(api_base("ftp://x").is_err());
        assert!(api_base("http://a b").is_err());
    }
}
