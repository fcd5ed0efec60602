//! RPC requests [2.2.6.6]: procedure calls with typed parameters (sp_executesql, sp_prepare,
//! sp_execute, … and procedures by name).

mod param_type;
mod reader;
mod request;
mod value;

#[cfg(test)]
mod tests;

pub use param_type::{type_code, ParamType};
pub use request::{ProcId, ProcRef, RpcCall, RpcParam, RpcRequest, STATUS_BY_REF, STATUS_DEFAULT};
pub use value::ParamValue;

pub(crate) use reader::Reader;
