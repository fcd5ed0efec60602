//! The 8-byte packet header and message framing [2.2.3.1].
//!
//! A TDS message travels as one or more packets; only the last carries the EOM status bit. The
//! header's length is big-endian and includes the header itself.

use bytes::{BufMut, BytesMut};

use crate::error::{Error, Result};

/// Size of the packet header.
pub const HEADER_LEN: usize = 8;
/// Smallest packet size a client may negotiate [2.2.6.4].
pub const MIN_PACKET_SIZE: u32 = 512;
/// Largest packet size a client may negotiate [2.2.6.4].
pub const MAX_PACKET_SIZE: u32 = 32767;
/// The packet size used before LOGIN7 has negotiated one, and when a client asks for 0.
pub const DEFAULT_PACKET_SIZE: u32 = 4096;

/// The message type in byte 0 of the header [2.2.3.1.1]. Unknown values are preserved so the
/// server can log them before closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketType {
    /// 0x01 SQL batch.
    SqlBatch,
    /// 0x02 TDS 4.2/5.0 login (FreeTDS's auto-fallback); rejected.
    PreTds7Login,
    /// 0x03 remote procedure call.
    Rpc,
    /// 0x04 server response (also the PRELOGIN reply).
    TabularResult,
    /// 0x06 cancel the running request [2.2.1.7].
    Attention,
    /// 0x07 bulk load data.
    BulkLoad,
    /// 0x08 federated authentication token.
    FedAuthToken,
    /// 0x0E transaction manager request.
    TransactionManager,
    /// 0x10 TDS 7+ login.
    Login7,
    /// 0x11 SSPI (Windows authentication) message.
    Sspi,
    /// 0x12 PRELOGIN, and the TLS handshake records wrapped in it.
    PreLogin,
    /// Any other value.
    Unknown(u8),
}

impl PacketType {
    /// The type's wire byte.
    pub fn as_u8(self) -> u8 {
        match self {
            PacketType::SqlBatch => 0x01,
            PacketType::PreTds7Login => 0x02,
            PacketType::Rpc => 0x03,
            PacketType::TabularResult => 0x04,
            PacketType::Attention => 0x06,
            PacketType::BulkLoad => 0x07,
            PacketType::FedAuthToken => 0x08,
            PacketType::TransactionManager => 0x0E,
            PacketType::Login7 => 0x10,
            PacketType::Sspi => 0x11,
            PacketType::PreLogin => 0x12,
            PacketType::Unknown(b) => b,
        }
    }
}

impl From<u8> for PacketType {
    fn from(b: u8) -> Self {
        match b {
            0x01 => PacketType::SqlBatch,
            0x02 => PacketType::PreTds7Login,
            0x03 => PacketType::Rpc,
            0x04 => PacketType::TabularResult,
            0x06 => PacketType::Attention,
            0x07 => PacketType::BulkLoad,
            0x08 => PacketType::FedAuthToken,
            0x0E => PacketType::TransactionManager,
            0x10 => PacketType::Login7,
            0x11 => PacketType::Sspi,
            0x12 => PacketType::PreLogin,
            other => PacketType::Unknown(other),
        }
    }
}

/// The status bit field in byte 1 of the header [2.2.3.1.2].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PacketStatus(pub u8);

impl PacketStatus {
    /// Last packet of the message.
    pub const EOM: u8 = 0x01;
    /// The client asks the server to ignore this message (sent after a partial message).
    pub const IGNORE: u8 = 0x02;
    /// Reset the session before running this request (connection pools, go-mssqldb).
    pub const RESET_CONNECTION: u8 = 0x08;
    /// Reset the session but keep its transaction.
    pub const RESET_CONNECTION_SKIP_TRAN: u8 = 0x10;

    /// True when the EOM bit is set.
    pub fn is_eom(self) -> bool {
        self.0 & Self::EOM != 0
    }

    /// True when the IGNORE bit is set.
    pub fn is_ignore(self) -> bool {
        self.0 & Self::IGNORE != 0
    }

    /// True when either reset bit is set; both mean "reset the session first".
    pub fn is_reset(self) -> bool {
        self.0 & (Self::RESET_CONNECTION | Self::RESET_CONNECTION_SKIP_TRAN) != 0
    }
}

/// One packet header [2.2.3.1].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketHeader {
    /// Message type.
    pub ty: PacketType,
    /// Status bits.
    pub status: PacketStatus,
    /// Total packet length including this header (big-endian on the wire).
    pub length: u16,
    /// Server process id; clients send 0, the server fills in the session's SPID.
    pub spid: u16,
    /// Packet number within the message, modulo 256. Clients are not consistent (FreeTDS sends 1
    /// on every packet), so it is never validated.
    pub packet_id: u8,
    /// Unused; always 0.
    pub window: u8,
}

impl PacketHeader {
    /// Decodes the first 8 bytes of `bytes` and checks that the length covers at least the header.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let h = crate::error::slice(bytes, 0, HEADER_LEN, "packet header")?;
        let length = u16::from_be_bytes([h[2], h[3]]);
        if usize::from(length) < HEADER_LEN {
            return Err(Error::InvalidLength {
                what: "packet length",
                value: length.into(),
            });
        }
        Ok(PacketHeader {
            ty: PacketType::from(h[0]),
            status: PacketStatus(h[1]),
            length,
            spid: u16::from_be_bytes([h[4], h[5]]),
            packet_id: h[6],
            window: h[7],
        })
    }

    /// Rejects packets longer than `max` bytes (the negotiated packet size, or a pre-login cap),
    /// before the body is read or allocated.
    pub fn check_max_length(&self, max: usize) -> Result<()> {
        if usize::from(self.length) > max {
            return Err(Error::InvalidLength {
                what: "packet length",
                value: self.length.into(),
            });
        }
        Ok(())
    }

    /// Bytes of payload following the header.
    pub fn payload_len(&self) -> usize {
        usize::from(self.length).saturating_sub(HEADER_LEN)
    }

    /// Appends the 8 header bytes.
    pub fn encode(&self, buf: &mut BytesMut) {
        buf.put_u8(self.ty.as_u8());
        buf.put_u8(self.status.0);
        buf.put_u16(self.length);
        buf.put_u16(self.spid);
        buf.put_u8(self.packet_id);
        buf.put_u8(self.window);
    }
}

/// Appends one packet (header + `payload`). Fails when the packet would exceed the 16-bit length.
pub fn put_packet(
    out: &mut BytesMut,
    ty: PacketType,
    status: u8,
    spid: u16,
    packet_id: u8,
    payload: &[u8],
) -> Result<()> {
    let length = u16::try_from(payload.len() + HEADER_LEN).map_err(|_| Error::InvalidLength {
        what: "packet payload",
        value: payload.len(),
    })?;
    PacketHeader {
        ty,
        status: PacketStatus(status),
        length,
        spid,
        packet_id,
        window: 0,
    }
    .encode(out);
    out.put_slice(payload);
    Ok(())
}

/// Appends `payload` as a whole message: packets of at most `packet_size` bytes (header included),
/// EOM only on the last, packet ids counting up from `*packet_id` modulo 256. An empty payload
/// still produces one (header-only) EOM packet, so the peer always sees the message end.
pub fn put_message(
    out: &mut BytesMut,
    ty: PacketType,
    spid: u16,
    packet_id: &mut u8,
    packet_size: usize,
    payload: &[u8],
) {
    let chunk = packet_size.clamp(HEADER_LEN + 1, usize::from(u16::MAX)) - HEADER_LEN;
    let mut rest = payload;
    loop {
        let take = rest.len().min(chunk);
        let (now, later) = rest.split_at(take);
        let status = if later.is_empty() {
            PacketStatus::EOM
        } else {
            0
        };
        // `chunk` keeps every packet within u16, so this cannot fail; ignore rather than unwrap.
        let _ = put_packet(out, ty, status, spid, *packet_id, now);
        *packet_id = packet_id.wrapping_add(1);
        rest = later;
        if rest.is_empty() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trips() {
        let bytes = [0x12, 0x01, 0x00, 0x2F, 0x00, 0x00, 0x01, 0x00];
        let h = PacketHeader::decode(&bytes).unwrap();
        assert_eq!(h.ty, PacketType::PreLogin);
        assert!(h.status.is_eom());
        assert_eq!(h.length, 47);
        assert_eq!(h.payload_len(), 39);
        let mut out = BytesMut::new();
        h.encode(&mut out);
        assert_eq!(&out[..], &bytes);
    }

    #[test]
    fn rejects_short_and_oversized_lengths() {
        assert!(PacketHeader::decode(&[0x01, 0x01, 0x00, 0x07, 0, 0, 0, 0]).is_err());
        assert!(PacketHeader::decode(&[0x01, 0x01, 0x00]).is_err());
        let h = PacketHeader::decode(&[0x01, 0x01, 0x10, 0x01, 0, 0, 0, 0]).unwrap();
        assert!(h.check_max_length(4096).is_err());
        assert!(h.check_max_length(4097).is_ok());
    }

    #[test]
    fn unknown_types_and_status_bits_are_preserved() {
        assert_eq!(PacketType::from(0x55), PacketType::Unknown(0x55));
        assert_eq!(PacketType::from(0x55).as_u8(), 0x55);
        for b in [1u8, 2, 3, 4, 6, 7, 8, 0x0E, 0x10, 0x11, 0x12] {
            assert_eq!(PacketType::from(b).as_u8(), b);
        }
        assert!(PacketStatus(0x09).is_reset());
        assert!(PacketStatus(0x10).is_reset());
        assert!(!PacketStatus(0x01).is_reset());
        assert!(PacketStatus(0x03).is_ignore());
    }

    #[test]
    fn messages_split_at_packet_size_with_eom_last() {
        let payload: Vec<u8> = (0..20u8).collect();
        let mut out = BytesMut::new();
        let mut id = 255;
        put_message(
            &mut out,
            PacketType::TabularResult,
            51,
            &mut id,
            16,
            &payload,
        );
        // 8 payload bytes per packet: 3 packets of 16, 16, 12 bytes.
        assert_eq!(out.len(), 16 + 16 + 12);
        assert_eq!(&out[..8], &[0x04, 0x00, 0x00, 0x10, 0x00, 0x33, 0xFF, 0x00]);
        assert_eq!(
            &out[16..24],
            &[0x04, 0x00, 0x00, 0x10, 0x00, 0x33, 0x00, 0x00]
        );
        assert_eq!(
            &out[32..40],
            &[0x04, 0x01, 0x00, 0x0C, 0x00, 0x33, 0x01, 0x00]
        );
        assert_eq!(&out[40..], &[16, 17, 18, 19]);
        assert_eq!(id, 2);
    }

    #[test]
    fn empty_message_is_one_eom_packet() {
        let mut out = BytesMut::new();
        let mut id = 1;
        put_message(&mut out, PacketType::TabularResult, 0, &mut id, 4096, &[]);
        assert_eq!(&out[..], &[0x04, 0x01, 0x00, 0x08, 0, 0, 1, 0]);
    }
}
