//! Personal access token rows and login verification.

use rusqlite::{params, Connection};

use super::{now, users};
use crate::error::{Error, Result};
use crate::token;
use crate::types::{NewToken, TokenInfo, User};
use crate::validate;

/// `last_used_at` is bookkeeping for admins; writing it on every one of tds_fdw's per-query
/// logins would turn each login into a write, so it is refreshed at most this often.
const LAST_USED_RESOLUTION_SECS: i64 = 60;

/// Stores the hash of `secret` for the user and hands the secret back once.
pub(super) fn insert(conn: &Connection, email: &str, secret: String) -> Result<NewToken> {
    let user = users::require(conn, email)?;
    let h = token::hash(&secret);
    conn.execute(
        "INSERT INTO tokens (user_id, lookup, token_sha256, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user.id, h.lookup, h.digest_hex, now()],
    )?;
    Ok(NewToken {
        id: conn.last_insert_rowid(),
        token: secret,
    })
}

pub(super) fn revoke(conn: &Connection, token_id: i64) -> Result<()> {
    let n = conn.execute("UPDATE tokens SET revoked = 1 WHERE id = ?1", [token_id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("token {token_id}")));
    }
    Ok(())
}

/// Every path does the same work (hash, one indexed query) whether or not the email exists,
/// so neither the answer nor its timing tells a client which part was wrong.
pub(super) fn verify(conn: &Connection, email: &str, secret: &str) -> Result<Option<User>> {
    let h = token::hash(secret);
    let email = validate::email(email).ok();
    let mut st = conn.prepare_cached(
        "SELECT t.id, t.token_sha256, t.last_used_at, u.id, u.email, u.default_database
         FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE t.lookup = ?1 AND t.revoked = 0",
    )?;
    let mut rows = st.query([&h.lookup])?;
    let mut found = None;
    while let Some(r) = rows.next()? {
        let stored: String = r.get(1)?;
        // Hash first, unconditionally, then the (public) email.
        let hash_ok = token::digests_equal(&h.digest_hex, &stored);
        let row_email: String = r.get(4)?;
        if hash_ok && email.as_deref() == Some(row_email.as_str()) {
            let user = User {
                id: r.get(3)?,
                email: row_email,
                default_database: r.get(5)?,
            };
            found = Some((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(2)?, user));
        }
    }
    drop(rows);
    let Some((token_id, last_used, user)) = found else {
        return Ok(None);
    };
    let t = now();
    if last_used.is_none_or(|l| t - l >= LAST_USED_RESOLUTION_SECS) {
        // Best effort: a read-only or briefly locked database must not refuse a valid login.
        let _ = conn
            .prepare_cached("UPDATE tokens SET last_used_at = ?1 WHERE id = ?2")
            .and_then(|mut st| st.execute(params![t, token_id]));
    }
    Ok(Some(user))
}

pub(super) fn list(conn: &Connection, email: &str) -> Result<Vec<TokenInfo>> {
    let user = users::require(conn, email)?;
    let mut st = conn.prepare_cached(
        "SELECT id, created_at, last_used_at, revoked FROM tokens WHERE user_id = ?1 ORDER BY id",
    )?;
    let tokens = st
        .query_map([user.id], |r| {
            Ok(TokenInfo {
                id: r.get(0)?,
                email: user.email.clone(),
                created_at: r.get(1)?,
                last_used_at: r.get(2)?,
                revoked: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use crate::sqlite::test_util::{file_bytes_contain, store};
    use crate::{Error, MasterKey, MetadataStore, SqliteStore};
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};

    #[test]
    fn create_verify_wrong_revoked_and_other_user() {
        let s = store();
        s.create_user("alice@example.com").unwrap();
        s.create_user("bob@example.com").unwrap();
        let a = s.create_token("alice@example.com").unwrap();
        let b = s.create_token("bob@example.com").unwrap();
        assert!(a.token.starts_with("vtds_") && a.token.len() == 48);

        let u = s
            .verify_login("ALICE@example.com", &a.token)
            .unwrap()
            .unwrap();
        assert_eq!(u.email, "alice@example.com");
        // Wrong token, tampered token, empty token, unknown user, invalid email.
        assert_eq!(
            s.verify_login("alice@example.com", "vtds_nope").unwrap(),
            None
        );
        let mut tampered = a.token.clone();
        tampered.pop();
        tampered.push(if a.token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(
            s.verify_login("alice@example.com", &tampered).unwrap(),
            None
        );
        assert_eq!(s.verify_login("alice@example.com", "").unwrap(), None);
        assert_eq!(s.verify_login("carol@example.com", &a.token).unwrap(), None);
        assert_eq!(s.verify_login("", &a.token).unwrap(), None);
        // Another user's valid token is not yours.
        assert_eq!(s.verify_login("alice@example.com", &b.token).unwrap(), None);
        assert!(s
            .verify_login("bob@example.com", &b.token)
            .unwrap()
            .is_some());

        // A second token works alongside the first; revoking one leaves the other.
        let a2 = s.create_token("alice@example.com").unwrap();
        s.revoke_token(a.id).unwrap();
        s.revoke_token(a.id).unwrap(); // idempotent
        assert_eq!(s.verify_login("alice@example.com", &a.token).unwrap(), None);
        assert!(s
            .verify_login("alice@example.com", &a2.token)
            .unwrap()
            .is_some());
        assert!(matches!(s.revoke_token(9999), Err(Error::NotFound(_))));
        assert!(matches!(
            s.create_token("nobody@example.com"),
            Err(Error::NotFound(_))
        ));

        let infos = s.list_tokens("alice@example.com").unwrap();
        assert_eq!(infos.len(), 2);
        assert!(infos[0].revoked && !infos[1].revoked);
        assert!(infos[0].last_used_at.is_some(), "set by the first login");
    }

    #[test]
    fn import_token() {
        let s = store();
        s.create_user("demo@example.com").unwrap();
        let t = s
            .import_token("demo@example.com", "demo-token-0123456789")
            .unwrap();
        assert_eq!(t.token, "demo-token-0123456789");
        assert!(s
            .verify_login("demo@example.com", "demo-token-0123456789")
            .unwrap()
            .is_some());
        assert!(matches!(
            s.import_token("demo@example.com", "too-short"),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            s.import_token("x@example.com", "long-enough-token-123"),
            Err(Error::NotFound(_))
        ));
        // The same caller-chosen secret for two users stays bound to each owner.
        s.create_user("other@example.com").unwrap();
        s.import_token("other@example.com", "demo-token-0123456789")
            .unwrap();
        s.revoke_token(t.id).unwrap();
        assert!(s
            .verify_login("demo@example.com", "demo-token-0123456789")
            .unwrap()
            .is_none());
        assert!(s
            .verify_login("other@example.com", "demo-token-0123456789")
            .unwrap()
            .is_some());
    }

    #[test]
    fn token_never_stored_in_plaintext() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.db");
        let s = SqliteStore::open(&path, MasterKey::generate()).unwrap();
        s.create_user("a@b.c").unwrap();
        let t = s.create_token("a@b.c").unwrap();
        s.import_token("a@b.c", "imported-secret-XYZ123").unwrap();
        assert!(s.verify_login("a@b.c", &t.token).unwrap().is_some());

        // Every text and blob column of the table, plus the raw file bytes (main + WAL).
        let conn = s.conn();
        let mut st = conn.prepare("SELECT * FROM tokens").unwrap();
        let ncols = st.column_count();
        let mut rows = st.query([]).unwrap();
        let mut seen = String::new();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..ncols {
                match r.get_ref(i).unwrap() {
                    ValueRef::Text(b) | ValueRef::Blob(b) => {
                        seen.push_str(&String::from_utf8_lossy(b));
                    }
                    other => seen.push_str(&format!("{other:?}")),
                }
                seen.push('|');
            }
        }
        assert!(!seen.contains(&t.token[5..]), "{seen}");
        assert!(!seen.contains("imported-secret"), "{seen}");
        // The scan does see the stored digest, so the checks above can fail.
        assert!(seen.contains(&hex::encode(Sha256::digest(t.token.as_bytes()))));
        drop(rows);
        drop(st);
        drop(conn);
        assert!(!file_bytes_contain(&path, &t.token.as_bytes()[5..]));
        assert!(!file_bytes_contain(&path, b"imported-secret"));
        // Sanity check that the scan can see data at all.
        assert!(file_bytes_contain(&path, b"a@b.c"));
    }
}
