//! MS-TDS byte formats: packets, PRELOGIN, LOGIN7, requests and response tokens.
//!
//! Pure, synchronous code on `bytes`: no sockets, no TLS, no logging, so every decoder can be
//! fuzzed. Every length read from the peer is checked against the bytes that remain before
//! anything is sliced or allocated; malformed input is an [`Error`], never a panic.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod batch;
pub mod collation;
pub mod error;
pub mod login7;
pub mod packet;
pub mod prelogin;
pub mod rpc;
pub mod tm;
pub mod token;
pub mod types;
pub mod version;
pub mod wire;

pub use error::{Error, Result};
pub use version::TdsVersion;
