//! T-SQL sessions: sqlparser MsSqlDialect, rewrites, hooks, catalog, DataFusion execution.
