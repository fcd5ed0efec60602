//! Statement hooks answered by the session itself (SET, transactions, SHOWPLAN) and the
//! DataFusion extensions a session registers (system variables, UDFs, planners).

pub(crate) mod avg;
pub(crate) mod coalesce;
pub(crate) mod collation;
mod collation_group;
pub(crate) mod control;
pub(crate) mod datalength;
pub(crate) mod datetime_literals;
pub(crate) mod format;
pub(crate) mod functions;
pub(crate) mod implicit;
pub(crate) mod json;
pub(crate) mod json_raw;
pub(crate) mod locals;
pub(crate) mod number_format;
pub(crate) mod object_id;
pub(crate) mod openjson;
pub(crate) mod planner;
pub(crate) mod serverproperty;
pub(crate) mod set;
pub(crate) mod showplan;
pub(crate) mod table_vars;
pub(crate) mod transaction;
pub(crate) mod variables;
