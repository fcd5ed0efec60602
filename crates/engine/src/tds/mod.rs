//! The engine behind the TDS server: logins become PAT checks, batches and RPC calls become
//! engine outcomes encoded as TDS tokens (COLMETADATA/ROW through arrow-tds, DONE/ERROR/
//! ENVCHANGE/RETURNVALUE through the server's response writer).

mod frontend;
mod results;
mod return_value;
mod rpc;
mod session;

pub use frontend::TdsFrontend;
