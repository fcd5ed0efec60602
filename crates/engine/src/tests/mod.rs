//! Engine tests without sockets: a fake connector and SQL tables driven through sessions.

mod client_replay;
mod engine_login;
pub(crate) mod fake;
pub(crate) mod harness;
mod rpc_params;
mod sql_builtins;
mod sql_catalog;
mod sql_collation_order;
mod sql_control;
mod sql_identity;
mod sql_json;
mod sql_session;
mod sql_sizes_and_formats;
mod sql_sp_tables;
mod sql_system_databases;
mod sql_table_vars;
mod sql_tables;
mod sql_tds_fdw;
mod sql_type_rules;
