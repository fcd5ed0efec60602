//! The metadata store in the data directory, and the master key that encrypts Stripe keys in it.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use metastore::{MasterKey, SqliteStore};

/// File name of the SQLite metadata database inside the data dir.
pub const DB_FILE: &str = "vtds.db";
/// File name of the master key inside the data dir (hex, mode 0600).
pub const KEY_FILE: &str = "master.key";

/// Opens `<data_dir>/<db_file>`, creating the directory and the master key on first use.
/// `VTDS_MASTER_KEY` (hex) overrides the key file, for deployments that keep keys elsewhere.
pub fn open_store(data_dir: &Path, db_file: &str) -> Result<Arc<SqliteStore>> {
    create_private_dir(data_dir)?;
    let key = master_key(data_dir)?;
    let path = data_dir.join(db_file);
    let store = SqliteStore::open(&path, key)
        .with_context(|| format!("opening metadata store {}", path.display()))?;
    Ok(Arc::new(store))
}

fn master_key(data_dir: &Path) -> Result<MasterKey> {
    if let Ok(hex) = std::env::var("VTDS_MASTER_KEY") {
        return MasterKey::from_hex(hex.trim()).context("VTDS_MASTER_KEY is not 64 hex digits");
    }
    let path = data_dir.join(KEY_FILE);
    if path.exists() {
        let text = fs::read_to_string(&path)
            .with_context(|| format!("reading master key {}", path.display()))?;
        return MasterKey::from_hex(text.trim())
            .with_context(|| format!("master key {} is corrupt", path.display()));
    }
    let key = MasterKey::generate();
    write_private(&path, key.to_hex().as_bytes())?;
    Ok(key)
}

/// Creates `dir` (and parents) readable only by the owner.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("restricting {}", dir.display()))?;
    }
    Ok(())
}

/// Writes a secret file created with mode 0600 (never briefly world-readable).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use metastore::MetadataStore;

    #[test]
    fn reopening_uses_the_same_master_key() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        {
            let store = open_store(&data, DB_FILE).unwrap();
            store
                .add_connection(&metastore::NewConnection {
                    name: "Stripe1".into(),
                    kind: "stripe".into(),
                    api_key: "sk_test_abcdefghijklmnop".into(),
                    api_base: None,
                })
                .unwrap();
        }
        let store = open_store(&data, DB_FILE).unwrap();
        let conn = store.get_connection("stripe1").unwrap().unwrap();
        assert_eq!(conn.api_key, "sk_test_abcdefghijklmnop");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(data.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
