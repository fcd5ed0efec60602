//! Encoder tests: type mapping, version downgrades, byte-exact rows.

mod decode;
mod mapping;
mod rows;
