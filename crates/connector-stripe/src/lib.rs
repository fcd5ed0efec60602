//! Stripe tables as DataFusion providers: catalogue, pushdown, paging, rate limits.
//!
//! The engine creates one [`StripeConnector`] per configured database through
//! [`StripeConnectorFactory`]; each table is a [`StripeTable`] whose scans are [`StripeScanExec`]
//! plans. What a filter becomes is decided in one place, [`classify`]. Errors reach DataFusion
//! as `DataFusionError::External(Box<Error>)`, so the engine can downcast them to [`Error`].

#![warn(missing_docs)]

pub mod catalogue;
mod client;
mod connector;
mod decode;
mod error;
mod join_keys;
mod plan;
mod pushdown;
mod ratelimit;
mod retry;
mod scan;
mod search;
mod search_fields;
mod stream;
mod table;
mod walks;

#[cfg(test)]
mod test_server;

pub use client::{ClientConfig, ListPage, StripeClient, STRIPE_VERSION};
pub use connector::{
    StripeConnector, StripeConnectorFactory, StripeOptions, DEFAULT_SCAN_CONCURRENCY,
};
pub use decode::decode_objects;
pub use error::{ApiError, ApiErrorCategory, Error, Result};
pub use plan::{Fetch, Parents, ScanRequest, DEFAULT_ROW_ESTIMATE, MAX_PAGE_SIZE};
pub use pushdown::{classify, CreatedRange, Pushdown, MAX_RETRIEVE_IDS};
pub use ratelimit::{RateLimiter, LIVE_REQUESTS_PER_SECOND, TEST_REQUESTS_PER_SECOND};
pub use retry::RetryPolicy;
pub use scan::StripeScanExec;
pub use search::{Clause, SEARCH_REQUESTS_PER_SECOND};
pub use table::StripeTable;
