//! Opening the SQLite file: pragmas, migrations, the master-key check value.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, OptionalExtension};

use super::schema;
use crate::crypto::{MasterKey, NONCE_LEN};
use crate::error::{Error, Result};

/// How long a statement waits for another process (an admin command run while the server is
/// up) to release its write lock before failing with SQLITE_BUSY.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const KEY_CHECK_NAME: &str = "master_key_check";
const KEY_CHECK_PLAINTEXT: &[u8] = b"vtds master key check v1";
const KEY_CHECK_AAD: &[u8] = b"vtds/meta/master_key_check";

/// The embedded metadata store: one SQLite connection behind a mutex.
///
/// A single connection is enough: every operation is one or two indexed statements, far
/// shorter than the TDS work around it, and SQLite serialises writers anyway.
pub struct SqliteStore {
    pub(super) conn: Mutex<rusqlite::Connection>,
    pub(super) key: MasterKey,
    path: Option<PathBuf>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, applies migrations, and switches
    /// to WAL so the server's reads don't block behind an admin command's write.
    ///
    /// A new file is created readable by its owner only (Unix): it holds token hashes and
    /// encrypted keys. The master key is not checked here; call
    /// [`SqliteStore::verify_master_key`] to fail fast at startup.
    pub fn open(path: &Path, key: MasterKey) -> Result<Self> {
        create_private_file(path)?;
        let conn = rusqlite::Connection::open(path)?;
        // journal_mode returns the resulting mode as a row, so it can't go through execute.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // NORMAL is durable across application crashes in WAL mode and avoids an fsync per
        // login (last_used_at updates).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn, key, Some(path.to_path_buf()))
    }

    /// A private in-memory database, for tests and throwaway demos.
    pub fn open_in_memory(key: MasterKey) -> Result<Self> {
        Self::init(rusqlite::Connection::open_in_memory()?, key, None)
    }

    fn init(mut conn: rusqlite::Connection, key: MasterKey, path: Option<PathBuf>) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        let has_check: bool = conn
            .query_row(
                "SELECT 1 FROM meta WHERE key = ?1",
                [KEY_CHECK_NAME],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !has_check {
            // The first key to open the file becomes the reference for verify_master_key.
            let (nonce, sealed) = key.seal(KEY_CHECK_PLAINTEXT, KEY_CHECK_AAD)?;
            let mut value = nonce.to_vec();
            value.extend_from_slice(&sealed);
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                params![KEY_CHECK_NAME, value],
            )?;
        }
        Ok(Self {
            conn: Mutex::new(conn),
            key,
            path,
        })
    }

    /// [`Error::Crypto`] unless this store's master key is the one the file was created with.
    /// Without this check a wrong key file only shows up when a query first needs an API key.
    pub fn verify_master_key(&self) -> Result<()> {
        let value: Vec<u8> = self
            .conn()
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [KEY_CHECK_NAME],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::Crypto)?;
        if value.len() < NONCE_LEN {
            return Err(Error::Crypto);
        }
        let (nonce, sealed) = value.split_at(NONCE_LEN);
        let plain = self.key.open(nonce, sealed, KEY_CHECK_AAD)?;
        if plain == KEY_CHECK_PLAINTEXT {
            Ok(())
        } else {
            Err(Error::Crypto)
        }
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection. A panic while holding the lock can't leave SQLite inconsistent (an
    /// open transaction rolls back when dropped), so a poisoned mutex is simply reused.
    pub(super) fn conn(&self) -> MutexGuard<'_, rusqlite::Connection> {
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Creates `path` with mode 0600 if it doesn't exist. SQLite gives its `-wal`/`-shm` files the
/// main file's permissions, so this covers them too.
fn create_private_file(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Unix seconds; a clock before 1970 reads as 0 rather than failing a login.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::test_util::new_conn;
    use crate::MetadataStore;

    #[test]
    fn reopening_a_file_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub.db");
        let key = MasterKey::generate();
        let token = {
            let s = SqliteStore::open(&path, key.clone()).unwrap();
            assert_eq!(s.path(), Some(path.as_path()));
            s.create_user("a@b.c").unwrap();
            s.set_default_database("a@b.c", Some("Stripe1")).unwrap();
            s.add_connection(&new_conn("Stripe1", "sk_test_reopen"))
                .unwrap();
            s.grant("a@b.c", "Stripe1").unwrap();
            s.create_token("a@b.c").unwrap().token
        };
        let s = SqliteStore::open(&path, key).unwrap();
        s.verify_master_key().unwrap();
        let u = s.verify_login("a@b.c", &token).unwrap().unwrap();
        assert_eq!(u.default_database.as_deref(), Some("Stripe1"));
        assert_eq!(s.granted_connections("a@b.c").unwrap(), ["Stripe1"]);
        assert_eq!(
            s.get_connection("Stripe1").unwrap().unwrap().api_key,
            "sk_test_reopen"
        );
        assert_eq!(s.list_users().unwrap().len(), 1);
    }

    #[test]
    fn file_store_uses_wal_and_private_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let s = SqliteStore::open(&path, MasterKey::generate()).unwrap();
        let mode: String = s
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode.to_lowercase(), "wal");
        let fk: i64 = s
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let m = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(m & 0o777, 0o600, "{m:o}");
        }
    }

    #[test]
    fn open_fails_cleanly_for_a_bad_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("m.db");
        assert!(matches!(
            SqliteStore::open(&path, MasterKey::generate()),
            Err(Error::Io(_))
        ));
    }

    #[test]
    fn debug_shows_no_key() {
        let key = MasterKey::from_bytes([0x5A; 32]);
        let s = SqliteStore::open_in_memory(key.clone()).unwrap();
        let text = format!("{s:?}");
        assert!(!text.to_lowercase().contains("5a5a"), "{text}");
        assert!(!text.contains(&key.to_hex()));
    }

    #[test]
    fn usable_from_several_threads() {
        let s = std::sync::Arc::new(SqliteStore::open_in_memory(MasterKey::generate()).unwrap());
        s.create_user("a@b.c").unwrap();
        let t = s.create_token("a@b.c").unwrap().token;
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (s, t) = (s.clone(), t.clone());
                std::thread::spawn(move || {
                    (0..50).all(|_| s.verify_login("a@b.c", &t).unwrap().is_some())
                })
            })
            .collect();
        for h in handles {
            assert!(h.join().unwrap());
        }
    }
}
