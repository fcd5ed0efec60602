//! The engine behind the TDS server: logins become PAT checks, batches become engine outcomes
//! encoded as TDS tokens (COLMETADATA/ROW through arrow-tds, DONE/ERROR/ENVCHANGE through the
//! server's response writer).

mod frontend;
mod session;

pub use frontend::TdsFrontend;
