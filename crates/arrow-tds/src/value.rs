//! Writing one non-NULL value of a column in its announced TDS type.

use crate::mapping::TextForm;
use crate::source::Reader;
use bytes::BytesMut;
use tds_proto::token::row as wire;
use tds_proto::types::{
    format_date, format_datetime2, format_datetimeoffset, format_time, TypeInfo, ValueError, VarLen,
};

/// Why a value could not be written.
pub(crate) enum Failure {
    /// The value does not fit the type.
    Value(ValueError),
    /// The reader does not match the type: a planning bug, reported rather than panicking.
    Mismatch,
}

impl From<ValueError> for Failure {
    fn from(e: ValueError) -> Self {
        Failure::Value(e)
    }
}

/// Appends the value at `row` (known non-NULL) of `reader` as `type_info` prescribes.
pub(crate) fn write_value(
    buf: &mut BytesMut,
    type_info: &TypeInfo,
    text: Option<TextForm>,
    reader: &Reader<'_>,
    row: usize,
    scratch: &mut String,
) -> Result<(), Failure> {
    if let Some(form) = text {
        return write_temporal_text(buf, type_info, form, reader, row);
    }
    match (*type_info, reader) {
        (TypeInfo::IntN(size), Reader::Int(a)) => wire::put_intn(buf, size, Some(a.value(row)))?,
        (TypeInfo::BitN, Reader::Bool(a)) => wire::put_bitn(buf, Some(a.value(row))),
        (TypeInfo::FltN(size), Reader::F32(a)) => {
            wire::put_floatn(buf, size, Some(f64::from(a.value(row))))?
        }
        (TypeInfo::FltN(size), Reader::F64(a)) => wire::put_floatn(buf, size, Some(a.value(row)))?,
        (
            TypeInfo::DecimalN { precision, .. } | TypeInfo::NumericN { precision, .. },
            Reader::Dec(a),
        ) => wire::put_decimaln(buf, precision, Some(a.value(row)))?,
        (TypeInfo::NVarChar(len), _) => {
            let s = reader.str_value(row, scratch).ok_or(Failure::Mismatch)?;
            match len {
                VarLen::Bytes(max) => wire::put_nvarchar(buf, max, Some(s))?,
                VarLen::Max => wire::put_plp_nvarchar(buf, Some(s)),
            }
        }
        (TypeInfo::NText, _) => {
            let s = reader.str_value(row, scratch).ok_or(Failure::Mismatch)?;
            wire::put_ntext(buf, Some(s))?
        }
        (TypeInfo::BigVarChar(max), _) => {
            let s = reader.str_value(row, scratch).ok_or(Failure::Mismatch)?;
            wire::put_varchar(buf, max, Some(s))?
        }
        (TypeInfo::BigVarBinary(len), _) => {
            let b = reader.bytes_value(row).ok_or(Failure::Mismatch)?;
            match len {
                VarLen::Bytes(max) => wire::put_varbinary(buf, max, Some(b))?,
                VarLen::Max => wire::put_plp_bytes(buf, Some(b)),
            }
        }
        (TypeInfo::Image, _) => {
            let b = reader.bytes_value(row).ok_or(Failure::Mismatch)?;
            wire::put_image(buf, Some(b))?
        }
        (TypeInfo::Guid, _) => {
            let b = reader.bytes_value(row).ok_or(Failure::Mismatch)?;
            let g: &[u8; 16] = b.try_into().map_err(|_| Failure::Mismatch)?;
            wire::put_guid(buf, Some(g))
        }
        (TypeInfo::DateTimeN, Reader::Temporal(t)) => {
            wire::put_datetime(buf, Some(t.parts(row).ok_or(Failure::Mismatch)?))?
        }
        (TypeInfo::DateN, Reader::Temporal(t)) => {
            let parts = t.parts(row).ok_or(Failure::Mismatch)?;
            wire::put_date(buf, Some(parts.unix_days))?
        }
        (TypeInfo::TimeN { scale }, Reader::Temporal(t)) => {
            let nanos = t
                .nanos_of_day(row)
                .ok_or(ValueError::OutOfRange { sql_type: "time" })?;
            wire::put_time(buf, scale, Some(nanos))?
        }
        (TypeInfo::DateTime2N { scale }, Reader::Temporal(t)) => {
            wire::put_datetime2(buf, scale, Some(t.parts(row).ok_or(Failure::Mismatch)?))?
        }
        (TypeInfo::DateTimeOffsetN { scale }, Reader::Temporal(t)) => {
            let utc = t.parts(row).ok_or(Failure::Mismatch)?;
            wire::put_datetimeoffset(buf, scale, Some((utc, t.offset_minutes(utc))))?
        }
        _ => return Err(Failure::Mismatch),
    }
    Ok(())
}

/// A 7.3 date/time value as the NVARCHAR text SQL Server sends to older clients.
fn write_temporal_text(
    buf: &mut BytesMut,
    type_info: &TypeInfo,
    form: TextForm,
    reader: &Reader<'_>,
    row: usize,
) -> Result<(), Failure> {
    let (Reader::Temporal(t), TypeInfo::NVarChar(VarLen::Bytes(max))) = (reader, *type_info) else {
        return Err(Failure::Mismatch);
    };
    let text = match form {
        TextForm::Date => format_date(t.parts(row).ok_or(Failure::Mismatch)?.unix_days)?,
        TextForm::Time(scale) => {
            let nanos = t
                .nanos_of_day(row)
                .ok_or(ValueError::OutOfRange { sql_type: "time" })?;
            format_time(scale, nanos)?
        }
        TextForm::DateTime2(scale) => {
            format_datetime2(scale, t.parts(row).ok_or(Failure::Mismatch)?)?
        }
        TextForm::DateTimeOffset(scale) => {
            let utc = t.parts(row).ok_or(Failure::Mismatch)?;
            format_datetimeoffset(scale, utc, t.offset_minutes(utc))?
        }
    };
    wire::put_nvarchar(buf, max, Some(&text))?;
    Ok(())
}
