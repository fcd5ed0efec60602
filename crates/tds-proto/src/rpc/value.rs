//! RPC parameter values [2.2.5.5], decoded by their TYPE_INFO into a small typed enum.

use super::param_type::{type_code as t, Framing, ParamType};
use super::reader::{check_len, Reader};
use crate::error::{Error, Result};
use crate::types::cp1252::decode_byte;
use crate::types::temporal::{NANOS_PER_DAY, UNIX_EPOCH_FROM_0001};
use crate::types::{time_value_len, DateTimeParts};
use crate::wire::decode_utf16;

/// PLP total length meaning NULL.
const PLP_NULL: u64 = u64::MAX;
/// Days from 1900-01-01 (the DATETIME epoch) to 1970-01-01.
const UNIX_EPOCH_FROM_1900: i64 = 25_567;

/// A decoded parameter value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// SQL NULL (of any type).
    Null,
    /// bit.
    Bool(bool),
    /// tinyint, smallint, int, bigint.
    Int(i64),
    /// real, float.
    Float(f64),
    /// decimal, numeric, money (scale 4), smallmoney (scale 4).
    Decimal {
        /// The value times 10^scale.
        unscaled: i128,
        /// Total digits.
        precision: u8,
        /// Digits after the point.
        scale: u8,
    },
    /// Every character type, decoded (UTF-16, or cp1252 for the varchar family).
    String(String),
    /// binary, varbinary, image.
    Bytes(Vec<u8>),
    /// uniqueidentifier, in wire byte order (first three groups little-endian).
    Guid([u8; 16]),
    /// date.
    Date {
        /// Days since 1970-01-01.
        unix_days: i64,
    },
    /// time(scale).
    Time {
        /// Nanoseconds since midnight.
        nanos_of_day: u64,
        /// Fractional-second digits the client declared.
        scale: u8,
    },
    /// datetime (scale 3), smalldatetime (scale 0), datetime2(scale).
    DateTime {
        /// Date and time of day, no time zone.
        value: DateTimeParts,
        /// Fractional-second digits.
        scale: u8,
    },
    /// datetimeoffset(scale).
    DateTimeOffset {
        /// The instant in UTC, as the wire carries it.
        utc: DateTimeParts,
        /// Offset of the local time from UTC in minutes.
        offset_minutes: i16,
        /// Fractional-second digits.
        scale: u8,
    },
}

/// Reads one value of type `ty`.
pub(crate) fn decode_value(r: &mut Reader<'_>, ty: &ParamType) -> Result<ParamValue> {
    let data: Vec<u8> = match ty.framing() {
        Framing::Fixed(0) => return Ok(ParamValue::Null),
        Framing::Fixed(n) => r.take(n, "parameter value")?.to_vec(),
        Framing::ByteLen => match usize::from(r.u8("parameter length")?) {
            // DATEN is the only BYTELEN type whose zero length is NULL without a TYPE_INFO
            // length; every other one treats 0 as NULL too.
            0 => return Ok(ParamValue::Null),
            n => r.take(n, "parameter value")?.to_vec(),
        },
        Framing::UShortLen => match r.u16("parameter length")? {
            0xFFFF => return Ok(ParamValue::Null),
            n => r.take(usize::from(n), "parameter value")?.to_vec(),
        },
        Framing::LongLen => match r.u32("parameter length")? {
            0xFFFF_FFFF => return Ok(ParamValue::Null),
            n => r.take(n as usize, "parameter value")?.to_vec(),
        },
        Framing::Plp => match read_plp(r)? {
            None => return Ok(ParamValue::Null),
            Some(v) => v,
        },
    };
    convert(ty, &data)
}

/// Reads PLP chunks until the terminator. The announced total is not trusted for allocation:
/// chunks are only copied once they are known to be present.
fn read_plp(r: &mut Reader<'_>) -> Result<Option<Vec<u8>>> {
    let total = r.u64("PLP length")?;
    if total == PLP_NULL {
        return Ok(None);
    }
    let mut out = Vec::new();
    loop {
        let len = r.u32("PLP chunk length")? as usize;
        if len == 0 {
            return Ok(Some(out));
        }
        out.extend_from_slice(r.take(len, "PLP chunk")?);
    }
}

fn le_u64(data: &[u8]) -> u64 {
    data.iter()
        .rev()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
}

fn int(data: &[u8], unsigned_byte: bool) -> Result<i64> {
    check_len("integer parameter", data.len(), &[1, 2, 4, 8])?;
    Ok(match data.len() {
        1 if unsigned_byte => i64::from(data[0]),
        2 => i64::from(i16::from_le_bytes([data[0], data[1]])),
        4 => i64::from(i32::from_le_bytes([data[0], data[1], data[2], data[3]])),
        _ => le_u64(data) as i64,
    })
}

fn float(data: &[u8]) -> Result<f64> {
    check_len("float parameter", data.len(), &[4, 8])?;
    Ok(if data.len() == 4 {
        f64::from(f32::from_le_bytes([data[0], data[1], data[2], data[3]]))
    } else {
        f64::from_bits(le_u64(data))
    })
}

fn money(data: &[u8]) -> Result<ParamValue> {
    check_len("money parameter", data.len(), &[4, 8])?;
    let (unscaled, precision) = if data.len() == 4 {
        (i128::from(int(data, false)?), 10)
    } else {
        // MONEY is the high 4 bytes first, then the low 4 bytes [2.2.5.5.1.4].
        let hi = i32::from_le_bytes([data[0], data[1], data[2], data[3]]);
        let lo = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
        (i128::from((i64::from(hi) << 32) | i64::from(lo)), 19)
    };
    Ok(ParamValue::Decimal {
        unscaled,
        precision,
        scale: 4,
    })
}

/// DECIMALN/NUMERICN: a sign byte (0 negative, 1 positive) and a little-endian magnitude. The
/// spec has 5, 9, 13 or 17 bytes by precision, but FreeTDS sends only the bytes the precision
/// needs (3 for numeric(5,2)) and SQL Server accepts any length up to 17.
fn decimal(ty: &ParamType, data: &[u8]) -> Result<ParamValue> {
    if !(2..=17).contains(&data.len()) {
        return Err(Error::Malformed("decimal parameter length"));
    }
    let negative = match data[0] {
        0 => true,
        1 => false,
        _ => return Err(Error::Malformed("decimal sign")),
    };
    let magnitude = data[1..]
        .iter()
        .rev()
        .fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
    let magnitude = i128::try_from(magnitude).map_err(|_| Error::Malformed("decimal value"))?;
    Ok(ParamValue::Decimal {
        unscaled: if negative { -magnitude } else { magnitude },
        precision: ty.precision,
        scale: ty.scale,
    })
}

fn datetime(data: &[u8]) -> Result<ParamValue> {
    check_len("datetime parameter", data.len(), &[4, 8])?;
    let (days, nanos, scale) = if data.len() == 4 {
        let days = u16::from_le_bytes([data[0], data[1]]);
        let minutes = u16::from_le_bytes([data[2], data[3]]);
        (i64::from(days), u64::from(minutes) * 60_000_000_000, 0)
    } else {
        let days = i32::from_le_bytes([data[0], data[1], data[2], data[3]]);
        let ticks = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
        // 1/300 s ticks, rounded to the nearest nanosecond.
        let nanos = (u64::from(ticks) * 10_000_000 + 1) / 3;
        (i64::from(days), nanos, 3)
    };
    if nanos >= NANOS_PER_DAY {
        return Err(Error::Malformed("datetime time of day"));
    }
    Ok(ParamValue::DateTime {
        value: DateTimeParts {
            unix_days: days - UNIX_EPOCH_FROM_1900,
            nanos_of_day: nanos,
        },
        scale,
    })
}

/// TIMEN's time part: `len` bytes of 10^-scale s units.
fn time_part(data: &[u8], scale: u8) -> Result<u64> {
    let units = le_u64(data);
    let nanos = units.saturating_mul(10u64.pow(9 - u32::from(scale.min(7))));
    if nanos >= NANOS_PER_DAY {
        return Err(Error::Malformed("time of day"));
    }
    Ok(nanos)
}

fn date_part(data: &[u8]) -> i64 {
    le_u64(data) as i64 - UNIX_EPOCH_FROM_0001
}

fn temporal(ty: &ParamType, data: &[u8]) -> Result<ParamValue> {
    let tlen = usize::from(time_value_len(ty.scale));
    let scale = ty.scale;
    Ok(match ty.code {
        t::DATEN => {
            check_len("date parameter", data.len(), &[3])?;
            ParamValue::Date {
                unix_days: date_part(data),
            }
        }
        t::TIMEN => {
            check_len("time parameter", data.len(), &[tlen])?;
            ParamValue::Time {
                nanos_of_day: time_part(data, scale)?,
                scale,
            }
        }
        t::DATETIME2N => {
            check_len("datetime2 parameter", data.len(), &[tlen + 3])?;
            ParamValue::DateTime {
                value: DateTimeParts {
                    unix_days: date_part(&data[tlen..]),
                    nanos_of_day: time_part(&data[..tlen], scale)?,
                },
                scale,
            }
        }
        _ => {
            check_len("datetimeoffset parameter", data.len(), &[tlen + 5])?;
            let offset = i16::from_le_bytes([data[tlen + 3], data[tlen + 4]]);
            if !(-840..=840).contains(&offset) {
                return Err(Error::Malformed("datetimeoffset offset"));
            }
            ParamValue::DateTimeOffset {
                utc: DateTimeParts {
                    unix_days: date_part(&data[tlen..tlen + 3]),
                    nanos_of_day: time_part(&data[..tlen], scale)?,
                },
                offset_minutes: offset,
                scale,
            }
        }
    })
}

fn convert(ty: &ParamType, data: &[u8]) -> Result<ParamValue> {
    Ok(match ty.code {
        t::INT1 | t::INT2 | t::INT4 | t::INT8 | t::INTN => ParamValue::Int(int(data, true)?),
        t::BIT | t::BITN => {
            check_len("bit parameter", data.len(), &[1])?;
            ParamValue::Bool(data[0] != 0)
        }
        t::FLT4 | t::FLT8 | t::FLTN => ParamValue::Float(float(data)?),
        t::MONEY | t::MONEY4 | t::MONEYN => money(data)?,
        t::DATETIME | t::DATETIM4 | t::DATETIMN => datetime(data)?,
        t::DECIMAL | t::NUMERIC | t::DECIMALN | t::NUMERICN => decimal(ty, data)?,
        t::GUID => {
            let mut g = [0u8; 16];
            check_len("uniqueidentifier parameter", data.len(), &[16])?;
            g.copy_from_slice(data);
            ParamValue::Guid(g)
        }
        t::DATEN | t::TIMEN | t::DATETIME2N | t::DATETIMEOFFSETN => temporal(ty, data)?,
        t::BINARY | t::VARBINARY | t::BIGBINARY | t::BIGVARBINARY | t::IMAGE => {
            ParamValue::Bytes(data.to_vec())
        }
        _ if ty.is_unicode() => {
            if !data.len().is_multiple_of(2) {
                return Err(Error::Malformed("UTF-16 parameter of odd length"));
            }
            ParamValue::String(decode_utf16(data))
        }
        // char, varchar, text: the default collation's code page.
        _ => ParamValue::String(data.iter().map(|b| decode_byte(*b)).collect()),
    })
}
