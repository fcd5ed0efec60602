//! One module per Stripe resource family, plus the shared identity and word lists.

pub(crate) mod charges;
pub(crate) mod customers;
pub(crate) mod generic;
mod profile;
pub(crate) mod render;
pub(crate) mod test_clocks;
mod words;

/// Fixed "now" of every dataset (2023-11-14T22:13:20Z), so data never depends on the clock.
pub(crate) const END: i64 = 1_700_000_000;
/// Objects are created over the two years before [`END`].
pub(crate) const SPAN_SECONDS: i64 = 2 * 365 * 86_400;
/// Earliest `created` of a generated object.
pub(crate) const START: i64 = END - SPAN_SECONDS;
