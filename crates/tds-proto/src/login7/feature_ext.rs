//! The LOGIN7 FEATUREEXT block (TDS 7.4) [2.2.6.4]: `{FeatureId u8, FeatureDataLen u32 LE, data}*`
//! terminated by 0xFF. The server only needs to know which features were requested, so that
//! FEATUREEXTACK acknowledges nothing the client did not ask for.

use crate::error::{slice, u32_le, Error, Result};

/// Feature ids [2.2.6.4] seen from real clients.
pub mod feature {
    /// Session recovery (SqlClient with ConnectRetryCount > 0). Never acknowledged.
    pub const SESSION_RECOVERY: u8 = 0x01;
    /// Federated authentication (AAD tokens). Never acknowledged.
    pub const FEDAUTH: u8 = 0x02;
    /// Column encryption (Always Encrypted). Never acknowledged.
    pub const COLUMN_ENCRYPTION: u8 = 0x04;
    /// Global transactions. Never acknowledged.
    pub const GLOBAL_TRANSACTIONS: u8 = 0x05;
    /// Azure SQL support. Never acknowledged.
    pub const AZURE_SQL_SUPPORT: u8 = 0x08;
    /// Data classification. Never acknowledged.
    pub const DATA_CLASSIFICATION: u8 = 0x09;
    /// UTF-8 collation support (FreeTDS, tedious, SqlClient request it).
    pub const UTF8_SUPPORT: u8 = 0x0A;
    /// Terminator of the block.
    pub const TERMINATOR: u8 = 0xFF;
}

/// One requested feature: its id and the length of its data (the data itself is not kept: it may
/// hold an access token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureRequest {
    /// Feature id.
    pub id: u8,
    /// Length of the feature's data.
    pub data_len: usize,
}

/// Parses the block starting at `start` in the LOGIN7 payload. A block that runs to the end of
/// the buffer without a terminator is accepted (some clients omit it when the block is last).
pub fn parse_feature_ext(payload: &[u8], start: usize) -> Result<Vec<FeatureRequest>> {
    let mut out = Vec::new();
    let mut pos = start;
    if pos > payload.len() {
        return Err(Error::InvalidLength {
            what: "FEATUREEXT offset",
            value: pos,
        });
    }
    while let Some(&id) = payload.get(pos) {
        if id == feature::TERMINATOR {
            break;
        }
        let len = u32_le(payload, pos + 1, "FEATUREEXT entry")? as usize;
        slice(payload, pos + 5, len, "FEATUREEXT data")?;
        out.push(FeatureRequest { id, data_len: len });
        pos += 5 + len;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_until_the_terminator() {
        let block = [0xEE, 0x0A, 1, 0, 0, 0, 0x01, 0x01, 0, 0, 0, 0, 0xFF, 0x99];
        let f = parse_feature_ext(&block, 1).unwrap();
        assert_eq!(
            f,
            vec![
                FeatureRequest {
                    id: 0x0A,
                    data_len: 1
                },
                FeatureRequest {
                    id: 0x01,
                    data_len: 0
                }
            ]
        );
    }

    #[test]
    fn rejects_lengths_past_the_buffer() {
        assert!(parse_feature_ext(&[0x0A, 9, 0, 0, 0, 1], 0).is_err());
        assert!(parse_feature_ext(&[0x0A, 0xFF, 0xFF, 0xFF, 0xFF], 0).is_err());
        assert!(parse_feature_ext(&[0x0A], 5).is_err());
        assert!(parse_feature_ext(&[0x0A, 0, 0], 0).is_err());
        assert_eq!(parse_feature_ext(&[], 0).unwrap(), vec![]);
    }
}
