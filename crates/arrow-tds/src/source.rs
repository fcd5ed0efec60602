//! Typed access to one batch column, prepared once per batch so the per-row loop only indexes.

use crate::mapping::{ColumnPlan, Source};
use arrow_array::cast::AsArray;
use arrow_array::timezone::Tz;
use arrow_array::types::{
    Date32Type, Date64Type, Time32MillisecondType, Time32SecondType, Time64MicrosecondType,
    Time64NanosecondType, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType,
};
use arrow_array::{
    Array, ArrayRef, BinaryArray, BinaryViewArray, BooleanArray, Decimal128Array,
    FixedSizeBinaryArray, Float32Array, Float64Array, Int64Array, LargeBinaryArray,
    LargeStringArray, StringArray, StringViewArray,
};
use arrow_buffer::NullBuffer;
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{ArrowError, DataType, TimeUnit};
use chrono::{DateTime, Offset, TimeZone};
use std::fmt::Write;
use tds_proto::types::DateTimeParts;

/// Returns the column ready for [`Reader::new`]: as it is when the plan's source can read it,
/// otherwise cast to the plan's read type (erroring, never nulling, on overflow).
pub(crate) fn prepare(plan: &ColumnPlan, array: &ArrayRef) -> Result<ArrayRef, ArrowError> {
    let dt = array.data_type();
    let readable = *dt == DataType::Null
        || match plan.source {
            Source::Null | Source::Display => true,
            Source::Int => *dt == DataType::Int64,
            Source::Bool => *dt == DataType::Boolean,
            Source::Float => matches!(dt, DataType::Float32 | DataType::Float64),
            Source::Decimal => match (dt, &plan.read_type) {
                (DataType::Decimal128(_, s), DataType::Decimal128(_, want)) => s == want,
                _ => false,
            },
            Source::Str => matches!(
                dt,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ),
            Source::Bin => matches!(
                dt,
                DataType::Binary
                    | DataType::LargeBinary
                    | DataType::BinaryView
                    | DataType::FixedSizeBinary(_)
            ),
            Source::Temporal(_) => matches!(
                dt,
                DataType::Timestamp(..)
                    | DataType::Date32
                    | DataType::Date64
                    | DataType::Time32(_)
                    | DataType::Time64(_)
            ),
        };
    if readable {
        return Ok(array.clone());
    }
    let options = arrow_cast::CastOptions {
        safe: false,
        ..Default::default()
    };
    arrow_cast::cast_with_options(array, &plan.read_type, &options)
}

/// One column's values, downcast.
pub(crate) enum Reader<'a> {
    Null,
    Int(&'a Int64Array),
    Bool(&'a BooleanArray),
    F32(&'a Float32Array),
    F64(&'a Float64Array),
    Dec(&'a Decimal128Array),
    Utf8(&'a StringArray),
    LargeUtf8(&'a LargeStringArray),
    Utf8View(&'a StringViewArray),
    Binary(&'a BinaryArray),
    LargeBinary(&'a LargeBinaryArray),
    BinaryView(&'a BinaryViewArray),
    FixedBinary(&'a FixedSizeBinaryArray),
    Temporal(Temporal<'a>),
    Display(ArrayFormatter<'a>),
}

/// Date/time values as raw integers plus what they count.
pub(crate) struct Temporal<'a> {
    values: TemporalValues<'a>,
    kind: TemporalKind,
    tz: Option<Tz>,
}

enum TemporalValues<'a> {
    I64(&'a [i64]),
    I32(&'a [i32]),
}

#[derive(Clone, Copy)]
enum TemporalKind {
    /// Since the Unix epoch, in units per second.
    Timestamp(i64),
    /// Days since the Unix epoch.
    Date32,
    /// Milliseconds since the Unix epoch.
    Date64,
    /// Since midnight, in units per second.
    Time(i64),
}

fn per_second(unit: &TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    }
}

impl<'a> Reader<'a> {
    /// Downcasts a [`prepare`]d column; `None` if its type does not fit the source (a bug).
    pub(crate) fn new(source: Source, array: &'a ArrayRef) -> Option<Reader<'a>> {
        let a = array.as_ref();
        if source == Source::Null || *a.data_type() == DataType::Null {
            return Some(Reader::Null);
        }
        if source == Source::Display {
            let formatter = ArrayFormatter::try_new(a, &FormatOptions::default()).ok()?;
            return Some(Reader::Display(formatter));
        }
        Some(match a.data_type() {
            DataType::Int64 => Reader::Int(a.as_primitive_opt()?),
            DataType::Boolean => Reader::Bool(a.as_boolean_opt()?),
            DataType::Float32 => Reader::F32(a.as_primitive_opt()?),
            DataType::Float64 => Reader::F64(a.as_primitive_opt()?),
            DataType::Decimal128(..) => Reader::Dec(a.as_primitive_opt()?),
            DataType::Utf8 => Reader::Utf8(a.as_string_opt()?),
            DataType::LargeUtf8 => Reader::LargeUtf8(a.as_string_opt()?),
            DataType::Utf8View => Reader::Utf8View(a.as_string_view_opt()?),
            DataType::Binary => Reader::Binary(a.as_binary_opt()?),
            DataType::LargeBinary => Reader::LargeBinary(a.as_binary_opt()?),
            DataType::BinaryView => Reader::BinaryView(a.as_binary_view_opt()?),
            DataType::FixedSizeBinary(_) => Reader::FixedBinary(a.as_fixed_size_binary_opt()?),
            DataType::Timestamp(unit, tz) => {
                let values: &[i64] = match unit {
                    TimeUnit::Second => a.as_primitive_opt::<TimestampSecondType>()?.values(),
                    TimeUnit::Millisecond => {
                        a.as_primitive_opt::<TimestampMillisecondType>()?.values()
                    }
                    TimeUnit::Microsecond => {
                        a.as_primitive_opt::<TimestampMicrosecondType>()?.values()
                    }
                    TimeUnit::Nanosecond => {
                        a.as_primitive_opt::<TimestampNanosecondType>()?.values()
                    }
                };
                Reader::Temporal(Temporal {
                    values: TemporalValues::I64(values),
                    kind: TemporalKind::Timestamp(per_second(unit)),
                    // A zone chrono cannot resolve (named zones need arrow's chrono-tz feature)
                    // is sent as UTC: the instant stays right, only the displayed offset differs.
                    tz: tz.as_ref().and_then(|t| t.parse::<Tz>().ok()),
                })
            }
            DataType::Date32 => Reader::Temporal(Temporal {
                values: TemporalValues::I32(a.as_primitive_opt::<Date32Type>()?.values()),
                kind: TemporalKind::Date32,
                tz: None,
            }),
            DataType::Date64 => Reader::Temporal(Temporal {
                values: TemporalValues::I64(a.as_primitive_opt::<Date64Type>()?.values()),
                kind: TemporalKind::Date64,
                tz: None,
            }),
            DataType::Time32(unit) => {
                let values: &[i32] = match unit {
                    TimeUnit::Second => a.as_primitive_opt::<Time32SecondType>()?.values(),
                    _ => a.as_primitive_opt::<Time32MillisecondType>()?.values(),
                };
                Reader::Temporal(Temporal {
                    values: TemporalValues::I32(values),
                    kind: TemporalKind::Time(per_second(unit)),
                    tz: None,
                })
            }
            DataType::Time64(unit) => {
                let values: &[i64] = match unit {
                    TimeUnit::Nanosecond => a.as_primitive_opt::<Time64NanosecondType>()?.values(),
                    _ => a.as_primitive_opt::<Time64MicrosecondType>()?.values(),
                };
                Reader::Temporal(Temporal {
                    values: TemporalValues::I64(values),
                    kind: TemporalKind::Time(per_second(unit)),
                    tz: None,
                })
            }
            _ => return None,
        })
    }

    /// The string at `row` (non-NULL), formatting display-only types into `scratch`.
    pub(crate) fn str_value<'s>(&'s self, row: usize, scratch: &'s mut String) -> Option<&'s str> {
        match self {
            Reader::Utf8(a) => Some(a.value(row)),
            Reader::LargeUtf8(a) => Some(a.value(row)),
            Reader::Utf8View(a) => Some(a.value(row)),
            Reader::Display(f) => {
                scratch.clear();
                write!(scratch, "{}", f.value(row)).ok()?;
                Some(scratch.as_str())
            }
            _ => None,
        }
    }

    /// The bytes at `row` (non-NULL).
    pub(crate) fn bytes_value(&self, row: usize) -> Option<&[u8]> {
        match self {
            Reader::Binary(a) => Some(a.value(row)),
            Reader::LargeBinary(a) => Some(a.value(row)),
            Reader::BinaryView(a) => Some(a.value(row)),
            Reader::FixedBinary(a) => Some(a.value(row)),
            _ => None,
        }
    }
}

impl Temporal<'_> {
    fn raw(&self, row: usize) -> Option<i64> {
        match self.values {
            TemporalValues::I64(v) => v.get(row).copied(),
            TemporalValues::I32(v) => v.get(row).map(|x| i64::from(*x)),
        }
    }

    /// Date and time of day (UTC for zoned timestamps); `None` for time-of-day columns.
    pub(crate) fn parts(&self, row: usize) -> Option<DateTimeParts> {
        let v = self.raw(row)?;
        match self.kind {
            TemporalKind::Timestamp(per_sec) => DateTimeParts::from_unix(v, per_sec),
            TemporalKind::Date32 => Some(DateTimeParts::from_unix_days(v)),
            TemporalKind::Date64 => DateTimeParts::from_unix(v, 1_000),
            TemporalKind::Time(_) => None,
        }
    }

    /// Nanoseconds since midnight; `None` for a date-only column or a time outside 0..24h.
    pub(crate) fn nanos_of_day(&self, row: usize) -> Option<u64> {
        match self.kind {
            TemporalKind::Time(per_sec) => {
                let v = self.raw(row)?;
                let nanos = v.checked_mul(1_000_000_000 / per_sec)?;
                u64::try_from(nanos).ok()
            }
            TemporalKind::Timestamp(_) => Some(self.parts(row)?.nanos_of_day),
            TemporalKind::Date32 | TemporalKind::Date64 => None,
        }
    }

    /// The zone offset in minutes at the instant `utc` (0 without a zone).
    pub(crate) fn offset_minutes(&self, utc: DateTimeParts) -> i16 {
        let Some(tz) = &self.tz else { return 0 };
        let secs = utc
            .unix_days
            .checked_mul(86_400)
            .and_then(|s| s.checked_add((utc.nanos_of_day / 1_000_000_000) as i64));
        let Some(instant) = secs.and_then(|s| DateTime::from_timestamp(s, 0)) else {
            return 0;
        };
        let offset = tz.offset_from_utc_datetime(&instant.naive_utc()).fix();
        (offset.local_minus_utc() / 60) as i16
    }
}

/// The logical nulls of a prepared column (`DataType::Null` columns are all NULL).
pub(crate) fn nulls_of(array: &ArrayRef) -> Option<NullBuffer> {
    array.logical_nulls()
}
