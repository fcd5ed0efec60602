//! Which users may use which connections.

use rusqlite::{params, Connection};

use super::{now, users};
use crate::error::{Error, Result};
use crate::validate;

/// Resolves both ends first so a missing one gets a precise `NotFound`; the insert itself is
/// `OR IGNORE`, which makes granting twice harmless.
pub(super) fn grant(conn: &Connection, email: &str, connection: &str) -> Result<()> {
    let user = users::require(conn, email)?;
    let conn_id = connection_id(conn, connection)?;
    conn.execute(
        "INSERT OR IGNORE INTO grants (user_id, connection_id, created_at) VALUES (?1, ?2, ?3)",
        params![user.id, conn_id, now()],
    )?;
    Ok(())
}

/// Removes a grant; removing one that doesn't exist is fine, a missing user or connection
/// is `NotFound`.
pub(super) fn revoke(conn: &Connection, email: &str, connection: &str) -> Result<()> {
    let user = users::require(conn, email)?;
    let conn_id = connection_id(conn, connection)?;
    conn.execute(
        "DELETE FROM grants WHERE user_id = ?1 AND connection_id = ?2",
        params![user.id, conn_id],
    )?;
    Ok(())
}

pub(super) fn granted(conn: &Connection, email: &str) -> Result<Vec<String>> {
    let user = users::require(conn, email)?;
    let mut st = conn.prepare_cached(
        "SELECT c.name FROM grants g JOIN connections c ON c.id = g.connection_id
         WHERE g.user_id = ?1 ORDER BY c.name",
    )?;
    let names = st
        .query_map([user.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

fn connection_id(conn: &Connection, name: &str) -> Result<i64> {
    let missing = || Error::NotFound(format!("connection {name}"));
    if validate::name(name, "connection name").is_err() {
        return Err(missing());
    }
    let mut st = conn.prepare_cached("SELECT id FROM connections WHERE name = ?1")?;
    let mut rows = st.query_map([name], |r| r.get::<_, i64>(0))?;
    match rows.next() {
        Some(id) => Ok(id?),
        None => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use crate::sqlite::test_util::{new_conn, store};
    use crate::{Error, MetadataStore};

    #[test]
    fn grants_are_idempotent_case_insensitive_and_checked() {
        let s = store();
        s.create_user("a@b.c").unwrap();
        s.create_user("d@e.f").unwrap();
        s.add_connection(&new_conn("Stripe2", "sk_test_2")).unwrap();
        s.add_connection(&new_conn("Stripe1", "sk_test_1")).unwrap();
        assert!(s.granted_connections("a@b.c").unwrap().is_empty());
        s.grant("A@B.C", "stripe2").unwrap();
        s.grant("a@b.c", "STRIPE2").unwrap();
        s.grant("a@b.c", "Stripe1").unwrap();
        assert_eq!(
            s.granted_connections("a@b.c").unwrap(),
            ["Stripe1", "Stripe2"]
        );
        assert!(s.granted_connections("d@e.f").unwrap().is_empty());
        assert!(matches!(
            s.grant("x@y.z", "Stripe1"),
            Err(Error::NotFound(_))
        ));
        assert!(matches!(s.grant("a@b.c", "Nope"), Err(Error::NotFound(_))));
        assert!(matches!(
            s.grant("a@b.c", "bad name"),
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            s.granted_connections("x@y.z"),
            Err(Error::NotFound(_))
        ));
        s.revoke_grant("a@b.c", "stripe2").unwrap();
        s.revoke_grant("a@b.c", "stripe2").unwrap();
        assert_eq!(s.granted_connections("a@b.c").unwrap(), ["Stripe1"]);
    }
}
