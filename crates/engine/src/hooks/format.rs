//! `FORMAT(number, format [, culture])` as a UDF. Date patterns never get here: the rewrite
//! turns `FORMAT(date, 'yyyy-MM-dd')` into `to_char` (`rewrite::dates`); what remains is number
//! formatting (`number_format`), or a date pattern vtds does not translate, which is reported.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use tds_server::{ErrorKind, SqlError};

use super::number_format::{format, Culture, Number};
use crate::error::to_datafusion;

/// The UDF.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Format {
    signature: Signature,
}

/// `format`, registered per session.
pub(crate) fn format_udf() -> ScalarUDF {
    ScalarUDF::new_from_impl(Format {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

fn error(kind: ErrorKind, message: String) -> datafusion::error::DataFusionError {
    to_datafusion(SqlError::new(kind, message))
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// The value as a number, `None` for NULL.
fn number(v: &ScalarValue) -> Result<Option<Number>> {
    let int = |value: Option<i128>, bits| value.map(|value| Number::Int { value, bits });
    Ok(match v {
        ScalarValue::Int8(x) => int(x.map(i128::from), 8),
        ScalarValue::UInt8(x) => int(x.map(i128::from), 8),
        ScalarValue::Int16(x) => int(x.map(i128::from), 16),
        ScalarValue::UInt16(x) => int(x.map(i128::from), 16),
        ScalarValue::Int32(x) => int(x.map(i128::from), 32),
        ScalarValue::UInt32(x) => int(x.map(i128::from), 32),
        ScalarValue::Int64(x) => int(x.map(i128::from), 64),
        ScalarValue::UInt64(x) => int(x.map(i128::from), 64),
        ScalarValue::Float32(x) => x.map(|f| Number::Float(f64::from(f))),
        ScalarValue::Float64(x) => x.map(Number::Float),
        ScalarValue::Decimal128(x, _, scale) => x.map(|unscaled| Number::Decimal {
            unscaled,
            scale: u32::try_from(*scale).unwrap_or(0),
        }),
        v if v.is_null() => None,
        ScalarValue::Date32(_)
        | ScalarValue::Date64(_)
        | ScalarValue::TimestampSecond(..)
        | ScalarValue::TimestampMillisecond(..)
        | ScalarValue::TimestampMicrosecond(..)
        | ScalarValue::TimestampNanosecond(..) => {
            return Err(error(
                ErrorKind::NotSupported,
                "FORMAT of a date with this pattern is not supported by vtds; use custom \
                 patterns such as 'yyyy-MM-dd HH:mm:ss'."
                    .to_string(),
            ))
        }
        other => {
            return Err(error(
                ErrorKind::InvalidArgumentType,
                format!(
                    "Argument data type {} is invalid for argument 1 of format function.",
                    other.data_type()
                ),
            ))
        }
    })
}

fn text(v: &ScalarValue) -> Option<String> {
    match v {
        ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s) => s.clone(),
        _ => None,
    }
}

/// One row: `FORMAT(value, pattern, culture)`. As documented for SQL Server, a culture it
/// does not know is an error (9818) and every other failure, such as an invalid format
/// string, is NULL; so is a NULL argument.
fn format_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let culture = match args.get(2).map(text) {
        None => Culture::EnUs,
        Some(None) => return Ok(None),
        Some(Some(name)) => Culture::parse(&name).ok_or_else(|| {
            error(
                ErrorKind::UnsupportedCulture,
                format!(
                    "The culture parameter '{name}' provided in the function call is not \
                     supported."
                ),
            )
        })?,
    };
    let (Some(n), Some(pattern)) = (number(&args[0])?, text(&args[1])) else {
        return Ok(None);
    };
    Ok(format(&n, &pattern, culture).ok())
}

impl ScalarUDFImpl for Format {
    fn name(&self) -> &str {
        "format"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        // Patterns and cultures are strings; NULL ones too.
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| match (i, t) {
                (0, t) => t.clone(),
                (_, t) if is_text(t) => t.clone(),
                _ => DataType::Utf8,
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        if !(2..=3).contains(&args.arg_fields.len()) {
            return Err(error(
                ErrorKind::WrongArgumentCount,
                "The format function requires 2 to 3 arguments.".to_string(),
            ));
        }
        Ok(Arc::new(Field::new(self.name(), DataType::Utf8, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let all_scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays: Vec<ArrayRef> = args
            .args
            .iter()
            .map(|a| a.to_array(if all_scalar { 1 } else { rows }))
            .collect::<Result<_>>()?;
        let n = arrays.first().map_or(0, |a| a.len());
        let mut out = StringBuilder::with_capacity(n, n * 16);
        for row in 0..n {
            let values = arrays
                .iter()
                .map(|a| ScalarValue::try_from_array(a, row))
                .collect::<Result<Vec<_>>>()?;
            out.append_option(format_row(&values)?);
        }
        let out: ArrayRef = Arc::new(out.finish());
        Ok(if all_scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}
