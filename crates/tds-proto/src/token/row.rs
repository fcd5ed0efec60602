//! ROW (0xD1) [2.2.7.19] and NBCROW (0xD2) [2.2.7.20]: one result row.
//!
//! A ROW is the token byte followed by every column's value in COLMETADATA order, NULLs in
//! their type's NULL form. An NBCROW puts a null bitmap (ceil(n/8) bytes, bit i of byte i/8 set
//! = column i is NULL) after the token byte and omits NULL values entirely; SQL Server sends it
//! when that is shorter. NBCROW exists from TDS 7.3B: older clients (jTDS, FreeTDS at 7.1/7.2)
//! would misread it, so it is never sent to them.
//!
//! The per-type value encoders live in [`crate::types`] and are re-exported here.

use super::token_type;
use crate::types::TypeInfo;
use crate::TdsVersion;
use bytes::{BufMut, BytesMut};

pub use crate::types::{
    put_bitn, put_date, put_datetime, put_datetime2, put_datetimeoffset, put_decimaln, put_floatn,
    put_guid, put_image, put_intn, put_ntext, put_nvarchar, put_plp_bytes, put_plp_nvarchar,
    put_time, put_varbinary, put_varchar, DateTimeParts,
};

/// Whether the client's TDS version understands NBCROW (7.3B and later).
pub fn nbcrow_supported(version: TdsVersion) -> bool {
    version >= TdsVersion::V7_3B
}

/// Bytes of the NBCROW null bitmap for `columns` columns.
pub fn null_bitmap_len(columns: usize) -> usize {
    columns.div_ceil(8)
}

/// Decides ROW vs NBCROW for one row: NBCROW when the client supports it and the bitmap is
/// strictly shorter than the NULL values it replaces. `is_null[i]` belongs to `types[i]`.
pub fn use_nbcrow(version: TdsVersion, types: &[TypeInfo], is_null: &[bool]) -> bool {
    if !nbcrow_supported(version) {
        return false;
    }
    let saved: usize = types
        .iter()
        .zip(is_null)
        .filter(|(_, null)| **null)
        .map(|(t, _)| t.null_len())
        .sum();
    saved > null_bitmap_len(types.len())
}

/// Starts a ROW token; the caller then writes every column's value (NULLs included).
pub fn put_row_start(buf: &mut BytesMut) {
    buf.put_u8(token_type::ROW);
}

/// Starts an NBCROW token with the null bitmap of `is_null`; the caller then writes only the
/// non-NULL values.
pub fn put_nbcrow_start(buf: &mut BytesMut, is_null: &[bool]) {
    buf.put_u8(token_type::NBCROW);
    for byte_cols in is_null.chunks(8) {
        let byte = byte_cols
            .iter()
            .enumerate()
            .fold(0u8, |acc, (bit, null)| acc | (u8::from(*null) << bit));
        buf.put_u8(byte);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::VarLen;

    #[test]
    fn bitmap_layout() {
        let mut b = BytesMut::new();
        let mut nulls = vec![false; 10];
        nulls[0] = true;
        nulls[3] = true;
        nulls[9] = true;
        put_nbcrow_start(&mut b, &nulls);
        assert_eq!(&b[..], [0xD2, 0b0000_1001, 0b0000_0010]);
        assert_eq!(null_bitmap_len(0), 0);
        assert_eq!(null_bitmap_len(8), 1);
        assert_eq!(null_bitmap_len(9), 2);
    }

    #[test]
    fn nbcrow_only_when_shorter_and_supported() {
        let ints = [TypeInfo::IntN(4); 8];
        let mut nulls = [false; 8];
        assert!(!use_nbcrow(TdsVersion::V7_4, &ints, &nulls));
        nulls[0] = true;
        // One 1-byte NULL vs a 1-byte bitmap: not shorter.
        assert!(!use_nbcrow(TdsVersion::V7_4, &ints, &nulls));
        nulls[1] = true;
        assert!(use_nbcrow(TdsVersion::V7_4, &ints, &nulls));
        assert!(use_nbcrow(TdsVersion::V7_3B, &ints, &nulls));
        assert!(!use_nbcrow(TdsVersion::V7_3A, &ints, &nulls));
        assert!(!use_nbcrow(TdsVersion::V7_1, &ints, &nulls));
        // A single PLP NULL saves 8 bytes.
        let plp = [TypeInfo::NVarChar(VarLen::Max)];
        assert!(use_nbcrow(TdsVersion::V7_4, &plp, &[true]));
    }

    #[test]
    fn full_row_with_values() {
        let mut b = BytesMut::new();
        put_row_start(&mut b);
        put_intn(&mut b, 4, Some(7)).unwrap();
        TypeInfo::nvarchar(5).put_null(&mut b);
        put_bitn(&mut b, Some(true));
        assert_eq!(&b[..], [0xD1, 4, 7, 0, 0, 0, 0xFF, 0xFF, 1, 1]);
    }
}
