//! Admin commands: users, tokens, connections and grants, run against the data dir's store.

use std::io::Write;

use anyhow::{Context, Result};
use metastore::{MetadataStore, NewConnection};

use crate::cli::{ConnectionCommand, GrantArgs, TokenCommand, UserCommand};

/// `vtds user …`
pub fn user(store: &dyn MetadataStore, cmd: &UserCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        UserCommand::Add {
            email,
            default_database,
        } => {
            let user = store.create_user(email).context("creating the user")?;
            if let Some(db) = default_database {
                store.set_default_database(&user.email, Some(db))?;
            }
            writeln!(out, "created user {} (id {})", user.email, user.id)?;
            writeln!(out, "next: vtds token create {}", user.email)?;
        }
        UserCommand::List => {
            for u in store.list_users()? {
                let db = u.default_database.as_deref().unwrap_or("-");
                writeln!(out, "{}\t{}\tdefault database: {db}", u.id, u.email)?;
            }
        }
    }
    Ok(())
}

/// `vtds token …`
pub fn token(store: &dyn MetadataStore, cmd: &TokenCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        TokenCommand::Create { email } => {
            let token = store.create_token(email).context("creating the token")?;
            writeln!(out, "token id {} for {email}", token.id)?;
            writeln!(
                out,
                "token (shown once; use it as the SQL password): {}",
                token.token
            )?;
        }
        TokenCommand::Revoke { id } => {
            store.revoke_token(*id).context("revoking the token")?;
            writeln!(out, "revoked token {id}")?;
        }
    }
    Ok(())
}

/// `vtds connection …`
pub fn connection(
    store: &dyn MetadataStore,
    cmd: &ConnectionCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match cmd {
        ConnectionCommand::Add {
            name,
            api_key,
            api_base,
        } => {
            let conn = store
                .add_connection(&NewConnection {
                    name: name.clone(),
                    kind: "stripe".to_string(),
                    api_key: api_key.clone(),
                    api_base: api_base.clone(),
                })
                .context("adding the connection")?;
            writeln!(
                out,
                "created connection {} (database {})",
                conn.id, conn.name
            )?;
            writeln!(out, "next: vtds grant <email> {}", conn.name)?;
        }
        ConnectionCommand::List => {
            for c in store.list_connections()? {
                let base = c.api_base.as_deref().unwrap_or("https://api.stripe.com");
                writeln!(out, "{}\t{}\t{}\t{base}", c.id, c.name, c.kind)?;
            }
        }
    }
    Ok(())
}

/// `vtds grant EMAIL CONNECTION`
pub fn grant(store: &dyn MetadataStore, args: &GrantArgs, out: &mut dyn Write) -> Result<()> {
    store
        .grant(&args.email, &args.connection)
        .context("granting access")?;
    writeln!(
        out,
        "{} may now open database {}",
        args.email, args.connection
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use metastore::{MasterKey, SqliteStore};

    #[test]
    fn token_create_prints_the_token_once_and_it_logs_in() {
        let store = SqliteStore::open_in_memory(MasterKey::generate()).unwrap();
        let mut out = Vec::new();
        user(
            &store,
            &UserCommand::Add {
                email: "ann@example.com".into(),
                default_database: None,
            },
            &mut out,
        )
        .unwrap();
        let mut out = Vec::new();
        token(
            &store,
            &TokenCommand::Create {
                email: "ann@example.com".into(),
            },
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let printed = text.lines().last().unwrap().rsplit(' ').next().unwrap();
        assert!(store
            .verify_login("ann@example.com", printed)
            .unwrap()
            .is_some());
    }

    #[test]
    fn connection_list_never_prints_keys() {
        let store = SqliteStore::open_in_memory(MasterKey::generate()).unwrap();
        let cmd = ConnectionCommand::Add {
            name: "Stripe1".into(),
            api_key: "sk_test_0123456789abcdef".into(),
            api_base: None,
        };
        let mut out = Vec::new();
        connection(&store, &cmd, &mut out).unwrap();
        connection(&store, &ConnectionCommand::List, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Stripe1"));
        assert!(!text.contains("sk_test_0123456789abcdef"), "{text}");
    }
}
