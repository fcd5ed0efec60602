//! Stripe tables as DataFusion providers: catalogue, pushdown, paging, rate limits.
