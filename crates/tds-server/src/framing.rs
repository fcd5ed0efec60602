//! Reading TDS packets and messages from a byte stream, with every length checked before the
//! body is read or allocated [2.2.3].

use std::io;

use bytes::BytesMut;
use tds_proto::packet::{PacketHeader, PacketType, HEADER_LEN, MAX_PACKET_SIZE};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Largest packet accepted before login has negotiated a size. Clients use 4096, but tiberius
/// sends a whole TLS flight as one packet, so allow up to the protocol maximum.
pub(crate) const PRE_LOGIN_MAX_PACKET: usize = MAX_PACKET_SIZE as usize + 1;

/// Largest pre-login message (PRELOGIN, LOGIN7): LOGIN7's strings are bounded by 16-bit offsets.
pub(crate) const PRE_LOGIN_MAX_MESSAGE: usize = 128 * 1024;

/// One packet as read from the wire.
#[derive(Debug)]
pub(crate) struct Packet {
    pub header: PacketHeader,
    pub payload: BytesMut,
}

pub(crate) fn invalid_data(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Reads one packet. `Ok(None)` is a clean end of stream at a packet boundary.
pub(crate) async fn read_packet<R: AsyncRead + Unpin>(
    r: &mut R,
    max_packet: usize,
) -> io::Result<Option<Packet>> {
    let mut head = [0u8; HEADER_LEN];
    let first = r.read(&mut head).await?;
    if first == 0 {
        return Ok(None);
    }
    r.read_exact(&mut head[first..]).await?;
    let header = PacketHeader::decode(&head).map_err(|e| invalid_data(e.to_string()))?;
    header
        .check_max_length(max_packet)
        .map_err(|e| invalid_data(e.to_string()))?;
    let mut payload = BytesMut::zeroed(header.payload_len());
    r.read_exact(&mut payload).await?;
    Ok(Some(Packet { header, payload }))
}

/// A whole message: its type, the status of its first packet (where RESETCONNECTION lives) and
/// the concatenated payload.
#[derive(Debug)]
pub(crate) struct Message {
    pub ty: PacketType,
    pub first_status: u8,
    pub last_status: u8,
    pub payload: BytesMut,
}

/// Appends `next` to a message being assembled, enforcing one type per message and the size cap.
pub(crate) fn append(msg: &mut Message, next: Packet, max_message: usize) -> io::Result<()> {
    if next.header.ty != msg.ty {
        return Err(invalid_data(format!(
            "packet type {:#04x} inside a {:#04x} message",
            next.header.ty.as_u8(),
            msg.ty.as_u8()
        )));
    }
    if msg.payload.len() + next.payload.len() > max_message {
        return Err(invalid_data("message exceeds the configured maximum size"));
    }
    msg.payload.extend_from_slice(&next.payload);
    msg.last_status = next.header.status.0;
    Ok(())
}

/// Starts a message from its first packet.
pub(crate) fn start(first: Packet) -> Message {
    Message {
        ty: first.header.ty,
        first_status: first.header.status.0,
        last_status: first.header.status.0,
        payload: first.payload,
    }
}

/// Reads packets until EOM (used before login, where no ATTENTION can interleave).
pub(crate) async fn read_message<R: AsyncRead + Unpin>(
    r: &mut R,
    max_packet: usize,
    max_message: usize,
) -> io::Result<Option<Message>> {
    let Some(first) = read_packet(r, max_packet).await? else {
        return Ok(None);
    };
    let mut msg = start(first);
    if msg.payload.len() > max_message {
        return Err(invalid_data("message exceeds the maximum size"));
    }
    while msg.last_status & tds_proto::packet::PacketStatus::EOM == 0 {
        let next = read_packet(r, max_packet)
            .await?
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        append(&mut msg, next, max_message)?;
    }
    Ok(Some(msg))
}

/// Writes `payload` as one tabular-result message in packets of at most `packet_size` bytes.
pub(crate) async fn write_message<W: AsyncWrite + Unpin>(
    w: &mut W,
    spid: u16,
    packet_size: usize,
    payload: &[u8],
) -> io::Result<()> {
    let mut out = BytesMut::with_capacity(payload.len() + 64);
    let mut id = 1u8;
    tds_proto::packet::put_message(
        &mut out,
        PacketType::TabularResult,
        spid,
        &mut id,
        packet_size,
        payload,
    );
    w.write_all(&out).await?;
    w.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::duplex;

    #[tokio::test]
    async fn assembles_multi_packet_messages_and_enforces_limits() {
        let (mut a, mut b) = duplex(4096);
        b.write_all(&[0x01, 0x00, 0x00, 0x0A, 0, 0, 1, 0, 1, 2])
            .await
            .unwrap();
        b.write_all(&[0x01, 0x01, 0x00, 0x09, 0, 0, 2, 0, 3])
            .await
            .unwrap();
        let msg = read_message(&mut a, 4096, 1024).await.unwrap().unwrap();
        assert_eq!(msg.ty, PacketType::SqlBatch);
        assert_eq!(&msg.payload[..], &[1, 2, 3]);

        b.write_all(&[0x01, 0x00, 0x00, 0x0A, 0, 0, 1, 0, 1, 2])
            .await
            .unwrap();
        b.write_all(&[0x03, 0x01, 0x00, 0x09, 0, 0, 2, 0, 3])
            .await
            .unwrap();
        assert!(read_message(&mut a, 4096, 1024).await.is_err());

        // A 4096-byte packet where at most 4095 are allowed is refused before its body is read.
        b.write_all(&[0x01, 0x01, 0x10, 0x00, 0, 0, 1, 0])
            .await
            .unwrap();
        assert!(read_message(&mut a, 4095, 1 << 20).await.is_err());
        drop(b);
    }

    #[tokio::test]
    async fn clean_eof_is_none_and_partial_header_is_an_error() {
        let (mut a, b) = duplex(64);
        drop(b);
        assert!(read_packet(&mut a, 4096).await.unwrap().is_none());
        let (mut a, mut b) = duplex(64);
        b.write_all(&[0x01, 0x01]).await.unwrap();
        drop(b);
        assert!(read_packet(&mut a, 4096).await.is_err());
    }
}
