//! T-SQL sessions on DataFusion: parse with sqlparser's `MsSqlDialect`, rewrite, answer session
//! statements with hooks, resolve names against the SQL Server catalog, plan and stream results.
//!
//! The TDS adapter drives an [`Engine`]: [`Engine::authenticate`] at login,
//! [`Engine::open_session`] for the connection, then [`Session::run_batch`] per SQL batch, pulling
//! [`Outcome`]s one at a time. No TDS bytes are produced here.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod batch;
mod catalog;
mod config;
mod context;
mod engine;
mod error;
mod execute;
mod hooks;
mod outcome;
mod parse;
pub mod procs;
mod rewrite;
mod rpc;
mod session;
mod state;
pub mod tds;

#[cfg(test)]
mod tests;

pub use batch::BatchRun;
pub use config::{EngineConfig, SessionOptions};
pub use engine::Engine;
pub use error::{classify_error, Error, Result};
pub use outcome::Outcome;
pub use session::Session;
