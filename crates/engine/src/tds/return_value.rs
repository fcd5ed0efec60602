//! The value of an OUTPUT parameter as a RETURNVALUE token carries it: the parameter's declared
//! type (`@p int OUTPUT` comes back as INTN(4), as SQL Server sends it) and the value encoded
//! exactly as a ROW would hold it. The encoding is the result encoder's, on a one-row batch.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::{Buf, BytesMut};
use connector::SQL_TYPE_METADATA_KEY;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::common::ScalarValue;
use tds_proto::types::TypeInfo;
use tds_proto::TdsVersion;
use tds_server::{ErrorKind, SqlError};

use super::results::encoding_error;
use crate::classify_error;

/// The ROW token that starts every row the result encoder writes.
const ROW_TOKEN: u8 = 0xD1;

/// `value` as the TYPE_INFO of `sql_type` (the declaration's spelling) and its encoded bytes.
pub(super) fn encode(
    value: &ScalarValue,
    sql_type: &str,
    version: TdsVersion,
) -> Result<(TypeInfo, BytesMut), SqlError> {
    let array = value.to_array().map_err(|e| classify_error(&e))?;
    let field = Field::new("", array.data_type().clone(), true).with_metadata(HashMap::from([(
        SQL_TYPE_METADATA_KEY.to_string(),
        sql_type.to_string(),
    )]));
    let schema = Arc::new(Schema::new(vec![field]));
    let encoder =
        arrow_tds::ResultEncoder::new(&schema, version).map_err(|e| encoding_error(&e))?;
    let type_info = encoder.columns()[0].type_info;
    let mut bytes = BytesMut::new();
    if value.is_null() {
        type_info.put_null(&mut bytes);
        return Ok((type_info, bytes));
    }
    let batch = RecordBatch::try_new(schema, vec![array])
        .map_err(|e| SqlError::new(ErrorKind::Internal, e.to_string()))?;
    encoder
        .write_rows(&batch, &mut bytes)
        .map_err(|e| encoding_error(&e))?;
    // One non-NULL column is always a plain ROW (a null bitmap would only add a byte).
    if bytes.first() != Some(&ROW_TOKEN) {
        return Err(SqlError::new(
            ErrorKind::Internal,
            "An OUTPUT parameter value could not be encoded.",
        ));
    }
    bytes.advance(1);
    Ok((type_info, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const V74: TdsVersion = TdsVersion::V7_4;

    #[test]
    fn values_take_the_declared_type() {
        let (ti, bytes) = encode(&ScalarValue::Int32(Some(5)), "int", V74).unwrap();
        assert_eq!(ti, TypeInfo::IntN(4));
        assert_eq!(&bytes[..], &[4, 5, 0, 0, 0]);
        let (ti, bytes) = encode(&ScalarValue::Int32(None), "int", V74).unwrap();
        assert_eq!(ti, TypeInfo::IntN(4));
        assert_eq!(&bytes[..], &[0]);
        let (ti, bytes) =
            encode(&ScalarValue::Utf8(Some("hé".into())), "nvarchar(10)", V74).unwrap();
        assert_eq!(ti, TypeInfo::nvarchar(10));
        assert_eq!(&bytes[..], &[4, 0, b'h', 0, 0xE9, 0]);
        let (ti, _) = encode(
            &ScalarValue::Decimal128(Some(1234), 10, 2),
            "decimal(10,2)",
            V74,
        )
        .unwrap();
        assert_eq!(
            ti,
            TypeInfo::DecimalN {
                precision: 10,
                scale: 2
            }
        );
        // A value too long for its declaration is SQL Server's truncation error.
        let e = encode(
            &ScalarValue::Utf8(Some("abcdef".into())),
            "nvarchar(2)",
            V74,
        )
        .unwrap_err();
        assert_eq!(e.number(), 8152);
    }
}
