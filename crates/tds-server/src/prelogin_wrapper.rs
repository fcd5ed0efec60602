//! TLS records carried inside PRELOGIN packets (TDS 7.x encryption) [2.2.6.5].
//!
//! During the handshake every TLS byte travels as the payload of TDS packets of type 0x12: the
//! client's flights may span packets (and one packet may hold several records), and each of our
//! flights must go out as exactly one TDS message (tedious and pytds read one response message per
//! flight) in packets of at most 4096 bytes (go-mssqldb's buffer before login). Once the handshake
//! is complete both sides switch to raw TLS records. This adapter sits between rustls and the
//! socket and does that framing; it mirrors tiberius's client-side `TlsPreloginWrapper`.

use std::cmp;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, BytesMut};
use tds_proto::packet::{put_message, PacketHeader, PacketType, DEFAULT_PACKET_SIZE, HEADER_LEN};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Length of a TLS record header (type, version, length).
const TLS_RECORD_HEADER: usize = 5;

/// AsyncRead/AsyncWrite adapter that wraps TLS bytes in PRELOGIN packets until
/// [`PreloginWrapper::handshake_complete`] is called, then passes bytes through.
#[derive(Debug)]
pub struct PreloginWrapper<S> {
    inner: S,
    wrapping: bool,
    /// Read side, wrapping mode: header of the packet being read, and its unread payload.
    header: [u8; HEADER_LEN],
    header_len: usize,
    packet_remaining: usize,
    /// Read side, record-limited mode (login-only encryption): never read past a TLS record, so
    /// the plaintext that follows LOGIN7 stays in the socket.
    record_limited: bool,
    record_header: [u8; TLS_RECORD_HEADER],
    record_header_len: usize,
    record_header_served: usize,
    record_remaining: usize,
    /// Write side: TLS bytes of the current flight, then the framed packets being written.
    flight: Vec<u8>,
    framed: BytesMut,
    packet_id: u8,
}

impl<S> PreloginWrapper<S> {
    /// Wraps `inner`, starting in handshake (wrapping) mode.
    pub fn new(inner: S) -> Self {
        PreloginWrapper {
            inner,
            wrapping: true,
            header: [0; HEADER_LEN],
            header_len: 0,
            packet_remaining: 0,
            record_limited: false,
            record_header: [0; TLS_RECORD_HEADER],
            record_header_len: 0,
            record_header_served: 0,
            record_remaining: 0,
            flight: Vec::new(),
            framed: BytesMut::new(),
            packet_id: 1,
        }
    }

    /// Switches to raw TLS records in both directions.
    pub fn handshake_complete(&mut self) {
        self.wrapping = false;
    }

    /// After the handshake, hand rustls at most one TLS record per read. Used for login-only
    /// encryption, where the connection reverts to plaintext right after the LOGIN7 record.
    pub fn limit_reads_to_records(&mut self) {
        self.record_limited = true;
    }

    /// True when a read stopped inside a TLS record (login-only encryption must end on a record
    /// boundary) or inside a wrapped packet.
    pub fn is_mid_record(&self) -> bool {
        let record_done = self.record_header_len == 0
            || (self.record_header_served == TLS_RECORD_HEADER && self.record_remaining == 0);
        !record_done || self.packet_remaining != 0 || self.header_len != 0
    }

    /// The underlying stream.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

fn invalid(msg: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

impl<S: AsyncRead + Unpin> PreloginWrapper<S> {
    /// Reads into `dst` (fully or partly); `Ok(0)` means end of stream.
    fn read_into(&mut self, cx: &mut Context<'_>, dst: &mut [u8]) -> Poll<io::Result<usize>> {
        let mut rb = ReadBuf::new(dst);
        ready!(Pin::new(&mut self.inner).poll_read(cx, &mut rb))?;
        Poll::Ready(Ok(rb.filled().len()))
    }

    fn poll_read_wrapped(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        while self.packet_remaining == 0 {
            while self.header_len < HEADER_LEN {
                let mut header = self.header;
                let n = ready!(self.read_into(cx, &mut header[self.header_len..]))?;
                self.header = header;
                if n == 0 {
                    if self.header_len == 0 {
                        return Poll::Ready(Ok(()));
                    }
                    return Poll::Ready(Err(io::ErrorKind::UnexpectedEof.into()));
                }
                self.header_len += n;
            }
            self.header_len = 0;
            let header =
                PacketHeader::decode(&self.header).map_err(|_| invalid("bad packet header"))?;
            if header.ty != PacketType::PreLogin {
                return Poll::Ready(Err(invalid(
                    "expected a PRELOGIN packet during the TLS handshake",
                )));
            }
            self.packet_remaining = header.payload_len();
        }
        let want = cmp::min(self.packet_remaining, buf.remaining());
        let n = ready!(self.read_into(cx, buf.initialize_unfilled_to(want)))?;
        if n == 0 {
            return Poll::Ready(Err(io::ErrorKind::UnexpectedEof.into()));
        }
        buf.advance(n);
        self.packet_remaining -= n;
        Poll::Ready(Ok(()))
    }

    fn poll_read_records(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.record_remaining == 0 && self.record_header_served == TLS_RECORD_HEADER {
            self.record_header_len = 0;
            self.record_header_served = 0;
        }
        while self.record_header_len < TLS_RECORD_HEADER {
            let mut header = self.record_header;
            let n = ready!(self.read_into(cx, &mut header[self.record_header_len..]))?;
            self.record_header = header;
            if n == 0 {
                if self.record_header_len == 0 {
                    return Poll::Ready(Ok(()));
                }
                return Poll::Ready(Err(io::ErrorKind::UnexpectedEof.into()));
            }
            self.record_header_len += n;
            if self.record_header_len == TLS_RECORD_HEADER {
                self.record_remaining = usize::from(u16::from_be_bytes([
                    self.record_header[3],
                    self.record_header[4],
                ]));
            }
        }
        if self.record_header_served < TLS_RECORD_HEADER {
            let rest = &self.record_header[self.record_header_served..];
            let n = cmp::min(rest.len(), buf.remaining());
            buf.put_slice(&rest[..n]);
            self.record_header_served += n;
            return Poll::Ready(Ok(()));
        }
        let want = cmp::min(self.record_remaining, buf.remaining());
        let n = ready!(self.read_into(cx, buf.initialize_unfilled_to(want)))?;
        if n == 0 {
            return Poll::Ready(Err(io::ErrorKind::UnexpectedEof.into()));
        }
        buf.advance(n);
        self.record_remaining -= n;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for PreloginWrapper<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        if this.wrapping {
            this.poll_read_wrapped(cx, buf)
        } else if this.record_limited {
            this.poll_read_records(cx, buf)
        } else {
            Pin::new(&mut this.inner).poll_read(cx, buf)
        }
    }
}

impl<S: AsyncWrite + Unpin> PreloginWrapper<S> {
    /// Writes out whatever framed packets are pending.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.framed.is_empty() && !self.flight.is_empty() {
            // TDS packets before login are at most 4096 bytes (go-mssqldb's initial buffer).
            put_message(
                &mut self.framed,
                PacketType::PreLogin,
                0,
                &mut self.packet_id,
                DEFAULT_PACKET_SIZE as usize,
                &self.flight,
            );
            self.flight.clear();
        }
        while !self.framed.is_empty() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.framed))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.framed.advance(n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for PreloginWrapper<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.wrapping {
            // Buffer the whole flight; rustls flushes once it has written all of it.
            this.flight.extend_from_slice(buf);
            return Poll::Ready(Ok(buf.len()));
        }
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_drain(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests;
