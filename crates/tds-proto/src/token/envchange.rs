//! ENVCHANGE (0xE3) [2.2.7.9]: `Length u16`, `Type u8`, new value, old value.
//!
//! String types carry B_VARCHAR values; collation and transaction types carry B_VARBYTE values.
//! tiberius parses the packet-size values as numbers (so the old value must be numeric too) and
//! rejects unknown types, so only the types below are ever sent.

use bytes::{BufMut, BytesMut};

use super::token_type;
use crate::wire::put_b_varchar;

/// ENVCHANGE type codes [2.2.7.9].
pub mod env_type {
    /// Database.
    pub const DATABASE: u8 = 1;
    /// Language.
    pub const LANGUAGE: u8 = 2;
    /// Packet size.
    pub const PACKET_SIZE: u8 = 4;
    /// SQL collation.
    pub const SQL_COLLATION: u8 = 7;
    /// Begin transaction.
    pub const BEGIN_TRANSACTION: u8 = 8;
    /// Commit transaction.
    pub const COMMIT_TRANSACTION: u8 = 9;
    /// Rollback transaction.
    pub const ROLLBACK_TRANSACTION: u8 = 10;
    /// Reset connection acknowledgement.
    pub const RESET_CONNECTION_ACK: u8 = 18;
}

/// One environment change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvChange {
    /// Current database changed (login, `USE`).
    Database {
        /// New database.
        new: String,
        /// Previous database.
        old: String,
    },
    /// Language changed.
    Language {
        /// New language.
        new: String,
        /// Previous language.
        old: String,
    },
    /// Negotiated packet size; sent as decimal strings.
    PacketSize {
        /// New size.
        new: u32,
        /// Previous size.
        old: u32,
    },
    /// The session's default collation (5 bytes); the old value is sent empty, as SQL Server does.
    SqlCollation([u8; 5]),
    /// A transaction started; the descriptor clients echo in ALL_HEADERS.
    BeginTransaction([u8; 8]),
    /// The transaction with this descriptor committed.
    CommitTransaction([u8; 8]),
    /// The transaction with this descriptor rolled back.
    RollbackTransaction([u8; 8]),
    /// Acknowledges a RESETCONNECTION request.
    ResetConnectionAck,
}

fn put_b_varbyte(buf: &mut BytesMut, bytes: &[u8]) {
    // Callers pass at most 8 bytes.
    buf.put_u8(bytes.len() as u8);
    buf.put_slice(bytes);
}

impl EnvChange {
    /// Appends the token.
    pub fn encode(&self, buf: &mut BytesMut) {
        let mut body = BytesMut::with_capacity(32);
        match self {
            EnvChange::Database { new, old } => {
                body.put_u8(env_type::DATABASE);
                put_b_varchar(&mut body, new);
                put_b_varchar(&mut body, old);
            }
            EnvChange::Language { new, old } => {
                body.put_u8(env_type::LANGUAGE);
                put_b_varchar(&mut body, new);
                put_b_varchar(&mut body, old);
            }
            EnvChange::PacketSize { new, old } => {
                body.put_u8(env_type::PACKET_SIZE);
                put_b_varchar(&mut body, &new.to_string());
                put_b_varchar(&mut body, &old.to_string());
            }
            EnvChange::SqlCollation(collation) => {
                body.put_u8(env_type::SQL_COLLATION);
                put_b_varbyte(&mut body, collation);
                put_b_varbyte(&mut body, &[]);
            }
            EnvChange::BeginTransaction(desc) => {
                body.put_u8(env_type::BEGIN_TRANSACTION);
                put_b_varbyte(&mut body, desc);
                put_b_varbyte(&mut body, &[]);
            }
            EnvChange::CommitTransaction(desc) => {
                body.put_u8(env_type::COMMIT_TRANSACTION);
                put_b_varbyte(&mut body, &[]);
                put_b_varbyte(&mut body, desc);
            }
            EnvChange::RollbackTransaction(desc) => {
                body.put_u8(env_type::ROLLBACK_TRANSACTION);
                put_b_varbyte(&mut body, &[]);
                put_b_varbyte(&mut body, desc);
            }
            EnvChange::ResetConnectionAck => {
                body.put_u8(env_type::RESET_CONNECTION_ACK);
                put_b_varbyte(&mut body, &[]);
                put_b_varbyte(&mut body, &[]);
            }
        }
        buf.put_u8(token_type::ENVCHANGE);
        // Two B_VARCHARs of ≤ 255 units plus the type byte: at most 1021 bytes.
        buf.put_u16_le(body.len() as u16);
        buf.put_slice(&body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collation::DEFAULT_COLLATION;

    fn enc(e: EnvChange) -> Vec<u8> {
        let mut b = BytesMut::new();
        e.encode(&mut b);
        b.to_vec()
    }

    #[test]
    fn database_change() {
        let bytes = enc(EnvChange::Database {
            new: "S1".into(),
            old: "master".into(),
        });
        let mut expected = vec![0xE3, 19, 0, 1, 2, b'S', 0, b'1', 0, 6];
        for c in "master".bytes() {
            expected.extend_from_slice(&[c, 0]);
        }
        assert_eq!(bytes, expected);
    }

    #[test]
    fn packet_size_is_decimal_text() {
        let bytes = enc(EnvChange::PacketSize {
            new: 8000,
            old: 4096,
        });
        assert_eq!(
            bytes,
            vec![
                0xE3, 19, 0, 4, 4, b'8', 0, b'0', 0, b'0', 0, b'0', 0, 4, b'4', 0, b'0', 0, b'9',
                0, b'6', 0
            ]
        );
    }

    #[test]
    fn collation_has_empty_old_value() {
        let bytes = enc(EnvChange::SqlCollation(DEFAULT_COLLATION));
        assert_eq!(
            bytes,
            vec![0xE3, 8, 0, 7, 5, 0x09, 0x04, 0xD0, 0x00, 0x34, 0]
        );
    }

    #[test]
    fn transactions_and_reset() {
        let d = [1, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            enc(EnvChange::BeginTransaction(d)),
            vec![0xE3, 11, 0, 8, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            enc(EnvChange::CommitTransaction(d)),
            vec![0xE3, 11, 0, 9, 0, 8, 1, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(enc(EnvChange::RollbackTransaction(d))[3], 10);
        assert_eq!(
            enc(EnvChange::ResetConnectionAck),
            vec![0xE3, 3, 0, 18, 0, 0]
        );
    }
}
