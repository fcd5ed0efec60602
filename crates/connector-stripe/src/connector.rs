//! `StripeConnectorFactory` and `StripeConnector`: the entry points the engine uses.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use connector::{ConnectionConfig, Connector, ConnectorFactory, TableDef};
use datafusion::catalog::TableProvider;

use crate::catalogue::{RESOURCES, SCHEMA};
use crate::client::{ClientConfig, StripeClient};
use crate::retry::RetryPolicy;
use crate::table::StripeTable;

/// Walks per scan by default: at ~150–300 ms per page, 32 requests in flight keep even a live
/// key's 100 requests/s busy; the rate budget, not this, is what normally limits a scan.
pub const DEFAULT_SCAN_CONCURRENCY: usize = 32;

/// Settings shared by every Stripe connection of one vtds process.
#[derive(Debug, Clone)]
pub struct StripeOptions {
    /// API base used when a connection sets none, normally `https://api.stripe.com`.
    pub default_api_base: String,
    /// `User-Agent` sent to Stripe, e.g. `vtds/0.1.0`.
    pub user_agent: String,
    /// Retry settings for GETs.
    pub retry: RetryPolicy,
    /// Request budget per connection; `None` = 100/s for live keys, 25/s otherwise.
    pub requests_per_second: Option<f64>,
    /// Timeout of one HTTP attempt.
    pub timeout: Duration,
    /// Most list walks one scan runs at once.
    pub scan_concurrency: usize,
}

impl Default for StripeOptions {
    fn default() -> Self {
        StripeOptions {
            default_api_base: "https://api.stripe.com".to_string(),
            user_agent: concat!("vtds/", env!("CARGO_PKG_VERSION")).to_string(),
            retry: RetryPolicy::default(),
            requests_per_second: None,
            timeout: Duration::from_secs(80),
            scan_concurrency: DEFAULT_SCAN_CONCURRENCY,
        }
    }
}

/// Creates [`StripeConnector`]s for connections of kind `stripe`.
#[derive(Debug, Clone)]
pub struct StripeConnectorFactory {
    options: StripeOptions,
}

impl StripeConnectorFactory {
    /// A factory using `options` for every connection.
    pub fn new(options: StripeOptions) -> Self {
        StripeConnectorFactory { options }
    }
}

impl ConnectorFactory for StripeConnectorFactory {
    fn kind(&self) -> &str {
        "stripe"
    }

    fn connect(&self, config: &ConnectionConfig) -> connector::Result<Arc<dyn Connector>> {
        Ok(Arc::new(StripeConnector::new(config, &self.options)?))
    }
}

/// One Stripe account as the tables of schema `Stripe`. Shared by all sessions of its database,
/// so the HTTP pool and the rate budget are per account.
pub struct StripeConnector {
    name: String,
    client: Arc<StripeClient>,
    tables: Vec<Arc<StripeTable>>,
}

impl StripeConnector {
    /// Builds the connector; refuses publishable keys. Does no I/O.
    pub fn new(config: &ConnectionConfig, options: &StripeOptions) -> connector::Result<Self> {
        let key = config.api_key.trim();
        if key.is_empty() {
            return Err(connector::Error::InvalidConfig(
                "the Stripe API key is empty".into(),
            ));
        }
        if key.starts_with("pk_") {
            return Err(connector::Error::InvalidConfig(
                "a publishable key (pk_…) cannot read data; use a secret (sk_…) or restricted (rk_…) key"
                    .into(),
            ));
        }
        let client_config = ClientConfig {
            api_base: config
                .api_base
                .clone()
                .unwrap_or_else(|| options.default_api_base.clone()),
            api_key: key.to_string(),
            user_agent: options.user_agent.clone(),
            retry: options.retry.clone(),
            requests_per_second: options.requests_per_second,
            timeout: options.timeout,
            scan_concurrency: options.scan_concurrency,
        };
        let client = Arc::new(
            StripeClient::new(&client_config)
                .map_err(|e| connector::Error::InvalidConfig(e.to_string()))?,
        );
        let tables = RESOURCES
            .iter()
            .map(|r| Arc::new(StripeTable::new(r, client.clone())))
            .collect();
        Ok(StripeConnector {
            name: config.name.clone(),
            client,
            tables,
        })
    }

    /// The account's HTTP client (and rate budget).
    pub fn client(&self) -> &Arc<StripeClient> {
        &self.client
    }

    /// The provider of one table, typed (the trait method returns `dyn TableProvider`).
    pub fn table(&self, table: &str) -> Option<Arc<StripeTable>> {
        self.tables
            .iter()
            .find(|t| t.resource().table == table)
            .cloned()
    }
}

impl fmt::Debug for StripeConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeConnector")
            .field("name", &self.name)
            .field("client", &self.client)
            .field("tables", &self.tables.len())
            .finish()
    }
}

impl Connector for StripeConnector {
    fn schemas(&self) -> Vec<String> {
        vec![SCHEMA.to_string()]
    }

    fn tables(&self, schema: &str) -> Vec<TableDef> {
        if schema != SCHEMA {
            return Vec::new();
        }
        self.tables
            .iter()
            .map(|t| t.resource().table_def())
            .collect()
    }

    fn table_provider(&self, schema: &str, table: &str) -> Option<Arc<dyn TableProvider>> {
        if schema != SCHEMA {
            return None;
        }
        self.table(table).map(|t| t as Arc<dyn TableProvider>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(key: &str, base: Option<&str>) -> ConnectionConfig {
        ConnectionConfig {
            name: "Stripe1".into(),
            kind: "stripe".into(),
            api_key: key.into(),
            api_base: base.map(str::to_string),
        }
    }

    #[test]
    fn refuses_publishable_and_empty_keys_without_echoing_them() {
        let f = StripeConnectorFactory::new(StripeOptions::default());
        assert_eq!(f.kind(), "stripe");
        for key in ["pk_test_abcdef123456", "pk_live_abcdef123456", "  "] {
            let err = f.connect(&config(key, None)).unwrap_err();
            assert!(matches!(err, connector::Error::InvalidConfig(_)), "{err}");
            assert!(!err.to_string().contains("abcdef123456"), "{err}");
        }
    }

    #[test]
    fn bad_base_urls_are_config_errors() {
        let f = StripeConnectorFactory::new(StripeOptions::default());
        let err = f
            .connect(&config("sk_test_secret999", Some("not a url")))
            .unwrap_err();
        assert!(matches!(err, connector::Error::InvalidConfig(_)));
        assert!(!err.to_string().contains("secret999"));
    }

    #[test]
    fn serves_the_stripe_schema_and_tables() {
        let f = StripeConnectorFactory::new(StripeOptions::default());
        let c = f.connect(&config("sk_test_secret999", None)).unwrap();
        assert_eq!(c.schemas(), vec!["Stripe".to_string()]);
        let tables = c.tables("Stripe");
        assert_eq!(tables.len(), crate::catalogue::RESOURCES.len());
        assert!(tables.len() >= 75, "{}", tables.len());
        for want in ["Charges", "Customers", "InvoiceLineItems", "Subscriptions"] {
            let t = tables.iter().find(|t| t.name == want);
            assert!(t.is_some_and(|t| t.description.is_some()), "{want}");
        }
        assert!(c.table_provider("Stripe", "InvoiceLineItems").is_some());
        assert!(c.tables("dbo").is_empty());
        assert!(c.table_provider("Stripe", "Customers").is_some());
        assert!(c.table_provider("Stripe", "Nope").is_none());
        assert!(c.table_provider("dbo", "Customers").is_none());
        let text = format!("{c:?}");
        assert!(!text.contains("secret999"), "{text}");
        assert!(text.contains("Stripe1"), "{text}");
    }
}
