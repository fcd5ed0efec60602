//! FEATUREEXTACK (0xAE) [2.2.7.11]: `{FeatureId u8, FeatureAckDataLen u32 LE, data}*` then 0xFF.
//!
//! Only features the client requested *and* the server implements may appear: tiberius
//! `unimplemented!`s on any id but FEDAUTH, SqlClient fails on an unrequested SESSIONRECOVERY ack,
//! tedious rejects acks for unknown features.

use bytes::{BufMut, BytesMut};

use super::token_type;
use crate::login7::feature;

/// One acknowledged feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureAck {
    /// Feature id.
    pub id: u8,
    /// Acknowledgement data.
    pub data: Vec<u8>,
}

impl FeatureAck {
    /// UTF8_SUPPORT acknowledged with 0x01, as SQL Server 2019+ does; the default collation stays
    /// non-UTF-8, so clients keep using the collation from ENVCHANGE.
    pub fn utf8_support() -> Self {
        FeatureAck {
            id: feature::UTF8_SUPPORT,
            data: vec![0x01],
        }
    }
}

/// Appends a FEATUREEXTACK token listing `acks`.
pub fn encode_feature_ext_ack(buf: &mut BytesMut, acks: &[FeatureAck]) {
    buf.put_u8(token_type::FEATUREEXTACK);
    for ack in acks {
        buf.put_u8(ack.id);
        buf.put_u32_le(ack.data.len() as u32);
        buf.put_slice(&ack.data);
    }
    buf.put_u8(feature::TERMINATOR);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_utf8_ack_and_terminator() {
        let mut b = BytesMut::new();
        encode_feature_ext_ack(&mut b, &[FeatureAck::utf8_support()]);
        assert_eq!(&b[..], &[0xAE, 0x0A, 1, 0, 0, 0, 0x01, 0xFF]);
        let mut b = BytesMut::new();
        encode_feature_ext_ack(&mut b, &[]);
        assert_eq!(&b[..], &[0xAE, 0xFF]);
    }
}
