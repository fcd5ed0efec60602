//! TYPE_INFO of an RPC parameter [2.2.5.4], [2.2.6.6]: every type a client may send, including
//! the fixed-length legacy types (INT4, FLT8, DATETIME, MONEY, …) that COLMETADATA never uses
//! here, NULLTYPE (tiberius sends a typeless NULL as 0x1F) and the pre-7.2 LOB types.

use super::reader::Reader;
use crate::error::{Error, Result};

/// TDS data type bytes [2.2.5.4.1]–[2.2.5.4.3].
pub mod type_code {
    /// NULLTYPE: no TYPE_INFO, no value.
    pub const NULL: u8 = 0x1F;
    /// tinyint, fixed.
    pub const INT1: u8 = 0x30;
    /// bit, fixed.
    pub const BIT: u8 = 0x32;
    /// smallint, fixed.
    pub const INT2: u8 = 0x34;
    /// int, fixed.
    pub const INT4: u8 = 0x38;
    /// smalldatetime, fixed.
    pub const DATETIM4: u8 = 0x3A;
    /// real, fixed.
    pub const FLT4: u8 = 0x3B;
    /// money, fixed.
    pub const MONEY: u8 = 0x3C;
    /// datetime, fixed.
    pub const DATETIME: u8 = 0x3D;
    /// float, fixed.
    pub const FLT8: u8 = 0x3E;
    /// smallmoney, fixed.
    pub const MONEY4: u8 = 0x7A;
    /// bigint, fixed.
    pub const INT8: u8 = 0x7F;
    /// uniqueidentifier.
    pub const GUID: u8 = 0x24;
    /// Nullable integers.
    pub const INTN: u8 = 0x26;
    /// Legacy decimal (same value layout as DECIMALN).
    pub const DECIMAL: u8 = 0x37;
    /// Legacy numeric.
    pub const NUMERIC: u8 = 0x3F;
    /// Nullable bit.
    pub const BITN: u8 = 0x68;
    /// decimal(p,s).
    pub const DECIMALN: u8 = 0x6A;
    /// numeric(p,s).
    pub const NUMERICN: u8 = 0x6C;
    /// Nullable float/real.
    pub const FLTN: u8 = 0x6D;
    /// Nullable money/smallmoney.
    pub const MONEYN: u8 = 0x6E;
    /// Nullable datetime/smalldatetime.
    pub const DATETIMN: u8 = 0x6F;
    /// date.
    pub const DATEN: u8 = 0x28;
    /// time(s).
    pub const TIMEN: u8 = 0x29;
    /// datetime2(s).
    pub const DATETIME2N: u8 = 0x2A;
    /// datetimeoffset(s).
    pub const DATETIMEOFFSETN: u8 = 0x2B;
    /// Legacy char (BYTELEN, no collation).
    pub const CHAR: u8 = 0x2F;
    /// Legacy varchar.
    pub const VARCHAR: u8 = 0x27;
    /// Legacy binary.
    pub const BINARY: u8 = 0x2D;
    /// Legacy varbinary.
    pub const VARBINARY: u8 = 0x25;
    /// varbinary(n|max).
    pub const BIGVARBINARY: u8 = 0xA5;
    /// varchar(n|max).
    pub const BIGVARCHAR: u8 = 0xA7;
    /// binary(n).
    pub const BIGBINARY: u8 = 0xAD;
    /// char(n).
    pub const BIGCHAR: u8 = 0xAF;
    /// nvarchar(n|max).
    pub const NVARCHAR: u8 = 0xE7;
    /// nchar(n).
    pub const NCHAR: u8 = 0xEF;
    /// xml (PLP values).
    pub const XML: u8 = 0xF1;
    /// image.
    pub const IMAGE: u8 = 0x22;
    /// text.
    pub const TEXT: u8 = 0x23;
    /// ntext.
    pub const NTEXT: u8 = 0x63;
}

use type_code as t;

/// How a parameter's value is framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// Exactly this many bytes, no length prefix (fixed types; 0 for NULLTYPE).
    Fixed(usize),
    /// 1-byte length, 0 = NULL.
    ByteLen,
    /// 2-byte length, 0xFFFF = NULL.
    UShortLen,
    /// Partially length-prefixed chunks [2.2.5.2.3] (the `(max)` types and xml).
    Plp,
    /// 4-byte length, 0xFFFFFFFF = NULL (text, ntext, image).
    LongLen,
}

/// A parameter's declared type as the client sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamType {
    /// The type byte ([`type_code`]).
    pub code: u8,
    /// Declared maximum length in bytes (0xFFFF for `(max)`); 0 for types without one.
    pub max_len: u32,
    /// Precision of decimal/numeric; 0 otherwise.
    pub precision: u8,
    /// Scale of decimal/numeric and of the 7.3 time types; 0 otherwise.
    pub scale: u8,
    /// Collation of character types (5 bytes), as sent.
    pub collation: Option<[u8; 5]>,
}

impl ParamType {
    fn plain(code: u8) -> ParamType {
        ParamType {
            code,
            max_len: 0,
            precision: 0,
            scale: 0,
            collation: None,
        }
    }

    /// Reads TYPE_INFO.
    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<ParamType> {
        let code = r.u8("TYPE_INFO")?;
        let mut ty = ParamType::plain(code);
        match code {
            t::NULL
            | t::INT1
            | t::BIT
            | t::INT2
            | t::INT4
            | t::DATETIM4
            | t::FLT4
            | t::MONEY
            | t::DATETIME
            | t::FLT8
            | t::MONEY4
            | t::INT8
            | t::DATEN => {}
            t::GUID
            | t::INTN
            | t::BITN
            | t::FLTN
            | t::MONEYN
            | t::DATETIMN
            | t::CHAR
            | t::VARCHAR
            | t::BINARY
            | t::VARBINARY => {
                ty.max_len = u32::from(r.u8("TYPE_INFO length")?);
            }
            t::DECIMAL | t::NUMERIC | t::DECIMALN | t::NUMERICN => {
                ty.max_len = u32::from(r.u8("TYPE_INFO length")?);
                ty.precision = r.u8("TYPE_INFO precision")?;
                ty.scale = r.u8("TYPE_INFO scale")?;
                if !(1..=38).contains(&ty.precision) || ty.scale > ty.precision {
                    return Err(Error::Unsupported {
                        what: "decimal precision/scale",
                        value: u32::from(ty.precision) << 8 | u32::from(ty.scale),
                    });
                }
            }
            t::TIMEN | t::DATETIME2N | t::DATETIMEOFFSETN => {
                ty.scale = r.u8("TYPE_INFO scale")?;
                if ty.scale > 7 {
                    return Err(Error::Unsupported {
                        what: "time scale",
                        value: u32::from(ty.scale),
                    });
                }
            }
            t::BIGVARBINARY | t::BIGBINARY => ty.max_len = u32::from(r.u16("TYPE_INFO length")?),
            t::BIGVARCHAR | t::BIGCHAR | t::NVARCHAR | t::NCHAR => {
                ty.max_len = u32::from(r.u16("TYPE_INFO length")?);
                ty.collation = Some(r.bytes("collation")?);
            }
            t::TEXT | t::NTEXT => {
                ty.max_len = r.u32("TYPE_INFO length")?;
                ty.collation = Some(r.bytes("collation")?);
            }
            t::IMAGE => ty.max_len = r.u32("TYPE_INFO length")?,
            t::XML => {
                // XML_INFO: SCHEMA_PRESENT, then database, owning schema and collection names.
                if r.u8("XML schema present")? != 0 {
                    r.b_varchar("XML database")?;
                    r.b_varchar("XML owning schema")?;
                    r.us_varchar("XML schema collection")?;
                }
            }
            other => {
                return Err(Error::Unsupported {
                    what: "RPC parameter type",
                    value: u32::from(other),
                })
            }
        }
        Ok(ty)
    }

    /// How values of this type are framed.
    pub(crate) fn framing(&self) -> Framing {
        match self.code {
            t::NULL => Framing::Fixed(0),
            t::INT1 | t::BIT => Framing::Fixed(1),
            t::INT2 => Framing::Fixed(2),
            t::INT4 | t::DATETIM4 | t::FLT4 | t::MONEY4 => Framing::Fixed(4),
            t::MONEY | t::DATETIME | t::FLT8 | t::INT8 => Framing::Fixed(8),
            t::BIGVARBINARY
            | t::BIGBINARY
            | t::BIGVARCHAR
            | t::BIGCHAR
            | t::NVARCHAR
            | t::NCHAR => {
                if self.max_len == 0xFFFF {
                    Framing::Plp
                } else {
                    Framing::UShortLen
                }
            }
            t::XML => Framing::Plp,
            t::TEXT | t::NTEXT | t::IMAGE => Framing::LongLen,
            _ => Framing::ByteLen,
        }
    }

    /// True for the UTF-16 character types.
    pub fn is_unicode(&self) -> bool {
        matches!(self.code, t::NVARCHAR | t::NCHAR | t::NTEXT | t::XML)
    }

    /// The T-SQL spelling of the type (`int`, `nvarchar(4000)`, `decimal(10,2)`, …), for
    /// messages and for parameters sent without a declaration.
    pub fn sql_name(&self) -> String {
        let chars = |bytes: u32, per: u32| {
            if bytes == 0xFFFF {
                "max".to_string()
            } else {
                (bytes / per).max(1).to_string()
            }
        };
        match self.code {
            t::NULL => "int".into(),
            t::INT1 => "tinyint".into(),
            t::INT2 => "smallint".into(),
            t::INT4 => "int".into(),
            t::INT8 => "bigint".into(),
            t::INTN => match self.max_len {
                1 => "tinyint".into(),
                2 => "smallint".into(),
                8 => "bigint".into(),
                _ => "int".into(),
            },
            t::BIT | t::BITN => "bit".into(),
            t::FLT4 => "real".into(),
            t::FLT8 => "float".into(),
            t::FLTN if self.max_len == 4 => "real".into(),
            t::FLTN => "float".into(),
            t::MONEY4 => "smallmoney".into(),
            t::MONEYN if self.max_len == 4 => "smallmoney".into(),
            t::MONEY | t::MONEYN => "money".into(),
            t::DATETIM4 => "smalldatetime".into(),
            t::DATETIMN if self.max_len == 4 => "smalldatetime".into(),
            t::DATETIME | t::DATETIMN => "datetime".into(),
            t::DECIMAL | t::DECIMALN => format!("decimal({},{})", self.precision, self.scale),
            t::NUMERIC | t::NUMERICN => format!("numeric({},{})", self.precision, self.scale),
            t::GUID => "uniqueidentifier".into(),
            t::DATEN => "date".into(),
            t::TIMEN => format!("time({})", self.scale),
            t::DATETIME2N => format!("datetime2({})", self.scale),
            t::DATETIMEOFFSETN => format!("datetimeoffset({})", self.scale),
            t::CHAR => format!("char({})", chars(self.max_len, 1)),
            t::VARCHAR => format!("varchar({})", chars(self.max_len, 1)),
            t::BINARY => format!("binary({})", chars(self.max_len, 1)),
            t::VARBINARY => format!("varbinary({})", chars(self.max_len, 1)),
            t::BIGVARBINARY => format!("varbinary({})", chars(self.max_len, 1)),
            t::BIGBINARY => format!("binary({})", chars(self.max_len, 1)),
            t::BIGVARCHAR => format!("varchar({})", chars(self.max_len, 1)),
            t::BIGCHAR => format!("char({})", chars(self.max_len, 1)),
            t::NVARCHAR => format!("nvarchar({})", chars(self.max_len, 2)),
            t::NCHAR => format!("nchar({})", chars(self.max_len, 2)),
            t::XML => "xml".into(),
            t::TEXT => "text".into(),
            t::NTEXT => "ntext".into(),
            t::IMAGE => "image".into(),
            _ => "sql_variant".into(),
        }
    }
}
