//! The engine shared by all sessions: logins, database selection and the connector cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use connector::{ConnectionConfig, ConnectorFactory};
use metastore::{Connection, MetadataStore, User};
use tds_server::SqlError;

use crate::catalog::{system_database_id, Database};
use crate::config::{EngineConfig, SessionOptions};
use crate::error::Error;
use crate::session::Session;

/// Shared by every session; `Send + Sync`.
pub struct Engine {
    store: Arc<dyn MetadataStore>,
    factories: Vec<Arc<dyn ConnectorFactory>>,
    config: Arc<EngineConfig>,
    /// Connectors are built once per connection and cached: they hold the account's rate budget
    /// and HTTP pool. Keyed by lower-case name; rebuilt when the stored settings change.
    databases: Mutex<HashMap<String, (Connection, Arc<Database>)>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine over `store`, building connectors with `factories` (one per kind).
    pub fn new(
        store: Arc<dyn MetadataStore>,
        factories: Vec<Arc<dyn ConnectorFactory>>,
        config: EngineConfig,
    ) -> Arc<Engine> {
        Arc::new(Engine {
            store,
            factories,
            config: Arc::new(config),
            databases: Mutex::new(HashMap::new()),
        })
    }

    /// The engine's configuration.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Checks an email + personal access token. Any failure (unknown user, wrong or revoked
    /// token, store error) is the same 18456, so a client learns nothing about which part was
    /// wrong.
    pub fn authenticate(&self, email: &str, token: &str) -> Result<User, SqlError> {
        match self.store.verify_login(email, token) {
            Ok(Some(user)) => Ok(user),
            Ok(None) => Err(SqlError::login_failed(email)),
            Err(e) => {
                tracing::warn!(error = %e, "login check failed in the metadata store");
                Err(SqlError::login_failed(email))
            }
        }
    }

    /// Opens a session on the requested database (case-insensitive), else the user's default,
    /// else the first granted one. Unknown or ungranted databases fail with 4060.
    pub async fn open_session(
        self: &Arc<Self>,
        user: &User,
        database: Option<&str>,
        info: SessionOptions,
    ) -> Result<Session, SqlError> {
        let requested = database.map(str::trim).filter(|d| !d.is_empty());
        let cannot_open = || SqlError::cannot_open_database(requested.unwrap_or(""));
        // A system database (sqlcmd -d master) is opened after the session starts on the
        // user's default database.
        let system = requested.filter(|d| system_database_id(d).is_some());
        let requested = requested.filter(|_| system.is_none());
        let granted = self.store.granted_connections(&user.email).map_err(|e| {
            tracing::warn!(error = %e, "reading grants failed");
            cannot_open()
        })?;
        let find = |name: &str| granted.iter().position(|g| g.eq_ignore_ascii_case(name));
        let target = match requested {
            Some(name) => find(name).ok_or_else(cannot_open)?,
            None => user.default_database.as_deref().and_then(find).unwrap_or(0),
        };
        let target_name = granted.get(target).cloned().ok_or_else(cannot_open)?;
        let mut databases = Vec::with_capacity(granted.len());
        let mut current = 0;
        for name in &granted {
            match self.database(name) {
                Ok(db) => {
                    if name.eq_ignore_ascii_case(&target_name) {
                        current = databases.len();
                    }
                    databases.push(db);
                }
                Err(e) if name.eq_ignore_ascii_case(&target_name) => {
                    tracing::warn!(database = %name, error = %e, "cannot open database");
                    return Err(SqlError::cannot_open_database(&target_name));
                }
                Err(e) => tracing::warn!(database = %name, error = %e, "skipping database"),
            }
        }
        let mut session = Session::new(
            Arc::clone(&self.config),
            &user.email,
            databases,
            current,
            info,
        );
        if let Some(name) = system {
            session.switch_database(name).map_err(|_| cannot_open())?;
        }
        Ok(session)
    }

    /// The cached database for a granted connection name, built on first use.
    fn database(&self, name: &str) -> Result<Arc<Database>, Error> {
        let conn = self
            .store
            .get_connection(name)
            .map_err(|e| Error::Metastore(e.to_string()))?
            .ok_or_else(|| Error::Metastore(format!("connection '{name}' not found")))?;
        let key = conn.name.to_lowercase();
        let mut cache = self.databases.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((cached, db)) = cache.get(&key) {
            if *cached == conn {
                return Ok(Arc::clone(db));
            }
        }
        let factory = self
            .factories
            .iter()
            .find(|f| f.kind().eq_ignore_ascii_case(&conn.kind))
            .ok_or_else(|| connector::Error::UnknownKind(conn.kind.clone()))?;
        let connector = factory.connect(&ConnectionConfig {
            name: conn.name.clone(),
            kind: conn.kind.clone(),
            api_key: conn.api_key.clone(),
            api_base: conn.api_base.clone(),
        })?;
        let db = Arc::new(Database::new(&conn.name, connector));
        cache.insert(key, (conn, Arc::clone(&db)));
        Ok(db)
    }
}
