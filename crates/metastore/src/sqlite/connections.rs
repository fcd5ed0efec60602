//! Connection rows with their API keys sealed under the master key.

use rusqlite::{params, Connection as Db, Row};

use super::now;
use crate::crypto::MasterKey;
use crate::error::{is_unique_violation, Error, Result};
use crate::types::{Connection, NewConnection};
use crate::validate;

const SELECT: &str = "SELECT id, name, kind, key_nonce, key_sealed, api_base FROM connections";

/// The associated data binds a sealed key to its row's name, kind and API base: someone who
/// can write the file but lacks the master key can neither move a key to another connection
/// nor point it at their own server to capture it — decryption fails instead.
fn aad(name: &str, kind: &str, api_base: Option<&str>) -> Vec<u8> {
    let mut a = b"vtds/connection/v1\0".to_vec();
    for part in [name, kind, api_base.unwrap_or("")] {
        a.extend_from_slice(part.as_bytes());
        a.push(0);
    }
    a
}

pub(super) fn add(db: &Db, key: &MasterKey, c: &NewConnection) -> Result<Connection> {
    validate::name(&c.name, "connection name")?;
    validate::kind(&c.kind)?;
    validate::api_key(&c.api_key)?;
    if let Some(base) = &c.api_base {
        validate::api_base(base)?;
    }
    let (nonce, sealed) = key.seal(
        c.api_key.as_bytes(),
        &aad(&c.name, &c.kind, c.api_base.as_deref()),
    )?;
    match db.execute(
        "INSERT INTO connections (name, kind, key_nonce, key_sealed, api_base, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![c.name, c.kind, &nonce[..], sealed, c.api_base, now()],
    ) {
        Ok(_) => Ok(Connection {
            id: db.last_insert_rowid(),
            name: c.name.clone(),
            kind: c.kind.clone(),
            api_key: c.api_key.clone(),
            api_base: c.api_base.clone(),
        }),
        Err(e) if is_unique_violation(&e) => {
            Err(Error::AlreadyExists(format!("connection {}", c.name)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The row with its key still sealed; decrypted outside the row callback so a crypto
/// failure surfaces as [`Error::Crypto`], not as a SQLite conversion error.
struct SealedRow {
    id: i64,
    name: String,
    kind: String,
    nonce: Vec<u8>,
    sealed: Vec<u8>,
    api_base: Option<String>,
}

fn sealed_row(r: &Row<'_>) -> rusqlite::Result<SealedRow> {
    Ok(SealedRow {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        nonce: r.get(3)?,
        sealed: r.get(4)?,
        api_base: r.get(5)?,
    })
}

fn unseal(key: &MasterKey, row: SealedRow) -> Result<Connection> {
    let plain = key.open(
        &row.nonce,
        &row.sealed,
        &aad(&row.name, &row.kind, row.api_base.as_deref()),
    )?;
    let api_key = String::from_utf8(plain).map_err(|_| Error::Crypto)?;
    Ok(Connection {
        id: row.id,
        name: row.name,
        kind: row.kind,
        api_key,
        api_base: row.api_base,
    })
}

pub(super) fn get(db: &Db, key: &MasterKey, name: &str) -> Result<Option<Connection>> {
    if validate::name(name, "connection name").is_err() {
        return Ok(None);
    }
    // `name` is declared COLLATE NOCASE, so `=` matches any letter case.
    let mut st = db.prepare_cached(&format!("{SELECT} WHERE name = ?1"))?;
    let mut rows = st.query_map([name], sealed_row)?;
    match rows.next() {
        Some(row) => Ok(Some(unseal(key, row?)?)),
        None => Ok(None),
    }
}

pub(super) fn list(db: &Db, key: &MasterKey) -> Result<Vec<Connection>> {
    let mut st = db.prepare_cached(&format!("{SELECT} ORDER BY name"))?;
    let rows = st
        .query_map([], sealed_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|r| unseal(key, r)).collect()
}

#[cfg(test)]
mod tests {
    use crate::sqlite::test_util::{file_bytes_contain, new_conn, store};
    use crate::{Error, MasterKey, MetadataStore, SqliteStore};

    const KEY: &str = "sk_test_51VerySecretKeyMaterial0123456789";

    #[test]
    fn add_get_list_round_trip() {
        let s = store();
        let c = s.add_connection(&new_conn("Stripe1", KEY)).unwrap();
        assert_eq!(c.name, "Stripe1");
        assert_eq!(c.api_key, KEY);
        let got = s.get_connection("STRIPE1").unwrap().unwrap();
        assert_eq!(got, c);
        assert_eq!(s.get_connection("stripe2").unwrap(), None);
        assert_eq!(s.get_connection("bad-name").unwrap(), None);
        let mut sim = new_conn("Sim", "rk_test_other");
        sim.api_base = Some("http://127.0.0.1:12111".into());
        s.add_connection(&sim).unwrap();
        let all = s.list_connections().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].name, "Sim");
        assert_eq!(all[0].api_key, "rk_test_other");
        assert_eq!(all[0].api_base.as_deref(), Some("http://127.0.0.1:12111"));
        assert_eq!(all[1], c);
    }

    #[test]
    fn validation() {
        let s = store();
        s.add_connection(&new_conn("Stripe1", KEY)).unwrap();
        assert!(matches!(
            s.add_connection(&new_conn("stripe1", KEY)),
            Err(Error::AlreadyExists(_))
        ));
        let err = s
            .add_connection(&new_conn("Pk", "pk_test_PublishableSecret"))
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)));
        let msg = err.to_string();
        assert!(
            msg.contains("publishable") && !msg.contains("PublishableSecret"),
            "{msg}"
        );
        assert!(s.add_connection(&new_conn("a-b", KEY)).is_err());
        assert!(s.add_connection(&new_conn("", KEY)).is_err());
        let mut other = new_conn("Pg", KEY);
        other.kind = "postgres".into();
        assert!(matches!(s.add_connection(&other), Err(Error::Invalid(_))));
        let mut bad_base = new_conn("B", KEY);
        bad_base.api_base = Some("localhost:1".into());
        assert!(matches!(
            s.add_connection(&bad_base),
            Err(Error::Invalid(_))
        ));
    }

    #[test]
    fn key_encrypted_at_rest_and_wrong_master_key_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.db");
        let key = MasterKey::generate();
        {
            let s = SqliteStore::open(&path, key.clone()).unwrap();
            s.add_connection(&new_conn("Stripe1", KEY)).unwrap();
            assert!(!file_bytes_contain(&path, KEY.as_bytes()));
            assert!(!file_bytes_contain(&path, b"VerySecretKeyMaterial"));
            assert!(file_bytes_contain(&path, b"Stripe1"));
        }
        let wrong = SqliteStore::open(&path, MasterKey::generate()).unwrap();
        assert!(matches!(
            wrong.get_connection("Stripe1"),
            Err(Error::Crypto)
        ));
        assert!(matches!(wrong.list_connections(), Err(Error::Crypto)));
        assert!(matches!(wrong.verify_master_key(), Err(Error::Crypto)));
        drop(wrong);
        let right = SqliteStore::open(&path, key).unwrap();
        right.verify_master_key().unwrap();
        assert_eq!(
            right.get_connection("stripe1").unwrap().unwrap().api_key,
            KEY
        );
    }

    #[test]
    fn tampering_with_row_metadata_breaks_decryption() {
        let s = store();
        s.add_connection(&new_conn("Stripe1", KEY)).unwrap();
        s.add_connection(&new_conn("Stripe2", "sk_test_two"))
            .unwrap();
        // Redirecting a key to another server must not yield the key.
        s.conn()
            .execute(
                "UPDATE connections SET api_base = 'https://evil.example' WHERE name = 'Stripe1'",
                [],
            )
            .unwrap();
        assert!(matches!(s.get_connection("Stripe1"), Err(Error::Crypto)));
        // Nor may a sealed key be moved onto another row.
        s.conn()
            .execute(
                "UPDATE connections SET (key_nonce, key_sealed) =
                   (SELECT key_nonce, key_sealed FROM connections WHERE name = 'Stripe1')
                 WHERE name = 'Stripe2'",
                [],
            )
            .unwrap();
        assert!(matches!(s.get_connection("Stripe2"), Err(Error::Crypto)));
    }

    #[test]
    fn new_store_verifies_its_own_key() {
        let s = store();
        s.verify_master_key().unwrap();
        let c = s.add_connection(&new_conn("X", KEY)).unwrap();
        let text = format!("{c:?} {:?}", new_conn("X", KEY));
        assert!(!text.contains("VerySecret"), "{text}");
    }
}
