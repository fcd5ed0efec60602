//! One session per TDS connection: its databases, SET state and DataFusion context.

use std::sync::Arc;

use datafusion::common::ScalarValue;
use datafusion::execution::context::SessionContext;
use sqlparser::ast::{Statement, Use};
use tds_server::{ErrorKind, SqlError};

use crate::batch::BatchRun;
use crate::catalog::{schema_ids, system_databases, Database, Resolver};
use crate::config::{EngineConfig, SessionOptions};
use crate::context::new_context;
use crate::execute::run_query;
use crate::hooks::locals::Locals;
use crate::hooks::table_vars::TableVars;
use crate::hooks::{set, transaction};
use crate::outcome::Outcome;
use crate::parse::parse_batch;
use crate::rpc::declare::Declared;
use crate::state::{SessionInfo, Settings};

/// A T-SQL session: created by `Engine::open_session`, used by one connection at a time.
pub struct Session {
    databases: Vec<Arc<Database>>,
    current: usize,
    info: Arc<SessionInfo>,
    ctx: SessionContext,
    options: SessionOptions,
    locals: Locals,
    table_vars: TableVars,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("spid", &self.options.spid)
            .field("login", &self.info.login)
            .field("database", &self.database())
            .finish()
    }
}

impl Session {
    /// A session for `login` on `databases[current]`; `databases` are all the login may use.
    pub(crate) fn new(
        config: Arc<EngineConfig>,
        login: &str,
        databases: Vec<Arc<Database>>,
        current: usize,
        options: SessionOptions,
    ) -> Session {
        let names: Arc<[String]> = databases.iter().map(|d| d.name.clone()).collect();
        let current = current.min(databases.len().saturating_sub(1));
        // The system databases follow the Stripe ones: `USE master` and `master.sys.…` reach
        // them, while `databases[current]` indexes stay as the caller gave them.
        let mut databases = databases;
        for system in system_databases() {
            if !databases
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&system.name))
            {
                databases.push(Arc::clone(system));
            }
        }
        let database = databases
            .get(current)
            .map(|d| d.name.clone())
            .unwrap_or_default();
        let info = Arc::new(SessionInfo::new(
            config,
            options.spid,
            login.to_string(),
            options.app_name.clone(),
            options.host_name.clone(),
            names,
            database,
        ));
        if let Some(db) = databases.get(current) {
            info.write().schemas = schema_ids(db);
        }
        let ctx = new_context(&info, &databases);
        Session {
            databases,
            current,
            info,
            ctx,
            options,
            locals: Locals::default(),
            table_vars: TableVars::default(),
        }
    }

    /// The current database (canonical spelling).
    pub fn database(&self) -> &str {
        self.databases
            .get(self.current)
            .map_or("", |d| d.name.as_str())
    }

    /// The login (email) of the session.
    pub fn login(&self) -> &str {
        &self.info.login
    }

    /// Whether `SET NOCOUNT ON` is in effect (the adapter then leaves DONE_COUNT off).
    pub fn nocount(&self) -> bool {
        self.info.read().settings.nocount
    }

    /// Runs a batch. The whole batch is parsed first: a syntax error yields a single
    /// `Outcome::Error` (102/156) and nothing runs, as SQL Server compiles a batch before
    /// running it.
    pub fn run_batch(&mut self, sql: &str) -> BatchRun<'_> {
        let parsed = parse_batch(sql);
        BatchRun::new(self, parsed)
    }

    /// Runs already-parsed statements (or the parse error) as one batch, with `variables`
    /// declared before the first statement; the RPC procedures use it after binding parameter
    /// values into the statements (the variables are the call's OUTPUT parameters).
    pub(crate) fn run_statements_with(
        &mut self,
        parsed: Result<Vec<Statement>, SqlError>,
        variables: Vec<(Declared, ScalarValue)>,
    ) -> BatchRun<'_> {
        BatchRun::with_variables(self, parsed, variables)
    }

    /// Sets `@@TRANCOUNT` from the protocol layer (transaction manager requests).
    pub fn set_trancount(&mut self, level: i32) {
        self.info.write().trancount = level.max(0);
    }

    /// RESETCONNECTION: SET options back to defaults, temp tables dropped, no open transaction.
    pub fn reset(&mut self) {
        {
            let mut d = self.info.write();
            d.settings = Settings::default();
            d.trancount = 0;
        }
        self.ctx = new_context(&self.info, &self.databases);
    }

    /// State shared with the session's UDFs and variables.
    pub(crate) fn info(&self) -> &Arc<SessionInfo> {
        &self.info
    }

    /// The DataFusion context (catalogs, functions, temp tables).
    pub(crate) fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// The running batch's local variables.
    pub(crate) fn locals(&self) -> &Locals {
        &self.locals
    }

    /// The running batch's local variables, to declare and assign.
    pub(crate) fn locals_mut(&mut self) -> &mut Locals {
        &mut self.locals
    }

    /// The running batch's table variables.
    pub(crate) fn table_vars(&self) -> &TableVars {
        &self.table_vars
    }

    /// The running batch's table variables, to declare and fill.
    pub(crate) fn table_vars_mut(&mut self) -> &mut TableVars {
        &mut self.table_vars
    }

    /// A batch starts: the previous batch's variables and table variables are gone.
    pub(crate) fn begin_batch(&mut self) {
        self.locals.clear();
        self.table_vars.clear(&self.ctx);
    }

    /// Name resolution against the session's databases.
    pub(crate) fn resolver(&self) -> Resolver<'_> {
        let current = self.databases.get(self.current).map(|d| d.as_ref());
        Resolver::new(&self.databases, current)
    }

    /// Runs one statement to its outcome.
    pub(crate) async fn run_statement(&mut self, stmt: Statement) -> Outcome {
        let result = match stmt {
            Statement::Query(_) => run_query(self, stmt).await,
            Statement::Set(s) => {
                set::apply(&s, &mut self.info.write().settings).map(|()| Outcome::Done {
                    rows_affected: None,
                })
            }
            Statement::Use(u) => self.use_database(&u),
            Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Rollback { .. } => {
                transaction::apply(&stmt, &mut self.info.write());
                Ok(Outcome::Done {
                    rows_affected: None,
                })
            }
            Statement::Execute {
                name: Some(name),
                parameters,
                ..
            } => crate::procs::exec_statement(self, &name, &parameters),
            other => Err(SqlError::new(
                ErrorKind::NotSupported,
                format!(
                    "This statement is not supported by vtds yet: {}",
                    first_words(&other)
                ),
            )),
        };
        result.unwrap_or_else(Outcome::Error)
    }

    fn use_database(&mut self, u: &Use) -> Result<Outcome, SqlError> {
        let name = match u {
            Use::Object(n) | Use::Database(n) | Use::Catalog(n) => {
                n.0.last()
                    .and_then(|p| p.as_ident())
                    .map(|i| i.value.clone())
                    .unwrap_or_default()
            }
            _ => String::new(),
        };
        self.switch_database(&name)
    }

    /// Makes `name` (any case) the current database; 911 if the session has no such database.
    pub(crate) fn switch_database(&mut self, name: &str) -> Result<Outcome, SqlError> {
        let Some(index) = self
            .databases
            .iter()
            .position(|d| d.name.eq_ignore_ascii_case(name))
        else {
            // SQL Server: 911 for a database that does not exist (ungranted ones look the same).
            return Err(SqlError::new(
                ErrorKind::DatabaseDoesNotExist,
                format!(
                    "Database '{name}' does not exist. Make sure that the name is entered correctly."
                ),
            ));
        };
        let old = self.database().to_string();
        self.current = index;
        let new = self.database().to_string();
        let schemas = schema_ids(&self.databases[index]);
        {
            let mut d = self.info.write();
            d.database = new.clone();
            d.schemas = schemas;
        }
        Ok(Outcome::DatabaseChanged { old, new })
    }
}

/// The statement's leading words, for error text (never the whole text: it may be long).
fn first_words(stmt: &Statement) -> String {
    stmt.to_string()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
