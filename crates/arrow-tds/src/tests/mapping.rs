//! Which TDS type each Arrow type / metadata / version combination is announced as.

use crate::{Error, ResultEncoder, SQL_TYPE_METADATA_KEY};
use arrow_schema::{DataType, Field, Fields, Schema, TimeUnit};
use std::collections::HashMap;
use std::sync::Arc;
use tds_proto::types::{TypeInfo, VarLen};
use tds_proto::TdsVersion;

fn announced_at(field: Field, version: TdsVersion) -> TypeInfo {
    let enc = ResultEncoder::new(&Schema::new(vec![field]), version).unwrap();
    enc.columns()[0].type_info
}

fn announced(dt: DataType) -> TypeInfo {
    announced_at(Field::new("c", dt, true), TdsVersion::V7_4)
}

fn with_sql_type(dt: DataType, sql: &str) -> Field {
    Field::new("c", dt, true).with_metadata(HashMap::from([(
        SQL_TYPE_METADATA_KEY.to_string(),
        sql.to_string(),
    )]))
}

fn declared(dt: DataType, sql: &str) -> TypeInfo {
    announced_at(with_sql_type(dt, sql), TdsVersion::V7_4)
}

const MAX: TypeInfo = TypeInfo::NVarChar(VarLen::Max);

#[test]
fn arrow_integers_and_floats() {
    assert_eq!(announced(DataType::Int8), TypeInfo::IntN(2));
    assert_eq!(announced(DataType::UInt8), TypeInfo::IntN(1));
    assert_eq!(announced(DataType::Int16), TypeInfo::IntN(2));
    assert_eq!(announced(DataType::Int32), TypeInfo::IntN(4));
    assert_eq!(announced(DataType::Int64), TypeInfo::IntN(8));
    assert_eq!(announced(DataType::UInt16), TypeInfo::IntN(4));
    assert_eq!(announced(DataType::UInt32), TypeInfo::IntN(8));
    assert_eq!(
        announced(DataType::UInt64),
        TypeInfo::DecimalN {
            precision: 20,
            scale: 0
        }
    );
    assert_eq!(announced(DataType::Float16), TypeInfo::FltN(4));
    assert_eq!(announced(DataType::Float32), TypeInfo::FltN(4));
    assert_eq!(announced(DataType::Float64), TypeInfo::FltN(8));
    assert_eq!(announced(DataType::Boolean), TypeInfo::BitN);
    assert_eq!(announced(DataType::Null), TypeInfo::IntN(4));
    assert_eq!(
        announced(DataType::Decimal128(10, 2)),
        TypeInfo::DecimalN {
            precision: 10,
            scale: 2
        }
    );
    assert_eq!(
        announced(DataType::Decimal256(50, 4)),
        TypeInfo::DecimalN {
            precision: 38,
            scale: 4
        }
    );
}

#[test]
fn arrow_strings_binaries_and_temporals() {
    for dt in [DataType::Utf8, DataType::LargeUtf8, DataType::Utf8View] {
        assert_eq!(announced(dt), MAX);
    }
    let dict = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    assert_eq!(announced(dict), MAX);
    for dt in [
        DataType::Binary,
        DataType::LargeBinary,
        DataType::BinaryView,
    ] {
        assert_eq!(announced(dt), TypeInfo::BigVarBinary(VarLen::Max));
    }
    assert_eq!(
        announced(DataType::FixedSizeBinary(16)),
        TypeInfo::BigVarBinary(VarLen::Bytes(16))
    );
    assert_eq!(announced(DataType::Date32), TypeInfo::DateN);
    assert_eq!(announced(DataType::Date64), TypeInfo::DateN);
    assert_eq!(
        announced(DataType::Time32(TimeUnit::Millisecond)),
        TypeInfo::TimeN { scale: 3 }
    );
    assert_eq!(
        announced(DataType::Time64(TimeUnit::Nanosecond)),
        TypeInfo::TimeN { scale: 7 }
    );
    for (unit, scale) in [
        (TimeUnit::Second, 0),
        (TimeUnit::Millisecond, 3),
        (TimeUnit::Microsecond, 6),
        (TimeUnit::Nanosecond, 7),
    ] {
        assert_eq!(
            announced(DataType::Timestamp(unit, None)),
            TypeInfo::DateTime2N { scale }
        );
        assert_eq!(
            announced(DataType::Timestamp(unit, Some("+00:00".into()))),
            TypeInfo::DateTimeOffsetN { scale }
        );
    }
}

#[test]
fn nested_types_are_sent_as_text() {
    let list = DataType::List(Arc::new(Field::new("item", DataType::Int64, true)));
    assert_eq!(announced(list), MAX);
    let strukt = DataType::Struct(Fields::from(vec![Field::new("a", DataType::Utf8, true)]));
    assert_eq!(announced(strukt), MAX);
}

#[test]
fn metadata_wins_when_compatible() {
    assert_eq!(
        declared(DataType::Utf8, "nvarchar(255)"),
        TypeInfo::nvarchar(255)
    );
    assert_eq!(
        declared(DataType::Utf8View, "nvarchar(10)"),
        TypeInfo::nvarchar(10)
    );
    assert_eq!(declared(DataType::Utf8, "nvarchar(max)"), MAX);
    assert_eq!(
        declared(DataType::Utf8, "varchar(3)"),
        TypeInfo::BigVarChar(3)
    );
    assert_eq!(
        declared(DataType::Timestamp(TimeUnit::Millisecond, None), "datetime"),
        TypeInfo::DateTimeN
    );
    assert_eq!(
        declared(
            DataType::Timestamp(TimeUnit::Second, Some("UTC".into())),
            "datetime"
        ),
        TypeInfo::DateTimeN
    );
    assert_eq!(declared(DataType::Int64, "bigint"), TypeInfo::IntN(8));
    assert_eq!(declared(DataType::Int32, "int"), TypeInfo::IntN(4));
    assert_eq!(declared(DataType::Int32, "tinyint"), TypeInfo::IntN(1));
    assert_eq!(declared(DataType::Int64, "smallint"), TypeInfo::IntN(2));
    assert_eq!(declared(DataType::Boolean, "bit"), TypeInfo::BitN);
    assert_eq!(declared(DataType::Float64, "float"), TypeInfo::FltN(8));
    assert_eq!(declared(DataType::Float64, "real"), TypeInfo::FltN(4));
    assert_eq!(
        declared(DataType::Decimal128(19, 4), "decimal(19,4)"),
        TypeInfo::DecimalN {
            precision: 19,
            scale: 4
        }
    );
    assert_eq!(
        declared(DataType::Decimal128(38, 4), "decimal(19,4)"),
        TypeInfo::DecimalN {
            precision: 19,
            scale: 4
        }
    );
    assert_eq!(
        declared(DataType::Int64, "decimal(19,4)"),
        TypeInfo::DecimalN {
            precision: 19,
            scale: 4
        }
    );
    assert_eq!(
        declared(
            DataType::Timestamp(TimeUnit::Microsecond, None),
            "datetime2(3)"
        ),
        TypeInfo::DateTime2N { scale: 3 }
    );
    assert_eq!(
        declared(DataType::FixedSizeBinary(16), "uniqueidentifier"),
        TypeInfo::Guid
    );
    // An all-NULL column takes the declared type.
    assert_eq!(
        declared(DataType::Null, "nvarchar(20)"),
        TypeInfo::nvarchar(20)
    );
}

#[test]
fn incompatible_or_unknown_metadata_is_ignored() {
    assert_eq!(declared(DataType::Utf8, "bigint"), MAX);
    assert_eq!(declared(DataType::Int64, "nvarchar(10)"), TypeInfo::IntN(8));
    assert_eq!(declared(DataType::Int64, "geography"), TypeInfo::IntN(8));
    assert_eq!(
        declared(DataType::Decimal128(10, 2), "decimal(19,4)"),
        TypeInfo::DecimalN {
            precision: 10,
            scale: 2
        }
    );
    assert_eq!(declared(DataType::Int32, "bit"), TypeInfo::IntN(4));
}

#[test]
fn pre_73_clients_get_date_types_as_nvarchar_text() {
    let v = TdsVersion::V7_2;
    let at = |dt| announced_at(Field::new("c", dt, true), v);
    assert_eq!(
        at(DataType::Timestamp(TimeUnit::Nanosecond, None)),
        TypeInfo::nvarchar(27)
    );
    assert_eq!(
        at(DataType::Timestamp(TimeUnit::Second, None)),
        TypeInfo::nvarchar(19)
    );
    assert_eq!(
        at(DataType::Timestamp(TimeUnit::Millisecond, None)),
        TypeInfo::nvarchar(23)
    );
    assert_eq!(
        at(DataType::Timestamp(
            TimeUnit::Nanosecond,
            Some("+00:00".into())
        )),
        TypeInfo::nvarchar(34)
    );
    assert_eq!(at(DataType::Date32), TypeInfo::nvarchar(10));
    assert_eq!(
        at(DataType::Time64(TimeUnit::Nanosecond)),
        TypeInfo::nvarchar(16)
    );
    // DATETIME exists in every version.
    let dt = with_sql_type(DataType::Timestamp(TimeUnit::Millisecond, None), "datetime");
    assert_eq!(announced_at(dt, TdsVersion::V7_1), TypeInfo::DateTimeN);
    // 7.3A already has the new types.
    assert_eq!(
        announced_at(Field::new("c", DataType::Date32, true), TdsVersion::V7_3A),
        TypeInfo::DateN
    );
}

#[test]
fn pre_72_clients_get_ntext_and_image_instead_of_plp() {
    let v = TdsVersion::V7_1;
    assert_eq!(
        announced_at(Field::new("c", DataType::Utf8, true), v),
        TypeInfo::NText
    );
    assert_eq!(
        announced_at(Field::new("c", DataType::Binary, true), v),
        TypeInfo::Image
    );
    assert_eq!(
        announced_at(with_sql_type(DataType::Utf8, "nvarchar(max)"), v),
        TypeInfo::NText
    );
    assert_eq!(
        announced_at(with_sql_type(DataType::Utf8, "nvarchar(255)"), v),
        TypeInfo::nvarchar(255)
    );
    // 7.2 has PLP.
    assert_eq!(
        announced_at(Field::new("c", DataType::Utf8, true), TdsVersion::V7_2),
        MAX
    );
}

#[test]
fn names_and_nullability_follow_the_schema() {
    let schema = Schema::new(vec![
        Field::new("Id", DataType::Utf8, false),
        Field::new("", DataType::Int64, true),
    ]);
    let enc = ResultEncoder::new(&schema, TdsVersion::V7_4).unwrap();
    let cols = enc.columns();
    assert_eq!((cols[0].name.as_str(), cols[0].nullable), ("Id", false));
    assert_eq!((cols[1].name.as_str(), cols[1].nullable), ("", true));
    let mut buf = bytes::BytesMut::new();
    enc.write_colmetadata(&mut buf);
    assert_eq!(buf[..3], [0x81, 2, 0]);
}

/// Mono's SqlClient reads an INTN/BITN/FLTN/DATETIMN column without the nullable flag as the
/// fixed-length type (`SELECT 1` came back as 260): those are always announced nullable.
#[test]
fn not_null_types_with_fixed_forms_are_announced_nullable() {
    let schema = Schema::new(vec![
        Field::new("i", DataType::Int32, false),
        Field::new("b", DataType::Boolean, false),
        Field::new("f", DataType::Float64, false),
        Field::new("d", DataType::Decimal128(10, 2), false),
    ]);
    let enc = ResultEncoder::new(&schema, TdsVersion::V7_4).unwrap();
    let nullable: Vec<bool> = enc.columns().iter().map(|c| c.nullable).collect();
    // DECIMALN has no fixed form: SQL Server itself sends it with the flag clear.
    assert_eq!(nullable, [true, true, true, false]);
}

#[test]
fn too_many_columns() {
    let fields: Vec<_> = (0..4097)
        .map(|i| Field::new(format!("c{i}"), DataType::Int32, true))
        .collect();
    assert!(matches!(
        ResultEncoder::new(&Schema::new(fields), TdsVersion::V7_4),
        Err(Error::TooManyColumns { actual: 4097, .. })
    ));
}
