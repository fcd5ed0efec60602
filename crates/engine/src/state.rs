//! Per-session state shared between the session and the functions/variables it registers in
//! DataFusion (`DB_NAME()`, `@@TRANCOUNT`, … read it while a statement is planned).

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::catalog::{system_database_id, FIRST_USER_DATABASE_ID, SYSTEM_DATABASES};
use crate::config::EngineConfig;

/// Which SHOWPLAN mode is on: statements are then described instead of executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Showplan {
    /// Statements execute.
    #[default]
    Off,
    /// `SET SHOWPLAN_ALL ON`: the 18-column plan description (tds_fdw reads EstimateRows).
    All,
    /// `SET SHOWPLAN_TEXT ON`: one StmtText column.
    Text,
}

/// SET options the session tracks (the rest are accepted and ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    /// SHOWPLAN_ALL / SHOWPLAN_TEXT.
    pub showplan: Showplan,
    /// `SET NOCOUNT`: the adapter leaves DONE_COUNT off.
    pub nocount: bool,
    /// `SET FMTONLY`: result sets carry metadata only, nothing is fetched.
    pub fmtonly: bool,
    /// `SET ROWCOUNT n` (0 = unlimited).
    pub rowcount: u64,
    /// `SET TEXTSIZE` (`@@TEXTSIZE`).
    pub textsize: i32,
    /// `SET LANGUAGE` (`@@LANGUAGE`).
    pub language: String,
    /// `SET DATEFIRST` (`@@DATEFIRST`).
    pub datefirst: u8,
    /// `SET LOCK_TIMEOUT` (`@@LOCK_TIMEOUT`).
    pub lock_timeout: i32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            showplan: Showplan::Off,
            nocount: false,
            fmtonly: false,
            rowcount: 0,
            textsize: 4096,
            language: "us_english".to_string(),
            datefirst: 7,
            lock_timeout: -1,
        }
    }
}

/// The parts of the session that change while it runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dynamic {
    /// Current database (canonical name).
    pub database: String,
    /// `@@TRANCOUNT`: BEGIN TRAN nesting, tracked although nothing is transactional.
    pub trancount: i32,
    /// SET options.
    pub settings: Settings,
    /// Schemas of the current database with their `schema_id` (`SCHEMA_NAME(id)`).
    pub schemas: Vec<(String, i64)>,
}

/// Facts about one session.
#[derive(Debug)]
pub(crate) struct SessionInfo {
    /// Server identity.
    pub config: Arc<EngineConfig>,
    /// `@@SPID`.
    pub spid: u16,
    /// Login name (the user's email).
    pub login: String,
    /// `APP_NAME()`.
    pub app_name: String,
    /// `HOST_NAME()`.
    pub host_name: String,
    /// Stripe databases the login may use, in `sys.databases` order (`DB_ID()` = 5 + index;
    /// the system databases come first, see [`SessionInfo::all_databases`]).
    pub databases: Arc<[String]>,
    dynamic: RwLock<Dynamic>,
}

impl SessionInfo {
    /// A session on `database`.
    pub(crate) fn new(
        config: Arc<EngineConfig>,
        spid: u16,
        login: String,
        app_name: String,
        host_name: String,
        databases: Arc<[String]>,
        database: String,
    ) -> Self {
        SessionInfo {
            config,
            spid,
            login,
            app_name,
            host_name,
            databases,
            dynamic: RwLock::new(Dynamic {
                database,
                ..Dynamic::default()
            }),
        }
    }

    /// Reads the changing state; a poisoned lock still holds valid data (writers never panic
    /// mid-update), so it is used as is.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Dynamic> {
        self.dynamic.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the state.
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Dynamic> {
        self.dynamic.write().unwrap_or_else(|e| e.into_inner())
    }

    /// `DB_ID(name)`: the system databases are 1–4, SQL Server numbers user databases from 5.
    pub(crate) fn database_id(&self, name: &str) -> Option<i32> {
        system_database_id(name)
            .or_else(|| {
                self.databases
                    .iter()
                    .position(|d| d.eq_ignore_ascii_case(name))
                    .map(|i| FIRST_USER_DATABASE_ID + i as i64)
            })
            .and_then(|id| i32::try_from(id).ok())
    }

    /// `DB_NAME(id)`.
    pub(crate) fn database_name(&self, id: i64) -> Option<String> {
        self.all_databases()
            .into_iter()
            .find(|(i, _)| *i == id)
            .map(|(_, name)| name)
    }

    /// Every database the session sees, as (`database_id`, name) in `sys.databases` order:
    /// the system databases, then the Stripe ones.
    pub(crate) fn all_databases(&self) -> Vec<(i64, String)> {
        let system = SYSTEM_DATABASES
            .iter()
            .enumerate()
            .map(|(i, name)| (i as i64 + 1, name.to_string()));
        let user = self
            .databases
            .iter()
            .enumerate()
            .map(|(i, name)| (FIRST_USER_DATABASE_ID + i as i64, name.clone()));
        system.chain(user).collect()
    }
}
