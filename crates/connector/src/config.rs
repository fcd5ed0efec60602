//! Connection settings handed from the metastore to a connector factory.

use std::fmt;

/// Settings of one configured connection (one database).
#[derive(Clone)]
pub struct ConnectionConfig {
    /// Database name clients use, e.g. `Stripe1`.
    pub name: String,
    /// Connector kind, e.g. `stripe`.
    pub kind: String,
    /// The upstream credential (a Stripe secret or restricted key). Never logged.
    pub api_key: String,
    /// Upstream API base URL; `None` means the provider's public endpoint.
    pub api_base: Option<String>,
}

// Hand-written so the API key can never reach a log line through `{:?}`.
impl fmt::Debug for ConnectionConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionConfig")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("api_key", &"<redacted>")
            .field("api_base", &self.api_base)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let c = ConnectionConfig {
            name: "Stripe1".into(),
            kind: "stripe".into(),
            api_key: "sk_test_secret123".into(),
            api_base: None,
        };
        let text = format!("{c:?}");
        assert!(!text.contains("sk_test_secret123"), "{text}");
        assert!(text.contains("Stripe1"));
    }
}
