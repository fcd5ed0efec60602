//! TYPE_INFO [2.2.5.4.2], [2.2.5.6]: how COLMETADATA (and RETURNVALUE) describes a column's type.

use crate::collation::DEFAULT_COLLATION;
use bytes::{BufMut, BytesMut};

/// The maximum length of a variable-length character or binary type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VarLen {
    /// A bounded length in **bytes** (`nvarchar(n)` is `2n` bytes); at most 8000.
    Bytes(u16),
    /// `(max)`: announced as length 0xFFFF, values travel as PLP [2.2.5.2.3] (TDS 7.2+ only).
    Max,
}

/// A column type as TYPE_INFO announces it. Only nullable types are listed: SQL Server uses the
/// fixed-length forms (INT4, FLT8, …) solely for NOT NULL columns, and a nullable form is always
/// valid, so there is nothing to gain from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeInfo {
    /// INTNTYPE 0x26 with size 1 (`tinyint`, unsigned), 2 (`smallint`), 4 (`int`), 8 (`bigint`).
    /// `SELECT NULL` is announced by SQL Server as INTN(4) too.
    IntN(u8),
    /// BITNTYPE 0x68 (`bit`).
    BitN,
    /// FLTNTYPE 0x6D with size 4 (`real`) or 8 (`float`).
    FltN(u8),
    /// DECIMALNTYPE 0x6A (`decimal(p,s)`), precision 1–38.
    DecimalN {
        /// Total digits, 1–38.
        precision: u8,
        /// Digits after the point, 0–precision.
        scale: u8,
    },
    /// NUMERICNTYPE 0x6C (`numeric(p,s)`); same layout as DECIMALN.
    NumericN {
        /// Total digits, 1–38.
        precision: u8,
        /// Digits after the point.
        scale: u8,
    },
    /// NVARCHARTYPE 0xE7 (`nvarchar(n)` / `nvarchar(max)`) with the default collation.
    NVarChar(VarLen),
    /// NTEXTTYPE 0x63: the pre-7.2 large Unicode type, for clients without PLP (jTDS, TDS 7.1).
    NText,
    /// BIGVARCHRTYPE 0xA7 (`varchar(n)`), code page 1252 via the default collation; bytes.
    BigVarChar(u16),
    /// DATETIMNTYPE 0x6F with size 8 (`datetime`).
    DateTimeN,
    /// DATENTYPE 0x28 (`date`, TDS 7.3+).
    DateN,
    /// TIMENTYPE 0x29 (`time(scale)`, TDS 7.3+).
    TimeN {
        /// Fractional-second digits, 0–7.
        scale: u8,
    },
    /// DATETIME2NTYPE 0x2A (`datetime2(scale)`, TDS 7.3+).
    DateTime2N {
        /// Fractional-second digits, 0–7.
        scale: u8,
    },
    /// DATETIMEOFFSETNTYPE 0x2B (`datetimeoffset(scale)`, TDS 7.3+).
    DateTimeOffsetN {
        /// Fractional-second digits, 0–7.
        scale: u8,
    },
    /// GUIDTYPE 0x24 (`uniqueidentifier`).
    Guid,
    /// BIGVARBINARYTYPE 0xA5 (`varbinary(n)` / `varbinary(max)`).
    BigVarBinary(VarLen),
    /// IMAGETYPE 0x22: the pre-7.2 large binary type, for clients without PLP.
    Image,
}

/// Bytes of a DECIMALN/NUMERICN value (sign byte included) for a precision [2.2.5.5.1.6].
pub fn decimal_value_len(precision: u8) -> u8 {
    match precision {
        0..=9 => 5,
        10..=19 => 9,
        20..=28 => 13,
        _ => 17,
    }
}

/// Bytes of the time part of TIME/DATETIME2/DATETIMEOFFSET for a scale [2.2.5.5.1.8].
pub fn time_value_len(scale: u8) -> u8 {
    match scale {
        0..=2 => 3,
        3..=4 => 4,
        _ => 5,
    }
}

/// The LONGLEN SQL Server announces for NTEXT (2^30 - 1 characters, in bytes).
const NTEXT_MAX_LEN: u32 = 0x7FFF_FFFE;
/// The LONGLEN SQL Server announces for IMAGE and TEXT.
const IMAGE_MAX_LEN: u32 = 0x7FFF_FFFF;

impl TypeInfo {
    /// `nvarchar(chars)`; `chars` above 4000 cannot be bounded and becomes `nvarchar(max)`.
    pub fn nvarchar(chars: u16) -> TypeInfo {
        if chars == 0 || chars > 4000 {
            TypeInfo::NVarChar(VarLen::Max)
        } else {
            TypeInfo::NVarChar(VarLen::Bytes(chars * 2))
        }
    }

    /// The type byte (TYPE_INFO's first byte).
    pub fn code(&self) -> u8 {
        match self {
            TypeInfo::IntN(_) => 0x26,
            TypeInfo::BitN => 0x68,
            TypeInfo::FltN(_) => 0x6D,
            TypeInfo::DecimalN { .. } => 0x6A,
            TypeInfo::NumericN { .. } => 0x6C,
            TypeInfo::NVarChar(_) => 0xE7,
            TypeInfo::NText => 0x63,
            TypeInfo::BigVarChar(_) => 0xA7,
            TypeInfo::DateTimeN => 0x6F,
            TypeInfo::DateN => 0x28,
            TypeInfo::TimeN { .. } => 0x29,
            TypeInfo::DateTime2N { .. } => 0x2A,
            TypeInfo::DateTimeOffsetN { .. } => 0x2B,
            TypeInfo::Guid => 0x24,
            TypeInfo::BigVarBinary(_) => 0xA5,
            TypeInfo::Image => 0x22,
        }
    }

    /// Writes TYPE_INFO exactly as SQL Server does: type byte, then the length (BYTELEN,
    /// USHORTLEN or LONGLEN by type, none for DATEN), then collation, precision/scale or scale.
    pub fn encode(&self, buf: &mut BytesMut) {
        buf.put_u8(self.code());
        match *self {
            TypeInfo::IntN(size) | TypeInfo::FltN(size) => buf.put_u8(size),
            TypeInfo::BitN => buf.put_u8(1),
            TypeInfo::DecimalN { precision, scale } | TypeInfo::NumericN { precision, scale } => {
                buf.put_u8(decimal_value_len(precision));
                buf.put_u8(precision);
                buf.put_u8(scale);
            }
            TypeInfo::NVarChar(len) => {
                buf.put_u16_le(varlen_u16(len));
                buf.put_slice(&DEFAULT_COLLATION);
            }
            TypeInfo::BigVarChar(len) => {
                buf.put_u16_le(len);
                buf.put_slice(&DEFAULT_COLLATION);
            }
            TypeInfo::NText => {
                buf.put_u32_le(NTEXT_MAX_LEN);
                buf.put_slice(&DEFAULT_COLLATION);
            }
            TypeInfo::Image => buf.put_u32_le(IMAGE_MAX_LEN),
            TypeInfo::DateTimeN => buf.put_u8(8),
            // DATENTYPE has no length in TYPE_INFO; the three 7.3 time types carry only a scale.
            TypeInfo::DateN => {}
            TypeInfo::TimeN { scale }
            | TypeInfo::DateTime2N { scale }
            | TypeInfo::DateTimeOffsetN { scale } => buf.put_u8(scale),
            TypeInfo::Guid => buf.put_u8(16),
            TypeInfo::BigVarBinary(len) => buf.put_u16_le(varlen_u16(len)),
        }
    }

    /// Whether SQL Server has a fixed-length form of this type (INT4, BIT, FLT8, DATETIME, …),
    /// which it sends for NOT NULL columns. Clients such as Mono's SqlClient read a value of a
    /// column announced as INTN/BITN/FLTN/DATETIMN *without* the nullable flag as that fixed
    /// form, length byte missing; such columns must therefore always carry the flag.
    pub fn has_fixed_form(&self) -> bool {
        matches!(
            self,
            TypeInfo::IntN(_) | TypeInfo::BitN | TypeInfo::FltN(_) | TypeInfo::DateTimeN
        )
    }

    /// Whether COLMETADATA must follow this TYPE_INFO with a TableName (TEXT, NTEXT, IMAGE).
    pub fn has_table_name(&self) -> bool {
        matches!(self, TypeInfo::NText | TypeInfo::Image)
    }

    /// Whether values are PLP-encoded (the `(max)` types).
    pub fn is_plp(&self) -> bool {
        matches!(
            self,
            TypeInfo::NVarChar(VarLen::Max) | TypeInfo::BigVarBinary(VarLen::Max)
        )
    }

    /// Bytes a NULL of this type takes in a ROW token; NBCROW saves exactly these bytes.
    pub fn null_len(&self) -> usize {
        match self {
            TypeInfo::NVarChar(VarLen::Max) | TypeInfo::BigVarBinary(VarLen::Max) => 8,
            TypeInfo::NVarChar(VarLen::Bytes(_))
            | TypeInfo::BigVarChar(_)
            | TypeInfo::BigVarBinary(VarLen::Bytes(_)) => 2,
            _ => 1,
        }
    }

    /// Writes this type's NULL as a ROW token carries it: length 0 for the BYTELEN types, 0xFFFF
    /// for USHORTLEN, all-ones for PLP, textptr length 0 for NTEXT/IMAGE [2.2.4.2.1.5].
    pub fn put_null(&self, buf: &mut BytesMut) {
        match self.null_len() {
            8 => buf.put_u64_le(super::PLP_NULL),
            2 => buf.put_u16_le(0xFFFF),
            _ => buf.put_u8(0),
        }
    }

    /// The T-SQL spelling, e.g. `int`, `nvarchar(255)`, `nvarchar(max)`, `decimal(19,4)`.
    pub fn sql_name(&self) -> String {
        match *self {
            TypeInfo::IntN(1) => "tinyint".into(),
            TypeInfo::IntN(2) => "smallint".into(),
            TypeInfo::IntN(8) => "bigint".into(),
            TypeInfo::IntN(_) => "int".into(),
            TypeInfo::BitN => "bit".into(),
            TypeInfo::FltN(4) => "real".into(),
            TypeInfo::FltN(_) => "float".into(),
            TypeInfo::DecimalN { precision, scale } => format!("decimal({precision},{scale})"),
            TypeInfo::NumericN { precision, scale } => format!("numeric({precision},{scale})"),
            TypeInfo::NVarChar(VarLen::Bytes(n)) => format!("nvarchar({})", n / 2),
            TypeInfo::NVarChar(VarLen::Max) => "nvarchar(max)".into(),
            TypeInfo::NText => "ntext".into(),
            TypeInfo::BigVarChar(n) => format!("varchar({n})"),
            TypeInfo::DateTimeN => "datetime".into(),
            TypeInfo::DateN => "date".into(),
            TypeInfo::TimeN { scale } => format!("time({scale})"),
            TypeInfo::DateTime2N { scale } => format!("datetime2({scale})"),
            TypeInfo::DateTimeOffsetN { scale } => format!("datetimeoffset({scale})"),
            TypeInfo::Guid => "uniqueidentifier".into(),
            TypeInfo::BigVarBinary(VarLen::Bytes(n)) => format!("varbinary({n})"),
            TypeInfo::BigVarBinary(VarLen::Max) => "varbinary(max)".into(),
            TypeInfo::Image => "image".into(),
        }
    }
}

fn varlen_u16(len: VarLen) -> u16 {
    match len {
        VarLen::Bytes(n) => n,
        VarLen::Max => 0xFFFF,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(t: TypeInfo) -> Vec<u8> {
        let mut b = BytesMut::new();
        t.encode(&mut b);
        b.to_vec()
    }

    #[test]
    fn fixed_size_nullable_types() {
        assert_eq!(bytes(TypeInfo::IntN(8)), [0x26, 8]);
        assert_eq!(bytes(TypeInfo::IntN(1)), [0x26, 1]);
        assert_eq!(bytes(TypeInfo::BitN), [0x68, 1]);
        assert_eq!(bytes(TypeInfo::FltN(8)), [0x6D, 8]);
        assert_eq!(bytes(TypeInfo::DateTimeN), [0x6F, 8]);
        assert_eq!(bytes(TypeInfo::Guid), [0x24, 16]);
    }

    #[test]
    fn decimal_announces_length_precision_scale() {
        let d = |precision, scale| bytes(TypeInfo::DecimalN { precision, scale });
        assert_eq!(d(19, 4), [0x6A, 9, 19, 4]);
        assert_eq!(d(9, 0), [0x6A, 5, 9, 0]);
        assert_eq!(d(28, 2), [0x6A, 13, 28, 2]);
        assert_eq!(d(38, 10), [0x6A, 17, 38, 10]);
        assert_eq!(
            bytes(TypeInfo::NumericN {
                precision: 20,
                scale: 0
            }),
            [0x6C, 13, 20, 0]
        );
    }

    #[test]
    fn character_types_carry_the_collation() {
        assert_eq!(
            bytes(TypeInfo::nvarchar(255)),
            [0xE7, 0xFE, 0x01, 0x09, 0x04, 0xD0, 0x00, 0x34]
        );
        assert_eq!(
            bytes(TypeInfo::NVarChar(VarLen::Max)),
            [0xE7, 0xFF, 0xFF, 0x09, 0x04, 0xD0, 0x00, 0x34]
        );
        assert_eq!(
            bytes(TypeInfo::NText),
            [0x63, 0xFE, 0xFF, 0xFF, 0x7F, 0x09, 0x04, 0xD0, 0x00, 0x34]
        );
        assert_eq!(
            bytes(TypeInfo::BigVarChar(3)),
            [0xA7, 3, 0, 0x09, 0x04, 0xD0, 0x00, 0x34]
        );
        assert_eq!(TypeInfo::nvarchar(4001), TypeInfo::NVarChar(VarLen::Max));
    }

    #[test]
    fn binary_types() {
        assert_eq!(
            bytes(TypeInfo::BigVarBinary(VarLen::Max)),
            [0xA5, 0xFF, 0xFF]
        );
        assert_eq!(
            bytes(TypeInfo::BigVarBinary(VarLen::Bytes(16))),
            [0xA5, 16, 0]
        );
        assert_eq!(bytes(TypeInfo::Image), [0x22, 0xFF, 0xFF, 0xFF, 0x7F]);
    }

    #[test]
    fn date_types_have_scale_only_and_date_has_nothing() {
        assert_eq!(bytes(TypeInfo::DateN), [0x28]);
        assert_eq!(bytes(TypeInfo::TimeN { scale: 7 }), [0x29, 7]);
        assert_eq!(bytes(TypeInfo::DateTime2N { scale: 3 }), [0x2A, 3]);
        assert_eq!(bytes(TypeInfo::DateTimeOffsetN { scale: 0 }), [0x2B, 0]);
    }

    #[test]
    fn null_forms() {
        let null = |t: TypeInfo| {
            let mut b = BytesMut::new();
            t.put_null(&mut b);
            assert_eq!(b.len(), t.null_len());
            b.to_vec()
        };
        assert_eq!(null(TypeInfo::IntN(4)), [0]);
        assert_eq!(null(TypeInfo::NText), [0]);
        assert_eq!(null(TypeInfo::nvarchar(10)), [0xFF, 0xFF]);
        assert_eq!(null(TypeInfo::NVarChar(VarLen::Max)), [0xFF; 8]);
        assert_eq!(null(TypeInfo::BigVarBinary(VarLen::Max)), [0xFF; 8]);
    }

    #[test]
    fn sql_names() {
        assert_eq!(TypeInfo::nvarchar(255).sql_name(), "nvarchar(255)");
        assert_eq!(TypeInfo::NVarChar(VarLen::Max).sql_name(), "nvarchar(max)");
        assert_eq!(
            TypeInfo::DecimalN {
                precision: 19,
                scale: 4
            }
            .sql_name(),
            "decimal(19,4)"
        );
        assert_eq!(TypeInfo::IntN(8).sql_name(), "bigint");
        assert_eq!(TypeInfo::DateTimeN.sql_name(), "datetime");
    }
}
