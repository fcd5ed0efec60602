//! [`ResultEncoder`]: one result set's COLMETADATA and its rows, batch by batch.

use crate::error::{Error, Result};
use crate::mapping::{self, ColumnPlan, Source};
use crate::source::{self, Reader};
use crate::value::{self, Failure};
use arrow_array::{Array, RecordBatch};
use arrow_schema::Schema;
use bytes::BytesMut;
use tds_proto::token::colmetadata::{encode_colmetadata, ColumnMeta};
use tds_proto::token::row;
use tds_proto::types::{TypeInfo, ValueError};
use tds_proto::TdsVersion;

/// SQL Server's own limit on result columns.
const MAX_COLUMNS: usize = 4096;

/// Encodes the result of one statement: the column types are decided once in [`new`], then each
/// Arrow batch is appended as ROW/NBCROW tokens as it arrives, so no result is held whole.
///
/// [`new`]: ResultEncoder::new
#[derive(Debug, Clone)]
pub struct ResultEncoder {
    columns: Vec<ColumnMeta>,
    types: Vec<TypeInfo>,
    plans: Vec<ColumnPlan>,
    version: TdsVersion,
}

impl ResultEncoder {
    /// Decides the TDS type of every column once, from the Arrow type, the field's SQL-type
    /// metadata and the client's TDS version.
    pub fn new(schema: &Schema, version: TdsVersion) -> Result<Self> {
        let fields = schema.fields();
        if fields.len() > MAX_COLUMNS {
            return Err(Error::TooManyColumns {
                actual: fields.len(),
                max: MAX_COLUMNS,
            });
        }
        let mut columns = Vec::with_capacity(fields.len());
        let mut plans = Vec::with_capacity(fields.len());
        for field in fields {
            let plan = mapping::plan(field, version)?;
            columns.push(ColumnMeta {
                name: field.name().clone(),
                type_info: plan.type_info,
                // A NOT NULL int/bit/float/datetime would need its fixed-length type; the
                // nullable form is always correct to read, so it is announced nullable.
                nullable: field.is_nullable() || plan.type_info.has_fixed_form(),
            });
            plans.push(plan);
        }
        let types = plans.iter().map(|p| p.type_info).collect();
        Ok(ResultEncoder {
            columns,
            types,
            plans,
            version,
        })
    }

    /// The announced columns, in order.
    pub fn columns(&self) -> &[ColumnMeta] {
        &self.columns
    }

    /// The TDS version the encodings were chosen for.
    pub fn version(&self) -> TdsVersion {
        self.version
    }

    /// Appends the COLMETADATA token.
    pub fn write_colmetadata(&self, buf: &mut BytesMut) {
        encode_colmetadata(buf, &self.columns, self.version);
    }

    /// Appends one ROW or NBCROW token per row (NBCROW when it is shorter, as SQL Server does).
    /// Returns rows written. On error `buf` keeps the complete rows before the failing one
    /// (`row` in the error is their count), so the caller can send them and then an ERROR.
    pub fn write_rows(&self, batch: &RecordBatch, buf: &mut BytesMut) -> Result<usize> {
        if batch.num_columns() != self.plans.len() {
            return Err(Error::ColumnCountMismatch {
                expected: self.plans.len(),
                actual: batch.num_columns(),
            });
        }
        let prepared = self
            .plans
            .iter()
            .zip(batch.columns())
            .zip(&self.columns)
            .map(|((plan, array), col)| {
                source::prepare(plan, array).map_err(|source| Error::Arrow {
                    column: col.name.clone(),
                    source,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let readers = self
            .plans
            .iter()
            .zip(&prepared)
            .zip(batch.schema_ref().fields())
            .map(|((plan, array), field)| {
                Reader::new(plan.source, array).ok_or_else(|| Error::UnsupportedType {
                    column: field.name().clone(),
                    data_type: array.data_type().clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let nulls: Vec<_> = prepared.iter().map(source::nulls_of).collect();

        let mut is_null = vec![false; self.plans.len()];
        let mut scratch = String::new();
        for r in 0..batch.num_rows() {
            for (c, flag) in is_null.iter_mut().enumerate() {
                *flag = matches!(readers[c], Reader::Null)
                    || nulls[c].as_ref().is_some_and(|n| n.is_null(r));
            }
            let row_start = buf.len();
            let nbc = row::use_nbcrow(self.version, &self.types, &is_null);
            if nbc {
                row::put_nbcrow_start(buf, &is_null);
            } else {
                row::put_row_start(buf);
            }
            for (c, plan) in self.plans.iter().enumerate() {
                if is_null[c] {
                    if !nbc {
                        plan.type_info.put_null(buf);
                    }
                    continue;
                }
                let text = match plan.source {
                    Source::Temporal(form) => form,
                    _ => None,
                };
                let written =
                    value::write_value(buf, &plan.type_info, text, &readers[c], r, &mut scratch);
                if let Err(failure) = written {
                    buf.truncate(row_start);
                    return Err(self.value_error(c, r, failure, &readers[c]));
                }
            }
        }
        Ok(batch.num_rows())
    }

    fn value_error(&self, col: usize, row: usize, failure: Failure, reader: &Reader<'_>) -> Error {
        let column = self.columns[col].name.clone();
        let type_info = self.types[col];
        match failure {
            Failure::Value(ValueError::TooLong { len, max }) => Error::Truncation {
                column,
                row,
                len,
                max_len: max,
            },
            Failure::Value(_) => Error::OutOfRange {
                column,
                row,
                sql_type: type_info.sql_name(),
            },
            Failure::Mismatch => Error::UnsupportedType {
                column,
                data_type: reader_type_name(reader),
            },
        }
    }
}

/// Best-effort Arrow type of a reader, for the (unexpected) mismatch error.
fn reader_type_name(reader: &Reader<'_>) -> arrow_schema::DataType {
    use arrow_schema::DataType as D;
    match reader {
        Reader::Null => D::Null,
        Reader::Int(_) => D::Int64,
        Reader::Bool(_) => D::Boolean,
        Reader::F32(_) => D::Float32,
        Reader::F64(_) => D::Float64,
        Reader::Dec(a) => a.data_type().clone(),
        Reader::Utf8(_) | Reader::Display(_) => D::Utf8,
        Reader::LargeUtf8(_) => D::LargeUtf8,
        Reader::Utf8View(_) => D::Utf8View,
        Reader::Binary(_) => D::Binary,
        Reader::LargeBinary(_) => D::LargeBinary,
        Reader::BinaryView(_) => D::BinaryView,
        Reader::FixedBinary(a) => a.data_type().clone(),
        Reader::Temporal(_) => D::Int64,
    }
}
