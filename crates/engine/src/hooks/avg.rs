//! `AVG` with SQL Server's result types. SQL Server averages integers as integers: `AVG(int)` is
//! an int truncated toward zero (`AVG` of 1 and 2 is 1), `AVG(bigint)` a bigint; DataFusion's
//! `avg` returns a float for every integer. This UDAF replaces `avg`: integer inputs get exact
//! accumulators (an i128 sum, so no overflow for any count of bigints), every other input is
//! handed to DataFusion's own `avg` (float → float, decimal → decimal).

use std::collections::HashSet;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType, Decimal128Type, Field, FieldRef, Int64Type, UInt64Type,
};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::functions_aggregate::average::avg_udaf;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, GroupsAccumulator, ReversedUDAF, Signature,
    Volatility,
};
use tds_server::{ErrorKind, SqlError};

use crate::error::to_datafusion;

/// The `avg` aggregate, T-SQL flavoured.
#[derive(Debug, PartialEq, Eq, Hash)]
struct TsqlAvg {
    signature: Signature,
}

/// The replacement for DataFusion's `avg`, registered under the same name.
pub(crate) fn avg() -> AggregateUDF {
    AggregateUDF::new_from_impl(TsqlAvg {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

/// The integer type `AVG` returns for an integer input, `None` for other inputs.
fn integer_result(input: &DataType) -> Option<DataType> {
    match input {
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16 => {
            Some(DataType::Int32)
        }
        DataType::Int64 | DataType::UInt32 | DataType::UInt64 => Some(DataType::Int64),
        _ => None,
    }
}

/// 8117, as SQL Server reports `AVG` of a bit, a string or a date.
fn invalid_operand(t: &DataType) -> datafusion::error::DataFusionError {
    let name = match t {
        DataType::Boolean => "bit",
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "nvarchar",
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => "varbinary",
        DataType::Date32 | DataType::Date64 => "date",
        DataType::Timestamp(..) => "datetime",
        _ => "sql_variant",
    };
    to_datafusion(SqlError::new(
        ErrorKind::InvalidOperand,
        format!("Operand data type {name} is invalid for avg operator."),
    ))
}

impl AggregateUDFImpl for TsqlAvg {
    fn name(&self) -> &str {
        "avg"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Integers and decimals stay as they are; floats and NULL average as float. Anything else
    /// is rejected in `return_type`: DataFusion re-words errors raised here, losing the number.
    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types
            .iter()
            .map(|t| match t {
                DataType::Null | DataType::Float16 | DataType::Float32 => DataType::Float64,
                other => other.clone(),
            })
            .collect())
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        let [t] = arg_types else {
            return Err(to_datafusion(SqlError::new(
                ErrorKind::WrongArgumentCount,
                "The avg function requires 1 argument(s).",
            )));
        };
        if let Some(int) = integer_result(t) {
            return Ok(int);
        }
        match t {
            DataType::Float64 | DataType::Decimal128(..) | DataType::Decimal256(..) => {
                avg_udaf().return_type(arg_types)
            }
            other => Err(invalid_operand(other)),
        }
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let input = args.expr_fields[0].data_type();
        match (integer_result(input), args.is_distinct) {
            (Some(out), false) => Ok(Box::new(IntAvg::new(out))),
            (Some(out), true) => Ok(Box::new(DistinctIntAvg::new(out))),
            (None, _) => avg_udaf().accumulator(args),
        }
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        if integer_result(args.input_fields[0].data_type()).is_none() {
            return avg_udaf().state_fields(args);
        }
        Ok(if args.is_distinct {
            vec![Arc::new(Field::new_list(
                format_state_name(args.name, "avg distinct"),
                Field::new_list_field(DataType::Int64, true),
                false,
            ))]
        } else {
            vec![
                Arc::new(Field::new(
                    format_state_name(args.name, "count"),
                    DataType::UInt64,
                    true,
                )),
                Arc::new(Field::new(
                    format_state_name(args.name, "sum"),
                    DataType::Decimal128(38, 0),
                    true,
                )),
            ]
        })
    }

    fn groups_accumulator_supported(&self, args: AccumulatorArgs) -> bool {
        integer_result(args.expr_fields[0].data_type()).is_none()
            && avg_udaf().groups_accumulator_supported(args)
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        avg_udaf().create_groups_accumulator(args)
    }

    fn reverse_expr(&self) -> ReversedUDAF {
        ReversedUDAF::Identical
    }
}

/// `sum / count` truncated toward zero (Rust's integer division), as `out`; NULL with no rows.
fn average(sum: i128, count: u64, out: &DataType) -> Result<ScalarValue> {
    let avg = (count > 0).then(|| sum / i128::from(count));
    // The mean of values of a type lies within that type's range, so these never fail.
    Ok(match out {
        DataType::Int32 => ScalarValue::Int32(avg.and_then(|a| i32::try_from(a).ok())),
        _ => ScalarValue::Int64(avg.and_then(|a| i64::try_from(a).ok())),
    })
}

/// The input's non-NULL values as i64 (every integer input type fits after the cast, except
/// UInt64 values above i64::MAX, which are rejected as an overflow).
fn values(array: &ArrayRef) -> Result<Vec<i64>> {
    let ints = cast(array, &DataType::Int64)?;
    let ints = ints.as_primitive::<Int64Type>();
    if ints.null_count() > array.null_count() {
        return Err(to_datafusion(SqlError::new(
            ErrorKind::Conversion,
            "Arithmetic overflow error converting expression to data type bigint.",
        )));
    }
    Ok(ints.iter().flatten().collect())
}

/// AVG over integers.
#[derive(Debug)]
struct IntAvg {
    sum: i128,
    count: u64,
    out: DataType,
}

impl IntAvg {
    fn new(out: DataType) -> Self {
        IntAvg {
            sum: 0,
            count: 0,
            out,
        }
    }
}

impl Accumulator for IntAvg {
    fn update_batch(&mut self, arrays: &[ArrayRef]) -> Result<()> {
        for v in values(&arrays[0])? {
            self.sum += i128::from(v);
            self.count += 1;
        }
        Ok(())
    }

    fn retract_batch(&mut self, arrays: &[ArrayRef]) -> Result<()> {
        for v in values(&arrays[0])? {
            self.sum -= i128::from(v);
            self.count = self.count.saturating_sub(1);
        }
        Ok(())
    }

    fn supports_retract_batch(&self) -> bool {
        true
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        average(self.sum, self.count, &self.out)
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![
            ScalarValue::UInt64(Some(self.count)),
            ScalarValue::Decimal128(Some(self.sum), 38, 0),
        ])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let counts = states[0].as_primitive::<UInt64Type>();
        let sums = states[1].as_primitive::<Decimal128Type>();
        self.count += counts.iter().flatten().sum::<u64>();
        self.sum += sums.iter().flatten().sum::<i128>();
        Ok(())
    }
}

/// AVG(DISTINCT …) over integers.
#[derive(Debug)]
struct DistinctIntAvg {
    seen: HashSet<i64>,
    out: DataType,
}

impl DistinctIntAvg {
    fn new(out: DataType) -> Self {
        DistinctIntAvg {
            seen: HashSet::new(),
            out,
        }
    }
}

impl Accumulator for DistinctIntAvg {
    fn update_batch(&mut self, arrays: &[ArrayRef]) -> Result<()> {
        self.seen.extend(values(&arrays[0])?);
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let sum = self.seen.iter().map(|v| i128::from(*v)).sum();
        average(sum, self.seen.len() as u64, &self.out)
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.seen.capacity() * std::mem::size_of::<i64>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let scalars: Vec<ScalarValue> = self
            .seen
            .iter()
            .map(|v| ScalarValue::Int64(Some(*v)))
            .collect();
        Ok(vec![ScalarValue::List(ScalarValue::new_list_nullable(
            &scalars,
            &DataType::Int64,
        ))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let lists = states[0].as_list::<i32>();
        for list in lists.iter().flatten() {
            self.seen.extend(values(&list)?);
        }
        Ok(())
    }
}
