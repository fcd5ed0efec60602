//! Shared helpers for this module's tests.

use std::path::Path;

use crate::{MasterKey, NewConnection, SqliteStore};

pub(crate) fn store() -> SqliteStore {
    SqliteStore::open_in_memory(MasterKey::generate()).unwrap()
}

pub(crate) fn new_conn(name: &str, key: &str) -> NewConnection {
    NewConnection {
        name: name.into(),
        kind: "stripe".into(),
        api_key: key.into(),
        api_base: None,
    }
}

/// Searches the database file and its WAL/SHM companions: with WAL on, fresh rows live in
/// `-wal` until a checkpoint, so checking the main file alone would prove nothing.
pub(crate) fn file_bytes_contain(path: &Path, needle: &[u8]) -> bool {
    let mut names = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        names.push(p.into());
    }
    names
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
}
