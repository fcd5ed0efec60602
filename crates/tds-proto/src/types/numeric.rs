//! Values of INTN, BITN, FLTN, DECIMALN/NUMERICN and GUID [2.2.5.5.1].
//!
//! Each is a BYTELEN value: one length byte (0 = NULL) followed by the data, little-endian.

use super::{decimal_value_len, ValueError};
use bytes::{BufMut, BytesMut};

/// INTN value of `size` bytes (1, 2, 4 or 8). Size 1 is `tinyint`, which is **unsigned** (0–255)
/// in SQL Server; a value outside the size's range is an error, never wrapped.
pub fn put_intn(buf: &mut BytesMut, size: u8, value: Option<i64>) -> Result<(), ValueError> {
    let Some(v) = value else {
        buf.put_u8(0);
        return Ok(());
    };
    let out_of_range = |sql_type| ValueError::OutOfRange { sql_type };
    match size {
        1 => {
            let v = u8::try_from(v).map_err(|_| out_of_range("tinyint"))?;
            buf.put_u8(1);
            buf.put_u8(v);
        }
        2 => {
            let v = i16::try_from(v).map_err(|_| out_of_range("smallint"))?;
            buf.put_u8(2);
            buf.put_i16_le(v);
        }
        4 => {
            let v = i32::try_from(v).map_err(|_| out_of_range("int"))?;
            buf.put_u8(4);
            buf.put_i32_le(v);
        }
        8 => {
            buf.put_u8(8);
            buf.put_i64_le(v);
        }
        other => {
            return Err(ValueError::InvalidTypeParam {
                what: "intn size",
                value: u32::from(other),
            })
        }
    }
    Ok(())
}

/// BITN value: length 1 then 0 or 1.
pub fn put_bitn(buf: &mut BytesMut, value: Option<bool>) {
    match value {
        None => buf.put_u8(0),
        Some(b) => {
            buf.put_u8(1);
            buf.put_u8(u8::from(b));
        }
    }
}

/// FLTN value of `size` 4 (`real`, the value is narrowed to f32) or 8 (`float`).
pub fn put_floatn(buf: &mut BytesMut, size: u8, value: Option<f64>) -> Result<(), ValueError> {
    match (size, value) {
        (4 | 8, None) => buf.put_u8(0),
        (4, Some(v)) => {
            buf.put_u8(4);
            buf.put_f32_le(v as f32);
        }
        (8, Some(v)) => {
            buf.put_u8(8);
            buf.put_f64_le(v);
        }
        (other, _) => {
            return Err(ValueError::InvalidTypeParam {
                what: "fltn size",
                value: u32::from(other),
            })
        }
    }
    Ok(())
}

/// DECIMALN/NUMERICN value for a column of `precision` (1–38): length by precision (5, 9, 13 or
/// 17), sign byte (1 positive, 0 negative), then the magnitude of the unscaled integer
/// little-endian. `value` is already scaled (12.34 in decimal(p,2) is 1234); a value with more
/// digits than `precision` is an error, as SQL Server would raise an arithmetic overflow.
pub fn put_decimaln(
    buf: &mut BytesMut,
    precision: u8,
    value: Option<i128>,
) -> Result<(), ValueError> {
    if !(1..=38).contains(&precision) {
        return Err(ValueError::InvalidTypeParam {
            what: "decimal precision",
            value: u32::from(precision),
        });
    }
    let Some(v) = value else {
        buf.put_u8(0);
        return Ok(());
    };
    let magnitude = v.unsigned_abs();
    if magnitude >= 10u128.pow(u32::from(precision)) {
        return Err(ValueError::OutOfRange {
            sql_type: "decimal",
        });
    }
    let len = decimal_value_len(precision);
    buf.put_u8(len);
    buf.put_u8(u8::from(v >= 0));
    buf.put_slice(&magnitude.to_le_bytes()[..usize::from(len - 1)]);
    Ok(())
}

/// GUID value from the 16 bytes in RFC 4122 (display) order. SQL Server stores the first three
/// groups little-endian, so `00112233-4455-6677-8899-aabbccddeeff` travels as
/// `33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff`.
pub fn put_guid(buf: &mut BytesMut, value: Option<&[u8; 16]>) {
    let Some(g) = value else {
        buf.put_u8(0);
        return;
    };
    buf.put_u8(16);
    buf.put_slice(&[g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6]]);
    buf.put_slice(&g[8..]);
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
    fn intn_sizes_and_ranges() {
        assert_eq!(
            enc(|b| put_intn(b, 8, Some(-2)).unwrap()),
            [8, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        );
        assert_eq!(
            enc(|b| put_intn(b, 4, Some(0x0102_0304)).unwrap()),
            [4, 4, 3, 2, 1]
        );
        assert_eq!(enc(|b| put_intn(b, 2, Some(-1)).unwrap()), [2, 0xFF, 0xFF]);
        assert_eq!(enc(|b| put_intn(b, 1, Some(255)).unwrap()), [1, 255]);
        assert_eq!(enc(|b| put_intn(b, 4, None).unwrap()), [0]);
        let mut b = BytesMut::new();
        assert!(put_intn(&mut b, 1, Some(-1)).is_err());
        assert!(put_intn(&mut b, 1, Some(256)).is_err());
        assert!(put_intn(&mut b, 2, Some(40_000)).is_err());
        assert!(put_intn(&mut b, 4, Some(i64::from(i32::MAX) + 1)).is_err());
        assert!(put_intn(&mut b, 3, Some(1)).is_err());
        assert!(b.is_empty(), "failed encodings write nothing");
    }

    #[test]
    fn bit_and_float() {
        assert_eq!(enc(|b| put_bitn(b, Some(true))), [1, 1]);
        assert_eq!(enc(|b| put_bitn(b, Some(false))), [1, 0]);
        assert_eq!(enc(|b| put_bitn(b, None)), [0]);
        assert_eq!(
            enc(|b| put_floatn(b, 8, Some(1.5)).unwrap()),
            [8, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F]
        );
        assert_eq!(
            enc(|b| put_floatn(b, 4, Some(1.5)).unwrap()),
            [4, 0, 0, 0xC0, 0x3F]
        );
        assert_eq!(enc(|b| put_floatn(b, 8, None).unwrap()), [0]);
    }

    #[test]
    fn decimal_layout() {
        // 12345.6789 as decimal(19,4): unscaled 123456789 = 0x075BCD15.
        assert_eq!(
            enc(|b| put_decimaln(b, 19, Some(123_456_789)).unwrap()),
            [9, 1, 0x15, 0xCD, 0x5B, 0x07, 0, 0, 0, 0]
        );
        assert_eq!(
            enc(|b| put_decimaln(b, 5, Some(-1)).unwrap()),
            [5, 0, 1, 0, 0, 0]
        );
        assert_eq!(enc(|b| put_decimaln(b, 5, None).unwrap()), [0]);
        let max38 = 10i128.pow(38) - 1;
        let v = enc(|b| put_decimaln(b, 38, Some(max38)).unwrap());
        assert_eq!(v.len(), 18);
        assert_eq!(v[..2], [17, 1]);
        assert_eq!(
            u128::from_le_bytes(v[2..].try_into().unwrap()),
            max38 as u128
        );
    }

    #[test]
    fn decimal_overflow_is_an_error() {
        let mut b = BytesMut::new();
        assert_eq!(
            put_decimaln(&mut b, 4, Some(10_000)),
            Err(ValueError::OutOfRange {
                sql_type: "decimal"
            })
        );
        assert!(put_decimaln(&mut b, 4, Some(-9_999)).is_ok());
        assert!(put_decimaln(&mut b, 0, Some(1)).is_err());
        assert!(put_decimaln(&mut b, 39, Some(1)).is_err());
    }

    #[test]
    fn guid_mixed_endian() {
        let g = [
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD,
            0xEE, 0xFF,
        ];
        assert_eq!(
            enc(|b| put_guid(b, Some(&g))),
            [
                16, 0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC,
                0xDD, 0xEE, 0xFF
            ]
        );
        assert_eq!(enc(|b| put_guid(b, None)), [0]);
    }
}
