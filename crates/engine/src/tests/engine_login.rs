//! `Engine`: logins, database choice (4060) and the connector cache, over a real SQLite store.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use connector::{ConnectionConfig, Connector, ConnectorFactory};
use metastore::{MasterKey, MetadataStore, NewConnection, SqliteStore};

use super::fake::FakeConnector;
use super::harness::{run, scalar};
use crate::{Engine, EngineConfig, SessionOptions};

#[derive(Default)]
struct FakeFactory {
    connects: AtomicUsize,
}

impl ConnectorFactory for FakeFactory {
    fn kind(&self) -> &str {
        "stripe"
    }

    fn connect(&self, config: &ConnectionConfig) -> connector::Result<Arc<dyn Connector>> {
        assert_eq!(config.api_key, "sk_test_123");
        if config.name == "Weird" {
            return Err(connector::Error::InvalidConfig("bad base URL".into()));
        }
        self.connects.fetch_add(1, Ordering::SeqCst);
        Ok(Arc::new(FakeConnector))
    }
}

struct Fixture {
    engine: Arc<Engine>,
    factory: Arc<FakeFactory>,
    token: String,
}

fn fixture() -> Fixture {
    let store = SqliteStore::open_in_memory(MasterKey::generate()).unwrap();
    store.create_user("ada@example.com").unwrap();
    let token = store.create_token("ada@example.com").unwrap().token;
    for name in ["Stripe1", "Stripe2", "Secret", "Weird"] {
        store
            .add_connection(&NewConnection {
                name: name.into(),
                kind: "stripe".into(),
                api_key: "sk_test_123".into(),
                api_base: None,
            })
            .unwrap();
    }
    for name in ["Stripe1", "Stripe2", "Weird"] {
        store.grant("ada@example.com", name).unwrap();
    }
    let factory = Arc::new(FakeFactory::default());
    let engine = Engine::new(
        Arc::new(store),
        vec![factory.clone() as Arc<dyn ConnectorFactory>],
        EngineConfig::default(),
    );
    Fixture {
        engine,
        factory,
        token,
    }
}

fn options() -> SessionOptions {
    SessionOptions {
        spid: 51,
        app_name: "t".into(),
        host_name: "h".into(),
        client_tds_version: 0x7400_0004,
    }
}

#[tokio::test]
async fn logins_fail_without_saying_why() {
    let f = fixture();
    let user = f.engine.authenticate("ada@example.com", &f.token).unwrap();
    assert_eq!(user.email, "ada@example.com");
    for (email, token) in [
        ("ada@example.com", "wrong-token-wrong-token"),
        ("nobody@example.com", f.token.as_str()),
        ("", ""),
    ] {
        let e = f.engine.authenticate(email, token).unwrap_err();
        assert_eq!(e.number(), 18456);
        assert_eq!(e.message, format!("Login failed for user '{email}'."));
    }
}

#[tokio::test]
async fn database_choice_and_4060() {
    let f = fixture();
    let user = f.engine.authenticate("ada@example.com", &f.token).unwrap();
    let s = f.engine.open_session(&user, None, options()).await.unwrap();
    assert_eq!(s.database(), "Stripe1");
    let mut s = f
        .engine
        .open_session(&user, Some("stripe2"), options())
        .await
        .unwrap();
    assert_eq!(s.database(), "Stripe2");
    assert_eq!(scalar(&mut s, "SELECT DB_NAME()").await, "Stripe2");
    assert_eq!(scalar(&mut s, "SELECT @@SPID").await, "51");
    assert_eq!(
        scalar(&mut s, "SELECT COUNT(*) FROM Stripe1.Stripe.Customers").await,
        "5"
    );
    for db in ["Nope", "Secret", "Weird"] {
        let e = f
            .engine
            .open_session(&user, Some(db), options())
            .await
            .unwrap_err();
        assert_eq!(e.number(), 4060, "{db}");
        assert!(e.message.contains(db), "{}", e.message);
    }
    // A system database can be asked for at login too (sqlcmd -d master).
    let mut s = f
        .engine
        .open_session(&user, Some("MASTER"), options())
        .await
        .unwrap();
    assert_eq!(s.database(), "master");
    assert_eq!(scalar(&mut s, "SELECT DB_ID()").await, "1");
    // Connectors are built once per connection, not per session.
    assert_eq!(f.factory.connects.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn default_database_is_honoured() {
    let f = fixture();
    let user = f.engine.authenticate("ada@example.com", &f.token).unwrap();
    let user = metastore::User {
        default_database: Some("STRIPE2".into()),
        ..user
    };
    let mut s = f.engine.open_session(&user, None, options()).await.unwrap();
    assert_eq!(s.database(), "Stripe2");
    let out = run(&mut s, "USE Stripe1").await;
    assert_eq!(out.len(), 1);
    assert_eq!(s.database(), "Stripe1");
}
