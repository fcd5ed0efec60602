//! Low-level encodings shared by every message: UCS-2 strings with length prefixes [2.2.5.1].

use bytes::{BufMut, BytesMut};

/// Number of UTF-16 code units in `s` (what TDS length prefixes count).
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Appends `s` as UTF-16LE without a length prefix.
pub fn put_utf16(buf: &mut BytesMut, s: &str) {
    for unit in s.encode_utf16() {
        buf.put_u16_le(unit);
    }
}

/// Appends a B_VARCHAR: 1-byte length in characters, then UTF-16LE. Longer strings are cut at 255
/// code units (names in TDS are at most 128 characters; cutting beats writing a corrupt stream).
pub fn put_b_varchar(buf: &mut BytesMut, s: &str) {
    let units: Vec<u16> = s.encode_utf16().take(255).collect();
    buf.put_u8(units.len() as u8);
    for unit in units {
        buf.put_u16_le(unit);
    }
}

/// Appends a US_VARCHAR: 2-byte length in characters, then UTF-16LE, cut at 65535 code units.
pub fn put_us_varchar(buf: &mut BytesMut, s: &str) {
    let units: Vec<u16> = s.encode_utf16().take(u16::MAX as usize).collect();
    buf.put_u16_le(units.len() as u16);
    for unit in units {
        buf.put_u16_le(unit);
    }
}

/// Decodes UTF-16LE bytes; unpaired surrogates become U+FFFD rather than an error, as clients may
/// send arbitrary code units in names. An odd trailing byte is ignored.
pub fn decode_utf16(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b_varchar_counts_code_units() {
        let mut b = BytesMut::new();
        put_b_varchar(&mut b, "Id");
        assert_eq!(&b[..], &[2, b'I', 0, b'd', 0]);
        assert_eq!(utf16_len("€𝄞"), 3);
    }

    #[test]
    fn utf16_round_trips() {
        let mut b = BytesMut::new();
        put_utf16(&mut b, "Grüße 𝄞");
        assert_eq!(decode_utf16(&b), "Grüße 𝄞");
        assert_eq!(decode_utf16(&[0x00, 0xD8]), "\u{FFFD}");
    }
}
