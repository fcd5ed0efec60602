//! `DATALENGTH(x)`: the bytes SQL Server stores for a value. Strings here are nvarchar (two bytes
//! per UTF-16 code unit, trailing spaces included); fixed-size types have their storage size
//! (int 4, bigint 8, bit 1, datetime 8, decimal 5/9/13/17 by precision); NULL gives NULL. The
//! result is int, or bigint for the `(max)` types, as in SQL Server. Varchar literals, the one
//! place a single-byte string is written, are rewritten to a character count before this runs
//! (`rewrite::literals`).

use std::sync::Arc;

use connector::SQL_TYPE_METADATA_KEY;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Builder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use tds_server::{ErrorKind, SqlError};

use crate::error::to_datafusion;

/// The UDF.
#[derive(Debug, PartialEq, Eq, Hash)]
struct DataLength {
    signature: Signature,
}

/// `datalength`, registered per session.
pub(crate) fn datalength() -> ScalarUDF {
    ScalarUDF::new_from_impl(DataLength {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

/// Storage size of a fixed-size value; `None` for variable-length types.
fn fixed_size(t: &DataType) -> Option<i64> {
    Some(match t {
        DataType::Boolean | DataType::Int8 | DataType::UInt8 => 1,
        DataType::Int16 | DataType::UInt16 => 2,
        DataType::Int32 | DataType::UInt32 | DataType::Float32 => 4,
        DataType::Int64 | DataType::UInt64 | DataType::Float64 => 8,
        DataType::Decimal128(p, _) | DataType::Decimal256(p, _) => match p {
            0..=9 => 5,
            10..=19 => 9,
            20..=28 => 13,
            _ => 17,
        },
        DataType::Date32 | DataType::Date64 => 3,
        DataType::Time32(_) | DataType::Time64(_) => 5,
        DataType::Timestamp(_, Some(_)) => 10,
        // datetime, and datetime2(7), which also takes 8 bytes.
        DataType::Timestamp(..) => 8,
        _ => return None,
    })
}

fn is_max(field: &Field) -> bool {
    field
        .metadata()
        .get(SQL_TYPE_METADATA_KEY)
        .is_some_and(|t| t.ends_with("(max)") || t == "ntext" || t == "image")
}

impl ScalarUDFImpl for DataLength {
    fn name(&self) -> &str {
        "datalength"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types.to_vec())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int32)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let [field] = args.arg_fields else {
            return Err(to_datafusion(SqlError::new(
                ErrorKind::WrongArgumentCount,
                "The datalength function requires 1 argument(s).",
            )));
        };
        let ty = if is_max(field) {
            DataType::Int64
        } else {
            DataType::Int32
        };
        Ok(Arc::new(Field::new(self.name(), ty, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let out_type = args.return_field.data_type().clone();
        let Some(arg) = args.args.into_iter().next() else {
            return Err(to_datafusion(SqlError::new(
                ErrorKind::WrongArgumentCount,
                "The datalength function requires 1 argument(s).",
            )));
        };
        let scalar = matches!(arg, ColumnarValue::Scalar(_));
        let values = arg.into_array(rows)?;
        let lengths = lengths(&values)?;
        let out = cast(&lengths, &out_type)?;
        Ok(if scalar {
            ColumnarValue::Scalar(datafusion::common::ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

/// Byte lengths of every value, NULL for NULL.
fn lengths(values: &ArrayRef) -> Result<ArrayRef> {
    let mut out = Int64Builder::with_capacity(values.len());
    let utf16_bytes = |s: &str| 2 * s.encode_utf16().count() as i64;
    match values.data_type() {
        DataType::Null => out.append_nulls(values.len()),
        DataType::Utf8 => {
            for v in values.as_string::<i32>() {
                out.append_option(v.map(utf16_bytes));
            }
        }
        DataType::LargeUtf8 => {
            for v in values.as_string::<i64>() {
                out.append_option(v.map(utf16_bytes));
            }
        }
        DataType::Utf8View => {
            for v in values.as_string_view() {
                out.append_option(v.map(utf16_bytes));
            }
        }
        DataType::Binary => {
            for v in values.as_binary::<i32>() {
                out.append_option(v.map(|b| b.len() as i64));
            }
        }
        DataType::LargeBinary => {
            for v in values.as_binary::<i64>() {
                out.append_option(v.map(|b| b.len() as i64));
            }
        }
        t => {
            // Fixed-size types, and anything else by its text form (as nvarchar).
            let size = fixed_size(t);
            let text = match size {
                Some(_) => None,
                None => Some(cast(values, &DataType::Utf8)?),
            };
            for i in 0..values.len() {
                if values.is_null(i) {
                    out.append_null();
                } else if let Some(n) = size {
                    out.append_value(n);
                } else if let Some(text) = &text {
                    out.append_value(utf16_bytes(text.as_string::<i32>().value(i)));
                }
            }
        }
    }
    Ok(Arc::new(out.finish()))
}
