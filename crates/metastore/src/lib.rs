//! Users, personal access tokens, connections and grants in SQLite.
