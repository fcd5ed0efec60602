//! RETURNSTATUS (0x79) [2.2.7.18]: a stored procedure's return value, sent before DONEPROC.

use bytes::{BufMut, BytesMut};

use super::token_type;

/// Appends a RETURNSTATUS token with `value`.
pub fn encode_return_status(buf: &mut BytesMut, value: i32) {
    buf.put_u8(token_type::RETURNSTATUS);
    buf.put_i32_le(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_little_endian_i32() {
        let mut b = BytesMut::new();
        encode_return_status(&mut b, 0);
        encode_return_status(&mut b, -2);
        assert_eq!(&b[..], &[0x79, 0, 0, 0, 0, 0x79, 0xFE, 0xFF, 0xFF, 0xFF]);
    }
}
