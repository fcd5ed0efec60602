//! SQLBatch requests [2.2.6.7] and the ALL_HEADERS prefix [2.2.5.3].
//!
//! TDS ≥ 7.2 clients put ALL_HEADERS before the batch text, RPC and transaction manager payloads;
//! 7.1 clients (jTDS) do not. Like SQL Server and FreeTDS, presence is detected from the bytes:
//! the first DWORD is taken as ALL_HEADERS' total length when it is ≥ 4, fits the payload and the
//! headers inside it parse exactly. UCS-2 text essentially never looks like that (its first DWORD
//! has a non-zero third byte for any printable first two characters).

use bytes::{BufMut, BytesMut};

use crate::error::{slice, u16_le, u32_le, Error, Result};
use crate::wire::decode_utf16;

/// ALL_HEADERS header type: query notifications.
pub const HEADER_QUERY_NOTIFICATIONS: u16 = 1;
/// ALL_HEADERS header type: transaction descriptor + outstanding request count.
pub const HEADER_TRANSACTION_DESCRIPTOR: u16 = 2;
/// ALL_HEADERS header type: trace activity (GUID + sequence).
pub const HEADER_TRACE_ACTIVITY: u16 = 3;

/// The parts of ALL_HEADERS the server uses [2.2.5.3].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AllHeaders {
    /// The transaction descriptor the client believes is current (0 outside a transaction).
    pub transaction_descriptor: Option<u64>,
    /// Outstanding request count (1 without MARS).
    pub outstanding_requests: Option<u32>,
    /// True when a trace activity header was present.
    pub has_trace_activity: bool,
}

impl AllHeaders {
    /// Splits `payload` into its ALL_HEADERS (if present) and the remaining bytes.
    pub fn split(payload: &[u8]) -> Result<(Option<AllHeaders>, &[u8])> {
        let Ok(total) = u32_le(payload, 0, "ALL_HEADERS") else {
            return Ok((None, payload));
        };
        let total = total as usize;
        if total < 4 || total > payload.len() {
            return Ok((None, payload));
        }
        match Self::parse(&payload[4..total]) {
            Ok(h) => Ok((Some(h), &payload[total..])),
            // A DWORD that looks like a length but no valid headers: treat as 7.1-style text.
            Err(_) if total > 4 && payload.len().is_multiple_of(2) && looks_like_text(payload) => {
                Ok((None, payload))
            }
            Err(e) => Err(e),
        }
    }

    fn parse(mut headers: &[u8]) -> Result<AllHeaders> {
        let mut out = AllHeaders::default();
        while !headers.is_empty() {
            let len = u32_le(headers, 0, "ALL_HEADERS header")? as usize;
            if len < 6 || len > headers.len() {
                return Err(Error::InvalidLength {
                    what: "ALL_HEADERS header length",
                    value: len,
                });
            }
            let ty = u16_le(headers, 4, "ALL_HEADERS header type")?;
            let data = &headers[6..len];
            match ty {
                HEADER_TRANSACTION_DESCRIPTOR => {
                    let d = slice(data, 0, 12, "transaction descriptor header")?;
                    let mut desc = [0u8; 8];
                    desc.copy_from_slice(&d[..8]);
                    out.transaction_descriptor = Some(u64::from_le_bytes(desc));
                    out.outstanding_requests = Some(u32_le(d, 8, "outstanding requests")?);
                }
                HEADER_TRACE_ACTIVITY => out.has_trace_activity = true,
                // Query notifications and unknown types are skipped by their length.
                _ => {}
            }
            headers = &headers[len..];
        }
        Ok(out)
    }

    /// Appends ALL_HEADERS with a transaction descriptor header (what clients send; for tests).
    pub fn encode_transaction_descriptor(buf: &mut BytesMut, descriptor: u64, outstanding: u32) {
        buf.put_u32_le(22);
        buf.put_u32_le(18);
        buf.put_u16_le(HEADER_TRANSACTION_DESCRIPTOR);
        buf.put_u64_le(descriptor);
        buf.put_u32_le(outstanding);
    }
}

/// Heuristic fallback: the payload's first two UCS-2 code units are printable or whitespace.
fn looks_like_text(payload: &[u8]) -> bool {
    payload.chunks_exact(2).take(2).all(|c| {
        let unit = u16::from_le_bytes([c[0], c[1]]);
        unit >= 0x20 || matches!(unit, 0x09 | 0x0A | 0x0D)
    })
}

/// A decoded SQLBatch request [2.2.6.7].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlBatch {
    /// ALL_HEADERS, when the client sent them.
    pub headers: Option<AllHeaders>,
    /// The batch text.
    pub text: String,
}

impl SqlBatch {
    /// Decodes a complete SQLBatch payload.
    pub fn decode(payload: &[u8]) -> Result<Self> {
        let (headers, text) = AllHeaders::split(payload)?;
        Ok(SqlBatch {
            headers,
            text: decode_utf16(text),
        })
    }

    /// Appends a SQLBatch payload as a TDS ≥ 7.2 client sends it (for tests and fuzz seeds).
    pub fn encode(text: &str, buf: &mut BytesMut) {
        AllHeaders::encode_transaction_descriptor(buf, 0, 1);
        crate::wire::put_utf16(buf, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_72_batch_with_all_headers() {
        let mut buf = BytesMut::new();
        SqlBatch::encode("select 1", &mut buf);
        assert_eq!(
            &buf[..22],
            &[22, 0, 0, 0, 18, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
        );
        let b = SqlBatch::decode(&buf).unwrap();
        assert_eq!(b.text, "select 1");
        let h = b.headers.unwrap();
        assert_eq!(h.transaction_descriptor, Some(0));
        assert_eq!(h.outstanding_requests, Some(1));
    }

    #[test]
    fn decodes_a_71_batch_without_headers() {
        let mut buf = BytesMut::new();
        crate::wire::put_utf16(&mut buf, "SELECT @@MAX_PRECISION");
        let b = SqlBatch::decode(&buf).unwrap();
        assert_eq!(b.headers, None);
        assert_eq!(b.text, "SELECT @@MAX_PRECISION");
        // Very short texts cannot hold a DWORD at all.
        assert_eq!(SqlBatch::decode(&[b'x', 0]).unwrap().text, "x");
        assert_eq!(SqlBatch::decode(&[]).unwrap().text, "");
    }

    #[test]
    fn skips_unknown_and_trace_headers() {
        let mut buf = BytesMut::new();
        buf.put_u32_le(4 + 8 + 6 + 20);
        buf.put_u32_le(8);
        buf.put_u16_le(9);
        buf.put_u16_le(0xABCD);
        buf.put_u32_le(26);
        buf.put_u16_le(HEADER_TRACE_ACTIVITY);
        buf.put_bytes(7, 20);
        crate::wire::put_utf16(&mut buf, "go");
        let b = SqlBatch::decode(&buf).unwrap();
        assert_eq!(b.text, "go");
        assert!(b.headers.unwrap().has_trace_activity);
    }

    #[test]
    fn malformed_headers_are_errors() {
        // Total length 10, but the inner header claims 200 bytes.
        let p = [10, 0, 0, 0, 200, 0, 0, 0, 2, 0, 0, 0];
        assert!(SqlBatch::decode(&p).is_err());
        // Descriptor header too short for its 12 bytes of data.
        let p = [14, 0, 0, 0, 10, 0, 0, 0, 2, 0, 1, 2, 3, 4];
        assert!(SqlBatch::decode(&p).is_err());
    }
}
