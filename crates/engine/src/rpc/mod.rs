//! RPC procedures for parameterised SQL (sp_executesql and the sp_prepare family): parameter
//! declarations, binding values as literals, and the per-session prepared-statement handles.

mod bind;
pub(crate) mod declare;
mod literal;
mod prepared;
mod procs;

pub(crate) use bind::{final_values, initial_values};
pub(crate) use prepared::Prepared;
pub(crate) use procs::plan_call;
