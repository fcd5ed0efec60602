//! User rows. Emails are stored lower-cased, so equality in SQL is case-insensitive for
//! every script (SQLite's NOCASE only folds ASCII).

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::now;
use crate::error::{is_unique_violation, Error, Result};
use crate::types::User;
use crate::validate;

pub(super) fn user_from_row(r: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        email: r.get(1)?,
        default_database: r.get(2)?,
    })
}

pub(super) fn create(conn: &Connection, email: &str) -> Result<User> {
    let email = validate::email(email)?;
    match conn.execute(
        "INSERT INTO users (email, created_at) VALUES (?1, ?2)",
        params![email, now()],
    ) {
        Ok(_) => Ok(User {
            id: conn.last_insert_rowid(),
            email,
            default_database: None,
        }),
        Err(e) if is_unique_violation(&e) => Err(Error::AlreadyExists(format!("user {email}"))),
        Err(e) => Err(e.into()),
    }
}

pub(super) fn get(conn: &Connection, email: &str) -> Result<Option<User>> {
    let Ok(email) = validate::email(email) else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached("SELECT id, email, default_database FROM users WHERE email = ?1")?
        .query_row([email], user_from_row)
        .optional()?)
}

/// Like [`get`] but an absent user is an error, for operations that need one.
pub(super) fn require(conn: &Connection, email: &str) -> Result<User> {
    get(conn, email)?.ok_or_else(|| Error::NotFound(format!("user {}", email.to_lowercase())))
}

pub(super) fn list(conn: &Connection) -> Result<Vec<User>> {
    let mut st =
        conn.prepare_cached("SELECT id, email, default_database FROM users ORDER BY email")?;
    let users = st
        .query_map([], user_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(users)
}

pub(super) fn set_default_database(
    conn: &Connection,
    email: &str,
    database: Option<&str>,
) -> Result<()> {
    if let Some(db) = database {
        validate::name(db, "database name")?;
    }
    let user = require(conn, email)?;
    conn.execute(
        "UPDATE users SET default_database = ?1 WHERE id = ?2",
        params![database, user.id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::sqlite::test_util::store;
    use crate::{Error, MetadataStore};

    #[test]
    fn create_get_list_and_duplicates() {
        let s = store();
        let u = s.create_user("Alice@Example.com").unwrap();
        assert_eq!(u.email, "alice@example.com");
        assert_eq!(u.default_database, None);
        assert!(matches!(
            s.create_user("ALICE@example.COM"),
            Err(Error::AlreadyExists(_))
        ));
        assert_eq!(s.get_user("aLiCe@EXAMPLE.com").unwrap(), Some(u.clone()));
        assert_eq!(s.get_user("bob@example.com").unwrap(), None);
        assert_eq!(s.get_user("not an email").unwrap(), None);
        assert!(matches!(s.create_user("nope"), Err(Error::Invalid(_))));
        let b = s.create_user("bob@example.com").unwrap();
        assert_ne!(b.id, u.id);
        let emails: Vec<_> = s
            .list_users()
            .unwrap()
            .into_iter()
            .map(|u| u.email)
            .collect();
        assert_eq!(emails, ["alice@example.com", "bob@example.com"]);
    }

    #[test]
    fn default_database() {
        let s = store();
        s.create_user("a@b.c").unwrap();
        s.set_default_database("A@B.C", Some("Stripe1")).unwrap();
        assert_eq!(
            s.get_user("a@b.c")
                .unwrap()
                .unwrap()
                .default_database
                .as_deref(),
            Some("Stripe1")
        );
        s.set_default_database("a@b.c", None).unwrap();
        assert_eq!(s.get_user("a@b.c").unwrap().unwrap().default_database, None);
        assert!(matches!(
            s.set_default_database("a@b.c", Some("bad name")),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            s.set_default_database("x@y.z", Some("Stripe1")),
            Err(Error::NotFound(_))
        ));
    }
}
