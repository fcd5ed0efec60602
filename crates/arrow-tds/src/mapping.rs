//! Choosing each column's TDS type once, from its Arrow type, its `vtds.sql_type` metadata and
//! the client's TDS version.

use crate::error::{Error, Result};
use crate::sql_type::{self, Declared};
use crate::SQL_TYPE_METADATA_KEY;
use arrow_schema::{DataType, Field, TimeUnit};
use tds_proto::types::{TypeInfo, VarLen};
use tds_proto::TdsVersion;

/// How the values of a column are read from Arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// `DataType::Null`: every value is NULL.
    Null,
    /// Integers, read as Int64.
    Int,
    /// Booleans.
    Bool,
    /// Float32 or Float64.
    Float,
    /// Decimal128 with the announced scale.
    Decimal,
    /// Utf8, LargeUtf8 or Utf8View.
    Str,
    /// Binary, LargeBinary, BinaryView or FixedSizeBinary.
    Bin,
    /// Timestamp, Date32/64, Time32/64; `Some` when sent as text to a pre-7.3 client.
    Temporal(Option<TextForm>),
    /// Any other type, sent as its Arrow display text.
    Display,
}

/// The SQL Server type whose down-level text a pre-7.3 client receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextForm {
    Date,
    Time(u8),
    DateTime2(u8),
    DateTimeOffset(u8),
}

/// The decision for one column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ColumnPlan {
    /// What COLMETADATA announces.
    pub type_info: TypeInfo,
    /// How values are read.
    pub source: Source,
    /// The Arrow type a batch column is cast to when `source` cannot read it as it is.
    pub read_type: DataType,
}

/// Plans one column; `Err` only for a type that cannot even be displayed as text.
pub(crate) fn plan(field: &Field, version: TdsVersion) -> Result<ColumnPlan> {
    let dt = match field.data_type() {
        // Dictionaries are cast to their values at write time.
        DataType::Dictionary(_, values) => values.as_ref(),
        other => other,
    };
    let declared = field
        .metadata()
        .get(SQL_TYPE_METADATA_KEY)
        .and_then(|s| sql_type::parse(s));
    let chosen = declared
        .and_then(|d| from_declared(d, dt))
        .or_else(|| from_arrow(dt));
    let plan = match chosen {
        Some(p) => p,
        None => {
            let probe = arrow_array::new_empty_array(field.data_type());
            let options = arrow_cast::display::FormatOptions::default();
            if arrow_cast::display::ArrayFormatter::try_new(probe.as_ref(), &options).is_err() {
                return Err(Error::UnsupportedType {
                    column: field.name().clone(),
                    data_type: field.data_type().clone(),
                });
            }
            plan_of(
                TypeInfo::NVarChar(VarLen::Max),
                Source::Display,
                DataType::Utf8,
            )
        }
    };
    Ok(downgrade(plan, version))
}

fn plan_of(type_info: TypeInfo, source: Source, read_type: DataType) -> ColumnPlan {
    ColumnPlan {
        type_info,
        source,
        read_type,
    }
}

/// The type SQL Server announces for a declaration.
fn declared_type_info(d: Declared) -> TypeInfo {
    match d {
        Declared::NVarChar(Some(n)) => TypeInfo::nvarchar(n),
        Declared::NVarChar(None) | Declared::VarChar(None) => TypeInfo::NVarChar(VarLen::Max),
        Declared::VarChar(Some(n)) => TypeInfo::BigVarChar(n),
        Declared::NText => TypeInfo::NText,
        Declared::TinyInt => TypeInfo::IntN(1),
        Declared::SmallInt => TypeInfo::IntN(2),
        Declared::Int => TypeInfo::IntN(4),
        Declared::BigInt => TypeInfo::IntN(8),
        Declared::Bit => TypeInfo::BitN,
        Declared::Real => TypeInfo::FltN(4),
        Declared::Float => TypeInfo::FltN(8),
        Declared::Decimal(precision, scale) => TypeInfo::DecimalN { precision, scale },
        Declared::Numeric(precision, scale) => TypeInfo::NumericN { precision, scale },
        Declared::DateTime => TypeInfo::DateTimeN,
        Declared::DateTime2(scale) => TypeInfo::DateTime2N { scale },
        Declared::Date => TypeInfo::DateN,
        Declared::Time(scale) => TypeInfo::TimeN { scale },
        Declared::DateTimeOffset(scale) => TypeInfo::DateTimeOffsetN { scale },
        Declared::UniqueIdentifier => TypeInfo::Guid,
        Declared::VarBinary(Some(n)) => TypeInfo::BigVarBinary(VarLen::Bytes(n)),
        Declared::VarBinary(None) => TypeInfo::BigVarBinary(VarLen::Max),
    }
}

/// The declared type, if the Arrow values can be encoded as it; `None` means "ignore the
/// metadata" (a mismatch between catalog and data must not corrupt the stream).
fn from_declared(d: Declared, dt: &DataType) -> Option<ColumnPlan> {
    let type_info = declared_type_info(d);
    let is_str = matches!(
        dt,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    );
    let is_bin = matches!(
        dt,
        DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
            | DataType::FixedSizeBinary(_)
    );
    let is_datetime = matches!(
        dt,
        DataType::Timestamp(..) | DataType::Date32 | DataType::Date64
    );
    let (source, read_type) = match d {
        _ if *dt == DataType::Null => (Source::Null, DataType::Null),
        Declared::TinyInt | Declared::SmallInt | Declared::Int | Declared::BigInt
            if dt.is_integer() =>
        {
            (Source::Int, DataType::Int64)
        }
        Declared::Bit if *dt == DataType::Boolean => (Source::Bool, DataType::Boolean),
        Declared::Real if dt.is_floating() => (Source::Float, DataType::Float32),
        Declared::Float if dt.is_floating() => (Source::Float, DataType::Float64),
        Declared::Decimal(_, s) | Declared::Numeric(_, s)
            if dt.is_integer() || decimal_scale(dt) == Some(s as i8) =>
        {
            (Source::Decimal, DataType::Decimal128(38, s as i8))
        }
        Declared::NVarChar(_) | Declared::VarChar(_) | Declared::NText if is_str => {
            (Source::Str, DataType::Utf8)
        }
        Declared::DateTime | Declared::DateTime2(_) | Declared::Date if is_datetime => {
            (Source::Temporal(None), dt.clone())
        }
        Declared::Time(_)
            if matches!(
                dt,
                DataType::Time32(_) | DataType::Time64(_) | DataType::Timestamp(..)
            ) =>
        {
            (Source::Temporal(None), dt.clone())
        }
        Declared::DateTimeOffset(_) if matches!(dt, DataType::Timestamp(..)) => {
            (Source::Temporal(None), dt.clone())
        }
        Declared::UniqueIdentifier if *dt == DataType::FixedSizeBinary(16) => {
            (Source::Bin, dt.clone())
        }
        Declared::VarBinary(_) if is_bin => (Source::Bin, DataType::Binary),
        _ => return None,
    };
    Some(plan_of(type_info, source, read_type))
}

fn decimal_scale(dt: &DataType) -> Option<i8> {
    match dt {
        DataType::Decimal32(_, s)
        | DataType::Decimal64(_, s)
        | DataType::Decimal128(_, s)
        | DataType::Decimal256(_, s) => Some(*s),
        _ => None,
    }
}

fn scale_of(unit: &TimeUnit) -> u8 {
    match unit {
        TimeUnit::Second => 0,
        TimeUnit::Millisecond => 3,
        TimeUnit::Microsecond => 6,
        TimeUnit::Nanosecond => 7,
    }
}

/// The type for an Arrow type without (usable) metadata; `None` falls back to display text.
fn from_arrow(dt: &DataType) -> Option<ColumnPlan> {
    use DataType as D;
    let int = |size| plan_of(TypeInfo::IntN(size), Source::Int, D::Int64);
    Some(match dt {
        // `SELECT NULL` is INTN(4) in SQL Server too.
        D::Null => plan_of(TypeInfo::IntN(4), Source::Null, D::Null),
        D::Boolean => plan_of(TypeInfo::BitN, Source::Bool, D::Boolean),
        // tinyint is unsigned in SQL Server, so signed 8-bit values need smallint.
        D::Int8 | D::Int16 => int(2),
        D::UInt8 => int(1),
        D::Int32 | D::UInt16 => int(4),
        D::Int64 | D::UInt32 => int(8),
        D::UInt64 => plan_of(
            TypeInfo::DecimalN {
                precision: 20,
                scale: 0,
            },
            Source::Decimal,
            D::Decimal128(20, 0),
        ),
        D::Float16 | D::Float32 => plan_of(TypeInfo::FltN(4), Source::Float, D::Float32),
        D::Float64 => plan_of(TypeInfo::FltN(8), Source::Float, D::Float64),
        D::Decimal32(p, s) | D::Decimal64(p, s) | D::Decimal128(p, s) | D::Decimal256(p, s)
            if *s >= 0 && (*s as u8) <= 38 =>
        {
            let precision = (*p).clamp(1, 38).max(*s as u8);
            plan_of(
                TypeInfo::DecimalN {
                    precision,
                    scale: *s as u8,
                },
                Source::Decimal,
                D::Decimal128(38, *s),
            )
        }
        D::Utf8 | D::LargeUtf8 | D::Utf8View => {
            plan_of(TypeInfo::NVarChar(VarLen::Max), Source::Str, D::Utf8)
        }
        D::Binary | D::LargeBinary | D::BinaryView => {
            plan_of(TypeInfo::BigVarBinary(VarLen::Max), Source::Bin, D::Binary)
        }
        D::FixedSizeBinary(n) => {
            let len = match u16::try_from(*n) {
                Ok(n) if (1..=8000).contains(&n) => VarLen::Bytes(n),
                _ => VarLen::Max,
            };
            plan_of(TypeInfo::BigVarBinary(len), Source::Bin, dt.clone())
        }
        D::Date32 | D::Date64 => plan_of(TypeInfo::DateN, Source::Temporal(None), dt.clone()),
        D::Time32(unit) | D::Time64(unit) => plan_of(
            TypeInfo::TimeN {
                scale: scale_of(unit),
            },
            Source::Temporal(None),
            dt.clone(),
        ),
        D::Timestamp(unit, None) => plan_of(
            TypeInfo::DateTime2N {
                scale: scale_of(unit),
            },
            Source::Temporal(None),
            dt.clone(),
        ),
        D::Timestamp(unit, Some(_)) => plan_of(
            TypeInfo::DateTimeOffsetN {
                scale: scale_of(unit),
            },
            Source::Temporal(None),
            dt.clone(),
        ),
        _ => return None,
    })
}

/// Applies what SQL Server does for older clients: no 7.3 date types before TDS 7.3 (sent as
/// NVARCHAR text of the ODBC canonical form), no PLP before TDS 7.2 (NTEXT / IMAGE instead).
fn downgrade(mut plan: ColumnPlan, version: TdsVersion) -> ColumnPlan {
    if !version.supports_date_types() {
        let text = match plan.type_info {
            TypeInfo::DateN => Some((TextForm::Date, 10)),
            TypeInfo::TimeN { scale } => Some((TextForm::Time(scale), 8 + frac_len(scale))),
            TypeInfo::DateTime2N { scale } => {
                Some((TextForm::DateTime2(scale), 19 + frac_len(scale)))
            }
            TypeInfo::DateTimeOffsetN { scale } => {
                Some((TextForm::DateTimeOffset(scale), 26 + frac_len(scale)))
            }
            _ => None,
        };
        if let Some((form, chars)) = text {
            plan.type_info = TypeInfo::nvarchar(chars);
            if plan.source != Source::Null {
                plan.source = Source::Temporal(Some(form));
            }
        }
    }
    if !version.supports_plp() {
        plan.type_info = match plan.type_info {
            TypeInfo::NVarChar(VarLen::Max) => TypeInfo::NText,
            TypeInfo::BigVarBinary(VarLen::Max) => TypeInfo::Image,
            other => other,
        };
    }
    plan
}

/// Characters of `.fffffff` for a scale.
fn frac_len(scale: u8) -> u16 {
    if scale == 0 {
        0
    } else {
        u16::from(scale) + 1
    }
}
