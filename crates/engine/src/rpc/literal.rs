//! RPC parameter values as SQL literals. Bound parameters become literal ASTs in the parsed
//! statement, so they behave exactly like literals written in a batch: constant folding, filter
//! pushdown to Stripe (`WHERE Id = @P1` is a retrieve), result types.

use sqlparser::ast::{CastKind, DataType, ExactNumberInfo, Expr, TimezoneInfo, Value};
use tds_proto::rpc::ParamValue;
use tds_proto::types::{format_date, format_datetime2, format_datetimeoffset, format_time};
use tds_server::{ErrorKind, SqlError};

use super::declare::Declared;

fn cast(expr: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(expr),
        data_type,
        array: false,
        format: None,
    }
}

fn string(s: String) -> Expr {
    Expr::value(Value::SingleQuotedString(s))
}

fn conversion(what: &str) -> SqlError {
    SqlError::new(
        ErrorKind::Conversion,
        format!("Conversion failed when converting the {what} parameter value."),
    )
}

/// `123.45` from an unscaled integer and a scale.
pub(crate) fn decimal_text(unscaled: i128, scale: u8) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let scale = usize::from(scale);
    let sign = if unscaled < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// SQL Server's text form of a uniqueidentifier from its wire bytes (first three groups LE).
pub(crate) fn guid_text(g: &[u8; 16]) -> String {
    format!(
        "{:02X}{:02X}{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}",
        g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13],
        g[14], g[15]
    )
}

/// The value as an expression of its own type; `Some(type)` when it needs a cast to have it.
fn own_literal(value: &ParamValue) -> Result<(Expr, Option<DataType>), SqlError> {
    let timestamp = DataType::Timestamp(None, TimezoneInfo::None);
    Ok(match value {
        ParamValue::Null => (Expr::value(Value::Null), None),
        ParamValue::Bool(b) => (Expr::value(Value::Boolean(*b)), None),
        ParamValue::Int(i) => (Expr::value(Value::Number(i.to_string(), false)), None),
        ParamValue::Float(f) => {
            if !f.is_finite() {
                return Err(conversion("float"));
            }
            let text = format!("{f:?}");
            (
                Expr::value(Value::Number(text, false)),
                Some(DataType::DoublePrecision),
            )
        }
        ParamValue::Decimal {
            unscaled,
            precision,
            scale,
        } => (
            string(decimal_text(*unscaled, *scale)),
            Some(DataType::Decimal(ExactNumberInfo::PrecisionAndScale(
                u64::from(*precision),
                i64::from(*scale),
            ))),
        ),
        ParamValue::String(s) => (string(s.clone()), None),
        ParamValue::Bytes(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
            (Expr::value(Value::HexStringLiteral(hex)), None)
        }
        ParamValue::Guid(g) => (string(guid_text(g)), None),
        ParamValue::Date { unix_days } => (
            string(format_date(*unix_days).map_err(|_| conversion("date"))?),
            Some(DataType::Date),
        ),
        ParamValue::Time {
            nanos_of_day,
            scale,
        } => (
            string(format_time(*scale, *nanos_of_day).map_err(|_| conversion("time"))?),
            Some(DataType::Time(None, TimezoneInfo::None)),
        ),
        ParamValue::DateTime { value, scale } => (
            string(format_datetime2(*scale, *value).map_err(|_| conversion("datetime"))?),
            Some(timestamp),
        ),
        ParamValue::DateTimeOffset {
            utc,
            offset_minutes,
            scale,
        } => {
            // Arrow parses `2024-01-01 10:00:00+01:00`, not the space SQL Server prints.
            let text = format_datetimeoffset(*scale, *utc, *offset_minutes)
                .map_err(|_| conversion("datetimeoffset"))?;
            let text = match text.rfind(' ') {
                Some(i) => format!("{}{}", &text[..i], &text[i + 1..]),
                None => text,
            };
            (
                string(text),
                Some(DataType::Timestamp(None, TimezoneInfo::WithTimeZone)),
            )
        }
    })
}

/// The literal a bound parameter becomes: cast to its declared type, except strings (and
/// uniqueidentifiers, whose text is their value here) declared as character types, which stay
/// plain literals (what a batch would contain). A cast to `varchar` without a length would cut
/// them to 30 characters, as SQL Server's `CAST(x AS varchar)` does.
pub(crate) fn literal(value: &ParamValue, declared: Option<&Declared>) -> Result<Expr, SqlError> {
    let (expr, own_type) = own_literal(value)?;
    Ok(match declared {
        Some(d) if d.is_string && matches!(value, ParamValue::String(_) | ParamValue::Guid(_)) => {
            expr
        }
        Some(Declared { cast: Some(ty), .. }) => cast(expr, ty.clone()),
        _ => match own_type {
            Some(ty) => cast(expr, ty),
            None => expr,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::declare::parse_declarations;

    fn lit(v: ParamValue, decl: &str) -> String {
        let d = parse_declarations(decl).unwrap();
        literal(&v, d.first()).unwrap().to_string()
    }

    #[test]
    fn literals_follow_the_declared_type() {
        assert_eq!(lit(ParamValue::Int(41), "@P1 int"), "CAST(41 AS INT)");
        assert_eq!(lit(ParamValue::Int(-5), ""), "-5");
        assert_eq!(
            lit(ParamValue::String("it's".into()), "@P1 nvarchar(4000)"),
            "'it''s'"
        );
        assert_eq!(lit(ParamValue::Null, "@P1 int"), "CAST(NULL AS INT)");
        assert_eq!(
            lit(ParamValue::Guid([0; 16]), "@P1 uniqueidentifier"),
            "'00000000-0000-0000-0000-000000000000'",
            "36 characters: no cast to a 30-character varchar"
        );
        assert_eq!(
            lit(ParamValue::Float(1.5), "@P1 float(53)"),
            "CAST(1.5 AS DOUBLE PRECISION)"
        );
        assert_eq!(
            lit(
                ParamValue::Decimal {
                    unscaled: -12345,
                    precision: 10,
                    scale: 3
                },
                "@P1 numeric(10,3)"
            ),
            "CAST('-12.345' AS DECIMAL(10,3))"
        );
        assert_eq!(lit(ParamValue::Bytes(vec![0xAB, 1]), ""), "X'AB01'");
        assert_eq!(
            lit(ParamValue::Bool(true), "@P1 bit"),
            "CAST(true AS BOOLEAN)"
        );
        assert!(literal(&ParamValue::Float(f64::NAN), None).is_err());
    }

    #[test]
    fn text_forms() {
        assert_eq!(decimal_text(5, 3), "0.005");
        assert_eq!(decimal_text(-120, 0), "-120");
        let mut g = [0u8; 16];
        g[0] = 0x01;
        g[4] = 0x02;
        g[6] = 0x03;
        g[15] = 0xFF;
        assert_eq!(guid_text(&g), "00000001-0002-0003-0000-0000000000FF");
    }
}
