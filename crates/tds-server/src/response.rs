//! The response side of a session: tokens are appended to a buffer, cut into packets of the
//! negotiated size and handed to the connection's writer task through a bounded channel.
//!
//! Cancellation safety: a handler's future may be dropped at any await (ATTENTION). The buffer
//! only ever holds whole tokens between awaits, and a packet is cut from it only after the channel
//! has reserved room for it, so a dropped future never loses or half-sends a packet; whatever is
//! buffered is still sent before DONE(ATTN).

use std::io;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use tds_proto::packet::{put_packet, PacketStatus, PacketType, HEADER_LEN};
use tds_proto::token::done::cur_cmd;
use tds_proto::token::returnvalue::STATUS_OUTPUT_PARAM;
use tds_proto::token::ReturnValue;
use tds_proto::token::{encode_return_status, Done, DoneKind, DoneStatus, EnvChange, InfoError};
use tds_proto::types::TypeInfo;
use tds_proto::TdsVersion;
use tokio::sync::mpsc;

use crate::sql_error::SqlError;
use crate::transaction::TransactionState;

/// Writes one session's responses.
#[derive(Debug)]
pub struct ResponseWriter {
    version: TdsVersion,
    packet_size: usize,
    spid: u16,
    server_name: Arc<str>,
    buf: BytesMut,
    packet_id: u8,
    /// Packets of the current message already handed to the writer task.
    sent_in_message: usize,
    tx: mpsc::Sender<Bytes>,
    transactions: TransactionState,
}

/// Frames one tabular-result packet and advances the packet counters.
fn frame(spid: u16, packet_id: &mut u8, sent: &mut usize, payload: &[u8], status: u8) -> Bytes {
    let mut out = BytesMut::with_capacity(payload.len() + HEADER_LEN);
    // Payloads are at most packet size − 8, so the 16-bit length cannot overflow.
    let _ = put_packet(
        &mut out,
        PacketType::TabularResult,
        status,
        spid,
        *packet_id,
        payload,
    );
    *packet_id = packet_id.wrapping_add(1);
    *sent += 1;
    out.freeze()
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "connection writer closed")
}

impl ResponseWriter {
    pub(crate) fn new(
        version: TdsVersion,
        packet_size: u32,
        spid: u16,
        server_name: Arc<str>,
        tx: mpsc::Sender<Bytes>,
    ) -> Self {
        ResponseWriter {
            version,
            packet_size: packet_size as usize,
            spid,
            server_name,
            buf: BytesMut::with_capacity(packet_size as usize),
            packet_id: 1,
            sent_in_message: 0,
            tx,
            transactions: TransactionState::default(),
        }
    }

    /// Negotiated TDS version; encoders that differ by version take it.
    pub fn tds_version(&self) -> TdsVersion {
        self.version
    }

    /// Negotiated packet size.
    pub fn packet_size(&self) -> u32 {
        self.packet_size as u32
    }

    /// The token buffer. Append whole encoded tokens only (e.g. COLMETADATA, ROW).
    pub fn buffer(&mut self) -> &mut BytesMut {
        &mut self.buf
    }

    /// Bytes buffered and not yet handed to the socket writer.
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }

    fn payload_per_packet(&self) -> usize {
        self.packet_size.saturating_sub(HEADER_LEN).max(1)
    }

    fn frame(&mut self, payload: &[u8], status: u8) -> Bytes {
        frame(
            self.spid,
            &mut self.packet_id,
            &mut self.sent_in_message,
            payload,
            status,
        )
    }

    /// Hands every complete packet in the buffer to the socket writer, waiting when the client
    /// reads slowly (backpressure). Keeps the remainder (at least one byte) for the final packet.
    /// Cancel-safe.
    pub async fn flush_full_packets(&mut self) -> io::Result<()> {
        let chunk = self.payload_per_packet();
        let ResponseWriter {
            spid,
            buf,
            packet_id,
            sent_in_message,
            tx,
            ..
        } = self;
        while buf.len() > chunk {
            let permit = tx.reserve().await.map_err(|_| closed())?;
            let payload = buf.split_to(chunk);
            permit.send(frame(*spid, packet_id, sent_in_message, &payload, 0));
        }
        Ok(())
    }

    fn message(&self, number: u32, state: u8, class: u8, message: &str) -> InfoError {
        InfoError {
            number,
            state,
            class,
            message: message.to_string(),
            server_name: self.server_name.to_string(),
            proc_name: String::new(),
            line: 1,
        }
    }

    /// Appends an ERROR token for `e`.
    pub fn error(&mut self, e: &SqlError) {
        let token = self.message(e.number(), e.state(), e.class(), &e.message);
        token.encode_error(&mut self.buf, self.version);
    }

    /// Appends an INFO token (class 0, state 1).
    pub fn info(&mut self, number: u32, message: &str) {
        let mut token = self.message(number, 1, 0, message);
        token.line = 0;
        token.encode_info(&mut self.buf, self.version);
    }

    /// Appends a DONE: MORE when more results follow, COUNT iff `row_count` is given.
    pub fn done(&mut self, more: bool, row_count: Option<u64>) {
        let mut status = if more {
            DoneStatus::MORE
        } else {
            DoneStatus::FINAL
        };
        if row_count.is_some() {
            status |= DoneStatus::COUNT;
        }
        Done {
            row_count: row_count.unwrap_or(0),
            ..Done::new(status)
        }
        .encode(&mut self.buf, self.version);
    }

    /// Appends a DONE with the ERROR bit.
    pub fn done_error(&mut self, more: bool) {
        let status = DoneStatus::ERROR | if more { DoneStatus::MORE } else { 0 };
        Done::new(status).encode(&mut self.buf, self.version);
    }

    /// Appends a DONEINPROC ending one statement inside a procedure (RPC): MORE when more
    /// results follow, COUNT iff `row_count` is given (CurCmd SELECT then).
    pub fn done_in_proc(&mut self, more: bool, row_count: Option<u64>) {
        let mut status = if more { DoneStatus::MORE } else { 0 };
        if row_count.is_some() {
            status |= DoneStatus::COUNT;
        }
        Done {
            kind: DoneKind::DoneInProc,
            cur_cmd: if row_count.is_some() {
                cur_cmd::SELECT
            } else {
                0
            },
            row_count: row_count.unwrap_or(0),
            ..Done::new(status)
        }
        .encode(&mut self.buf, self.version);
    }

    /// Appends a DONEPROC ending one RPC call; MORE when another call of the request follows,
    /// ERROR when the call failed.
    pub fn done_proc(&mut self, more: bool, error: bool) {
        let mut status = if more { DoneStatus::MORE } else { 0 };
        if error {
            status |= DoneStatus::ERROR;
        }
        Done {
            kind: DoneKind::DoneProc,
            cur_cmd: cur_cmd::EXECUTE,
            ..Done::new(status)
        }
        .encode(&mut self.buf, self.version);
    }

    /// Appends RETURNSTATUS (the procedure's return code; 0 for success).
    pub fn return_status(&mut self, value: i32) {
        encode_return_status(&mut self.buf, value);
    }

    /// Appends RETURNVALUE for an OUTPUT parameter: `value` is encoded for `type_info` exactly
    /// as a ROW would carry it (e.g. by `tds_proto::types::put_intn`).
    pub fn return_value(&mut self, ordinal: u16, name: &str, type_info: TypeInfo, value: &[u8]) {
        ReturnValue {
            ordinal,
            name,
            status: STATUS_OUTPUT_PARAM,
            type_info,
            value,
        }
        .encode(&mut self.buf, self.version);
    }

    /// The SPID written in every packet header.
    pub(crate) fn spid(&self) -> u16 {
        self.spid
    }

    /// The connection's transaction state.
    pub(crate) fn transactions(&mut self) -> &mut TransactionState {
        &mut self.transactions
    }

    /// The connection's transaction state, read-only.
    pub(crate) fn transactions_ref(&self) -> &TransactionState {
        &self.transactions
    }

    /// Appends ENVCHANGE(database) and INFO 5701, as SQL Server does after `USE`.
    pub fn env_database(&mut self, old: &str, new: &str) {
        EnvChange::Database {
            new: new.to_string(),
            old: old.to_string(),
        }
        .encode(&mut self.buf);
        let mut token = self.message(5701, 2, 0, &format!("Changed database context to '{new}'."));
        token.line = 0;
        token.encode_info(&mut self.buf, self.version);
    }

    /// Starts a new response message (packet ids restart at 1).
    pub(crate) fn begin_message(&mut self) {
        self.packet_id = 1;
        self.sent_in_message = 0;
    }

    /// True when nothing at all was produced for the current message.
    pub(crate) fn is_message_empty(&self) -> bool {
        self.sent_in_message == 0 && self.buf.is_empty()
    }

    /// Sends the rest of the buffer, the last packet carrying EOM.
    pub(crate) async fn end_message(&mut self) -> io::Result<()> {
        self.flush_full_packets().await?;
        let rest = self.buf.split();
        let packet = self.frame(&rest, PacketStatus::EOM);
        self.tx.send(packet).await.map_err(|_| closed())?;
        self.begin_message();
        Ok(())
    }

    /// Ends the current message (cancelled or idle) with DONE(ATTN), acknowledging an ATTENTION.
    pub(crate) async fn acknowledge_attention(&mut self) -> io::Result<()> {
        Done::attention().encode(&mut self.buf, self.version);
        self.end_message().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer(packet_size: u32) -> (ResponseWriter, mpsc::Receiver<Bytes>) {
        let (tx, rx) = mpsc::channel(64);
        (
            ResponseWriter::new(TdsVersion::V7_4, packet_size, 51, Arc::from("srv"), tx),
            rx,
        )
    }

    #[tokio::test]
    async fn packets_respect_the_size_and_only_the_last_has_eom() {
        let (mut w, mut rx) = writer(512);
        w.buffer().extend_from_slice(&[7u8; 1400]);
        w.flush_full_packets().await.unwrap();
        w.done(false, Some(2));
        w.end_message().await.unwrap();
        drop(w);
        let mut packets = Vec::new();
        while let Some(p) = rx.recv().await {
            packets.push(p);
        }
        assert_eq!(packets.len(), 3);
        for (i, p) in packets.iter().enumerate() {
            assert!(p.len() <= 512);
            assert_eq!(p[0], 0x04);
            assert_eq!(p[1], u8::from(i == 2));
            assert_eq!(&p[4..7], &[0, 51, i as u8 + 1]);
        }
        let last = &packets[2];
        assert_eq!(
            &last[last.len() - 13..last.len() - 8],
            &[0xFD, 0x10, 0, 0, 0]
        );
    }

    #[tokio::test]
    async fn error_and_info_carry_the_server_name() {
        let (mut w, mut rx) = writer(4096);
        w.error(&SqlError::login_failed("u"));
        w.env_database("master", "S1");
        w.done_error(false);
        w.end_message().await.unwrap();
        let p = rx.recv().await.unwrap();
        assert_eq!(p[8], 0xAA);
        let text: Vec<u8> = "srv".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(p.windows(text.len()).any(|w| w == &text[..]));
        assert_eq!(&p[p.len() - 13..p.len() - 9], &[0xFD, 0x02, 0, 0]);
    }
}
