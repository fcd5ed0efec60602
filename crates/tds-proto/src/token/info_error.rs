//! INFO (0xAB) and ERROR (0xAA) [2.2.7.10], [2.2.7.13]: the same layout with different types.
//!
//! `Length u16`, `Number i32`, `State u8`, `Class u8`, `MsgText US_VARCHAR`, `ServerName
//! B_VARCHAR`, `ProcName B_VARCHAR`, `LineNumber` (4 bytes from TDS 7.2, 2 bytes before: wrong
//! width shifts the rest of the stream for jTDS and FreeTDS 7.1, wiltondb#14).

use bytes::{BufMut, BytesMut};

use super::token_type;
use crate::wire::{put_b_varchar, put_us_varchar};
use crate::TdsVersion;

/// Longest message text sent, in UTF-16 units; SQL Server's own limit is 2,047 characters, and
/// the cap keeps the token's 16-bit length valid.
pub const MAX_MESSAGE_UNITS: usize = 4000;

/// An INFO or ERROR message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoError {
    /// Message number (e.g. 18456, 5701).
    pub number: u32,
    /// State.
    pub state: u8,
    /// Class (severity): ≤ 10 informational, 11–16 user errors, ≥ 20 fatal.
    pub class: u8,
    /// Message text; cut at [`MAX_MESSAGE_UNITS`].
    pub message: String,
    /// Server name.
    pub server_name: String,
    /// Procedure name; empty for batches.
    pub proc_name: String,
    /// Line number in the batch.
    pub line: u32,
}

impl InfoError {
    /// Appends the message as an ERROR token.
    pub fn encode_error(&self, buf: &mut BytesMut, version: TdsVersion) {
        self.encode(buf, token_type::ERROR, version);
    }

    /// Appends the message as an INFO token.
    pub fn encode_info(&self, buf: &mut BytesMut, version: TdsVersion) {
        self.encode(buf, token_type::INFO, version);
    }

    fn encode(&self, buf: &mut BytesMut, token: u8, version: TdsVersion) {
        let mut body = BytesMut::with_capacity(64 + self.message.len() * 2);
        body.put_u32_le(self.number);
        body.put_u8(self.state);
        body.put_u8(self.class);
        put_us_varchar(&mut body, truncate_units(&self.message, MAX_MESSAGE_UNITS));
        put_b_varchar(&mut body, truncate_units(&self.server_name, 128));
        put_b_varchar(&mut body, truncate_units(&self.proc_name, 128));
        if version >= TdsVersion::V7_2 {
            body.put_u32_le(self.line);
        } else {
            body.put_u16_le(u16::try_from(self.line).unwrap_or(u16::MAX));
        }
        buf.put_u8(token);
        // 4000 + 2 * 128 units at most: well below 65535 bytes.
        buf.put_u16_le(body.len() as u16);
        buf.put_slice(&body);
    }
}

/// The longest prefix of `s` with at most `max` UTF-16 units, cut at a character boundary.
fn truncate_units(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> InfoError {
        InfoError {
            number: 18456,
            state: 1,
            class: 14,
            message: "No".into(),
            server_name: "S".into(),
            proc_name: String::new(),
            line: 1,
        }
    }

    #[test]
    fn error_with_4_byte_line_number() {
        let mut b = BytesMut::new();
        sample().encode_error(&mut b, TdsVersion::V7_4);
        assert_eq!(
            &b[..],
            &[
                0xAA, 20, 0, // token, length
                0x18, 0x48, 0, 0, // 18456
                1, 14, // state, class
                2, 0, b'N', 0, b'o', 0, // message
                1, b'S', 0, // server
                0, // proc
                1, 0, 0, 0, // line
            ]
        );
    }

    #[test]
    fn info_with_2_byte_line_number_for_71() {
        let mut b = BytesMut::new();
        sample().encode_info(&mut b, TdsVersion::V7_1);
        assert_eq!(b[0], 0xAB);
        assert_eq!(b[1], 18);
        assert_eq!(&b[b.len() - 2..], &[1, 0]);
    }

    #[test]
    fn long_messages_are_cut_at_char_boundaries() {
        assert_eq!(truncate_units("a𝄞b", 2), "a");
        assert_eq!(truncate_units("a𝄞b", 3), "a𝄞");
        let mut e = sample();
        e.message = "x".repeat(70_000);
        let mut b = BytesMut::new();
        e.encode_error(&mut b, TdsVersion::V7_4);
        assert_eq!(&b[9..11], &(MAX_MESSAGE_UNITS as u16).to_le_bytes());
        assert_eq!(usize::from(u16::from_le_bytes([b[1], b[2]])), b.len() - 3);
    }
}
