//! The SQL Server catalog over connectors: one DataFusion catalog per database, our own
//! `INFORMATION_SCHEMA` and `sys` views (SQL Server types and 1-based ordinals, which DataFusion's
//! own information_schema does not have), and case-insensitive name resolution.

mod batch;
mod database;
mod information_schema;
mod provider;
mod resolve;
mod routines;
mod sys;
mod sys_dm;
mod sys_extra;
mod sys_objects;
mod types;

pub(crate) use batch::CASE_INSENSITIVE_KEY;
pub(crate) use database::{
    system_database_id, system_databases, Database, FIRST_USER_DATABASE_ID, SYSTEM_DATABASES,
};
pub(crate) use provider::DatabaseCatalog;
pub(crate) use resolve::Resolver;
pub(crate) use sys::{object_id, schema_ids};
pub(crate) use sys_objects::pk_name;
pub(crate) use types::{column, facts, COLLATION};
