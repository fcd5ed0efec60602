//! `Authenticator` and `SessionFactory` over the [`Engine`].

use std::sync::Arc;

use async_trait::async_trait;
use tds_server::{
    Authenticator, LoginRequest, Principal, SessionFactory, SessionHandler, SessionInfo, SqlError,
};

use super::session::TdsSession;
use crate::{Engine, SessionOptions};

/// Connects the TDS server to the engine; one per server, shared by every connection.
pub struct TdsFrontend {
    engine: Arc<Engine>,
}

impl TdsFrontend {
    /// Wraps an engine.
    pub fn new(engine: Arc<Engine>) -> TdsFrontend {
        TdsFrontend { engine }
    }
}

#[async_trait]
impl Authenticator for TdsFrontend {
    async fn authenticate(&self, login: &LoginRequest) -> Result<Principal, SqlError> {
        let user = self
            .engine
            .authenticate(&login.user_name, login.password.expose())?;
        Ok(Principal {
            user_name: user.email,
            default_database: user.default_database,
        })
    }
}

#[async_trait]
impl SessionFactory for TdsFrontend {
    async fn open_session(
        &self,
        principal: &Principal,
        login: &LoginRequest,
        info: &SessionInfo,
    ) -> Result<Box<dyn SessionHandler>, SqlError> {
        let options = SessionOptions {
            spid: info.spid,
            app_name: login.app_name.clone(),
            host_name: login.host_name.clone(),
            client_tds_version: login.client_tds_version,
        };
        // The engine reads only the email and the default database of the user.
        let user = metastore::User {
            id: 0,
            email: principal.user_name.clone(),
            default_database: principal.default_database.clone(),
        };
        let session = self
            .engine
            .open_session(&user, login.database.as_deref(), options)
            .await?;
        Ok(Box::new(TdsSession::new(session)))
    }
}
