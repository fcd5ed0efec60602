//! Versioned schema migrations, applied in order at open.
//!
//! Each migration runs in its own transaction together with its row in `schema_migrations`,
//! so a crash mid-upgrade leaves the file at the previous version. Migrations are append-only:
//! never edit one that has shipped, add the next number instead.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

/// `(version, description, SQL)`.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "users, tokens, connections, grants, meta",
        "
        CREATE TABLE users (
            id               INTEGER PRIMARY KEY,
            email            TEXT NOT NULL UNIQUE,   -- lower-cased
            default_database TEXT,
            created_at       INTEGER NOT NULL
        );
        CREATE TABLE tokens (
            id            INTEGER PRIMARY KEY,
            user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            lookup        TEXT NOT NULL,             -- first 16 hex chars of token_sha256
            token_sha256  TEXT NOT NULL,             -- hex SHA-256 of the token; never the token
            created_at    INTEGER NOT NULL,
            last_used_at  INTEGER,
            revoked       INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX tokens_lookup ON tokens(lookup);
        CREATE INDEX tokens_user ON tokens(user_id);
        CREATE TABLE connections (
            id            INTEGER PRIMARY KEY,
            name          TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- names are ASCII-only
            kind          TEXT NOT NULL,
            key_nonce     BLOB NOT NULL,
            key_sealed    BLOB NOT NULL,             -- ChaCha20-Poly1305 ciphertext + tag
            api_base      TEXT,
            created_at    INTEGER NOT NULL
        );
        CREATE TABLE grants (
            user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
            created_at    INTEGER NOT NULL,
            PRIMARY KEY (user_id, connection_id)
        ) WITHOUT ROWID;
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value BLOB NOT NULL
        ) WITHOUT ROWID;
        ",
    ),
    (
        2,
        "query log",
        "
        CREATE TABLE query_log (
            id          INTEGER PRIMARY KEY,
            started_at  INTEGER NOT NULL,
            email       TEXT NOT NULL,
            database    TEXT,
            sql         TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            row_count   INTEGER,
            error       TEXT
        );
        CREATE INDEX query_log_started ON query_log(started_at);
        ",
    ),
];

/// The newest schema version this build understands.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the schema up to [`latest_version`]. Refuses a file written by a newer vtds rather
/// than guessing at tables it doesn't know.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at  INTEGER NOT NULL
        )",
    )?;
    let current: i64 = conn
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or(0);
    if current > latest_version() {
        return Err(Error::Invalid(format!(
            "metadata database schema version {current} is newer than this vtds supports ({})",
            latest_version()
        )));
    }
    for (version, description, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)",
            params![version, description, super::now()],
        )?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(conn: &Connection) -> Vec<i64> {
        let mut st = conn
            .prepare("SELECT version FROM schema_migrations ORDER BY version")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn migrates_once_and_is_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let want: Vec<i64> = (1..=latest_version()).collect();
        assert_eq!(versions(&conn), want);
        migrate(&mut conn).unwrap();
        assert_eq!(versions(&conn), want);
    }

    #[test]
    fn refuses_newer_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?1, 'future', 0)",
            [latest_version() + 1],
        )
        .unwrap();
        assert!(matches!(migrate(&mut conn), Err(Error::Invalid(_))));
    }
}
