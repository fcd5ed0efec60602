//! Values of the character and binary types: USHORTLEN (`nvarchar(n)`, `varchar(n)`,
//! `varbinary(n)`), PLP (`(max)`, [2.2.5.2.3]) and the textptr form of NTEXT/IMAGE [2.2.5.2.4].

use super::{cp1252, ValueError};
use bytes::{BufMut, BytesMut};

/// The PLP length that means NULL (PLP_NULL in [2.2.5.2.3]).
pub const PLP_NULL: u64 = u64::MAX;

/// Data bytes per PLP chunk. Any size is valid; one chunk holds every `nvarchar(4000)`-sized
/// value whole, and longer values pay 4 bytes per 8000.
pub const PLP_CHUNK_LEN: usize = 8000;

/// The largest USHORTLEN value: 0xFFFF itself means NULL.
const USHORT_MAX_LEN: usize = 0xFFFE;

/// SqlClient's `s_longDataHeader`: a dummy 16-byte text pointer and 8-byte timestamp. Clients
/// only keep them for text-pointer updates, which a read-only server never accepts.
const TEXTPTR_AND_TIMESTAMP: [u8; 24] = [0xFF; 24];

/// `nvarchar(n)` value: USHORT byte length, UTF-16LE; NULL is 0xFFFF. A value longer than
/// `max_len_bytes` (the column's declared 2n) is an error and writes nothing.
pub fn put_nvarchar(
    buf: &mut BytesMut,
    max_len_bytes: u16,
    value: Option<&str>,
) -> Result<(), ValueError> {
    let Some(s) = value else {
        buf.put_u16_le(0xFFFF);
        return Ok(());
    };
    let start = buf.len();
    buf.put_u16_le(0);
    crate::wire::put_utf16(buf, s);
    let len = buf.len() - start - 2;
    let max = usize::from(max_len_bytes).min(USHORT_MAX_LEN);
    if len > max {
        buf.truncate(start);
        return Err(ValueError::TooLong { len, max });
    }
    buf[start..start + 2].copy_from_slice(&(len as u16).to_le_bytes());
    Ok(())
}

/// `varchar(n)` value in code page 1252 (the default collation's); characters outside it become
/// `?`, as SQL Server converts nvarchar to varchar. Longer than `max_len_bytes` is an error.
pub fn put_varchar(
    buf: &mut BytesMut,
    max_len_bytes: u16,
    value: Option<&str>,
) -> Result<(), ValueError> {
    let Some(s) = value else {
        buf.put_u16_le(0xFFFF);
        return Ok(());
    };
    let len = s.chars().count();
    let max = usize::from(max_len_bytes).min(USHORT_MAX_LEN);
    if len > max {
        return Err(ValueError::TooLong { len, max });
    }
    buf.put_u16_le(len as u16);
    buf.extend(s.chars().map(cp1252::encode_char));
    Ok(())
}

/// `varbinary(n)` value: USHORT length then bytes; NULL is 0xFFFF.
pub fn put_varbinary(
    buf: &mut BytesMut,
    max_len_bytes: u16,
    value: Option<&[u8]>,
) -> Result<(), ValueError> {
    let Some(v) = value else {
        buf.put_u16_le(0xFFFF);
        return Ok(());
    };
    let max = usize::from(max_len_bytes).min(USHORT_MAX_LEN);
    if v.len() > max {
        return Err(ValueError::TooLong { len: v.len(), max });
    }
    buf.put_u16_le(v.len() as u16);
    buf.put_slice(v);
    Ok(())
}

/// `nvarchar(max)` value as PLP: ULONGLONG total byte length (NULL = all ones), chunks of ULONG
/// length + UTF-16LE data, then a zero-length terminator chunk. An empty string is total length
/// 0 followed directly by the terminator.
pub fn put_plp_nvarchar(buf: &mut BytesMut, value: Option<&str>) {
    let Some(s) = value else {
        buf.put_u64_le(PLP_NULL);
        return;
    };
    let units = s.encode_utf16().count();
    buf.put_u64_le(units as u64 * 2);
    let units_per_chunk = PLP_CHUNK_LEN / 2;
    let mut left = units;
    for (i, unit) in s.encode_utf16().enumerate() {
        if i % units_per_chunk == 0 {
            let chunk = left.min(units_per_chunk);
            buf.put_u32_le(chunk as u32 * 2);
            left -= chunk;
        }
        buf.put_u16_le(unit);
    }
    buf.put_u32_le(0);
}

/// `varbinary(max)` (or any PLP) value from raw bytes; same framing as [`put_plp_nvarchar`].
pub fn put_plp_bytes(buf: &mut BytesMut, value: Option<&[u8]>) {
    let Some(v) = value else {
        buf.put_u64_le(PLP_NULL);
        return;
    };
    buf.put_u64_le(v.len() as u64);
    for chunk in v.chunks(PLP_CHUNK_LEN) {
        buf.put_u32_le(chunk.len() as u32);
        buf.put_slice(chunk);
    }
    buf.put_u32_le(0);
}

/// NTEXT value: textptr length 16, text pointer, 8-byte timestamp, LONG byte length, UTF-16LE.
/// NULL is a textptr length of 0 and nothing else.
pub fn put_ntext(buf: &mut BytesMut, value: Option<&str>) -> Result<(), ValueError> {
    let Some(s) = value else {
        buf.put_u8(0);
        return Ok(());
    };
    let len = s.encode_utf16().count() * 2;
    put_text_header(buf, len)?;
    crate::wire::put_utf16(buf, s);
    Ok(())
}

/// IMAGE value: same textptr framing as [`put_ntext`] around raw bytes.
pub fn put_image(buf: &mut BytesMut, value: Option<&[u8]>) -> Result<(), ValueError> {
    let Some(v) = value else {
        buf.put_u8(0);
        return Ok(());
    };
    put_text_header(buf, v.len())?;
    buf.put_slice(v);
    Ok(())
}

fn put_text_header(buf: &mut BytesMut, len: usize) -> Result<(), ValueError> {
    let max = i32::MAX as usize;
    if len > max {
        return Err(ValueError::TooLong { len, max });
    }
    buf.put_u8(16);
    buf.put_slice(&TEXTPTR_AND_TIMESTAMP);
    buf.put_i32_le(len as i32);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(f: impl FnOnce(&mut BytesMut)) -> Vec<u8> {
        let mut b = BytesMut::new();
        f(&mut b);
        b.to_vec()
    }

    #[test]
    fn nvarchar_bounded() {
        assert_eq!(
            enc(|b| put_nvarchar(b, 10, Some("hé")).unwrap()),
            [4, 0, b'h', 0, 0xE9, 0]
        );
        assert_eq!(enc(|b| put_nvarchar(b, 10, Some("")).unwrap()), [0, 0]);
        assert_eq!(enc(|b| put_nvarchar(b, 10, None).unwrap()), [0xFF, 0xFF]);
        // A surrogate pair is two code units, four bytes.
        assert_eq!(enc(|b| put_nvarchar(b, 4, Some("𝄞")).unwrap()).len(), 6);
    }

    #[test]
    fn nvarchar_too_long_writes_nothing() {
        let mut b = BytesMut::from(&b"x"[..]);
        assert_eq!(
            put_nvarchar(&mut b, 4, Some("abc")),
            Err(ValueError::TooLong { len: 6, max: 4 })
        );
        assert_eq!(&b[..], b"x");
    }

    #[test]
    fn varchar_uses_cp1252() {
        assert_eq!(
            enc(|b| put_varchar(b, 8, Some("€é√")).unwrap()),
            [3, 0, 0x80, 0xE9, b'?']
        );
        assert!(put_varchar(&mut BytesMut::new(), 2, Some("abc")).is_err());
    }

    #[test]
    fn varbinary_bounded() {
        assert_eq!(
            enc(|b| put_varbinary(b, 4, Some(&[1, 2])).unwrap()),
            [2, 0, 1, 2]
        );
        assert_eq!(enc(|b| put_varbinary(b, 4, None).unwrap()), [0xFF, 0xFF]);
        assert!(put_varbinary(&mut BytesMut::new(), 1, Some(&[1, 2])).is_err());
    }

    #[test]
    fn plp_small_empty_and_null() {
        assert_eq!(
            enc(|b| put_plp_nvarchar(b, Some("ab"))),
            [4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, b'a', 0, b'b', 0, 0, 0, 0, 0]
        );
        assert_eq!(enc(|b| put_plp_nvarchar(b, Some(""))), [0; 12]);
        assert_eq!(enc(|b| put_plp_nvarchar(b, None)), [0xFF; 8]);
        assert_eq!(enc(|b| put_plp_bytes(b, None)), [0xFF; 8]);
    }

    #[test]
    fn plp_splits_long_values_into_chunks() {
        let s = "x".repeat(PLP_CHUNK_LEN / 2 * 2 + 3);
        let v = enc(|b| put_plp_nvarchar(b, Some(&s)));
        let total = s.len() * 2;
        assert_eq!(u64::from_le_bytes(v[..8].try_into().unwrap()), total as u64);
        // Walk the chunks: 8000, 8000, 6, terminator.
        let mut at = 8;
        let mut sizes = vec![];
        loop {
            let n = u32::from_le_bytes(v[at..at + 4].try_into().unwrap()) as usize;
            at += 4;
            if n == 0 {
                break;
            }
            sizes.push(n);
            at += n;
        }
        assert_eq!(sizes, [PLP_CHUNK_LEN, PLP_CHUNK_LEN, 6]);
        assert_eq!(at, v.len());

        let bytes = vec![7u8; PLP_CHUNK_LEN + 1];
        let v = enc(|b| put_plp_bytes(b, Some(&bytes)));
        assert_eq!(v.len(), 8 + 4 + PLP_CHUNK_LEN + 4 + 1 + 4);
    }

    #[test]
    fn ntext_and_image_textptr_framing() {
        let v = enc(|b| put_ntext(b, Some("ab")).unwrap());
        assert_eq!(v[0], 16);
        assert_eq!(v[1..25], [0xFF; 24]);
        assert_eq!(v[25..], [4, 0, 0, 0, b'a', 0, b'b', 0]);
        assert_eq!(enc(|b| put_ntext(b, None).unwrap()), [0]);
        let v = enc(|b| put_image(b, Some(&[9])).unwrap());
        assert_eq!(v[25..], [1, 0, 0, 0, 9]);
        assert_eq!(enc(|b| put_image(b, None).unwrap()), [0]);
    }
}
