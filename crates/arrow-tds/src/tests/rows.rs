//! Row encoding: byte-exact values, NULLs in every type, NBCROW vs ROW, errors.

use super::decode::{rows, utf16};
use crate::{Error, ResultEncoder, SQL_TYPE_METADATA_KEY};
use arrow_array::builder::{Int64Builder, ListBuilder, StringDictionaryBuilder};
use arrow_array::types::Int32Type;
use arrow_array::*;
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use bytes::BytesMut;
use std::collections::HashMap;
use std::sync::Arc;
use tds_proto::types::TypeInfo;
use tds_proto::TdsVersion;

fn field(name: &str, dt: DataType, sql: Option<&str>) -> Field {
    let f = Field::new(name, dt, true);
    match sql {
        Some(s) => f.with_metadata(HashMap::from([(
            SQL_TYPE_METADATA_KEY.to_string(),
            s.to_string(),
        )])),
        None => f,
    }
}

fn batch(fields: Vec<Field>, arrays: Vec<ArrayRef>) -> RecordBatch {
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
}

/// Encodes `b` at `version`; returns the announced types and the row bytes.
fn encode(b: &RecordBatch, version: TdsVersion) -> (Vec<TypeInfo>, Vec<u8>) {
    let enc = ResultEncoder::new(&b.schema(), version).unwrap();
    let mut buf = BytesMut::new();
    assert_eq!(enc.write_rows(b, &mut buf).unwrap(), b.num_rows());
    let types = enc.columns().iter().map(|c| c.type_info).collect();
    (types, buf.to_vec())
}

/// 2024-01-02 03:04:05.123 UTC in milliseconds.
const TS_MS: i64 = 1_704_164_645_123;

#[test]
fn byte_exact_row() {
    let b = batch(
        vec![
            field("Id", DataType::Int64, Some("bigint")),
            field("Name", DataType::Utf8, Some("nvarchar(10)")),
            field(
                "Created",
                DataType::Timestamp(TimeUnit::Millisecond, None),
                Some("datetime"),
            ),
            field("Amount", DataType::Decimal128(19, 4), Some("decimal(19,4)")),
            field("Live", DataType::Boolean, Some("bit")),
        ],
        vec![
            Arc::new(Int64Array::from(vec![7])),
            Arc::new(StringArray::from(vec!["ab"])),
            Arc::new(TimestampMillisecondArray::from(vec![TS_MS])),
            Arc::new(
                Decimal128Array::from(vec![123_456_789])
                    .with_precision_and_scale(19, 4)
                    .unwrap(),
            ),
            Arc::new(BooleanArray::from(vec![true])),
        ],
    );
    let (_, bytes) = encode(&b, TdsVersion::V7_4);
    #[rustfmt::skip]
    let expected = [
        0xD1,
        8, 7, 0, 0, 0, 0, 0, 0, 0,                     // bigint 7
        4, 0, b'a', 0, b'b', 0,                        // nvarchar 'ab'
        8, 0xEB, 0xB0, 0, 0, 0x81, 0x8F, 0x32, 0,      // datetime 2024-01-02 03:04:05.123
        9, 1, 0x15, 0xCD, 0x5B, 0x07, 0, 0, 0, 0,      // decimal 12345.6789
        1, 1,                                          // bit 1
    ];
    assert_eq!(bytes, expected);
}

#[test]
fn nbcrow_when_shorter_row_otherwise() {
    let b = batch(
        vec![
            field("a", DataType::Int32, None),
            field("b", DataType::Int32, None),
        ],
        vec![
            Arc::new(Int32Array::from(vec![None, Some(1), None])),
            Arc::new(Int32Array::from(vec![None, Some(2), Some(3)])),
        ],
    );
    let (_, bytes) = encode(&b, TdsVersion::V7_4);
    #[rustfmt::skip]
    assert_eq!(bytes, [
        0xD2, 0b11,                               // both NULL: bitmap (1 byte) < 2 NULL bytes
        0xD1, 4, 1, 0, 0, 0, 4, 2, 0, 0, 0,       // no NULLs
        0xD1, 0, 4, 3, 0, 0, 0,                   // one NULL: bitmap would not be shorter
    ]);
    // Clients before 7.3B never get NBCROW.
    let (_, bytes) = encode(&b, TdsVersion::V7_3A);
    assert_eq!(bytes[..3], [0xD1, 0, 0]);
}

#[test]
fn nulls_in_every_type() {
    let ms = DataType::Timestamp(TimeUnit::Millisecond, None);
    let list = DataType::List(Arc::new(Field::new("item", DataType::Int64, true)));
    let mut lists = ListBuilder::new(Int64Builder::new());
    lists.values().append_value(1);
    lists.values().append_value(2);
    lists.append(true);
    lists.append_null();
    let mut dict = StringDictionaryBuilder::<Int32Type>::new();
    dict.append_value("x");
    dict.append_null();
    let fields = vec![
        field("i8", DataType::Int8, None),
        field("u8", DataType::UInt8, None),
        field("i32", DataType::Int32, None),
        field("i64", DataType::Int64, None),
        field("u64", DataType::UInt64, None),
        field("f32", DataType::Float32, None),
        field("f64", DataType::Float64, None),
        field("bool", DataType::Boolean, None),
        field("dec", DataType::Decimal128(10, 2), None),
        field("s", DataType::Utf8, None),
        field("s10", DataType::Utf8, Some("nvarchar(10)")),
        field("sv", DataType::Utf8View, None),
        field("bin", DataType::Binary, None),
        field("date", DataType::Date32, None),
        field("time", DataType::Time64(TimeUnit::Microsecond), None),
        field("ts", ms.clone(), None),
        field(
            "tstz",
            DataType::Timestamp(TimeUnit::Second, Some("+01:00".into())),
            None,
        ),
        field("dt", ms, Some("datetime")),
        field("null", DataType::Null, None),
        field("list", list, None),
        field("dict", dict.finish().data_type().clone(), None),
    ];
    let mut dict = StringDictionaryBuilder::<Int32Type>::new();
    dict.append_value("x");
    dict.append_null();
    let arrays: Vec<ArrayRef> = vec![
        Arc::new(Int8Array::from(vec![Some(-1), None])),
        Arc::new(UInt8Array::from(vec![Some(255), None])),
        Arc::new(Int32Array::from(vec![Some(1), None])),
        Arc::new(Int64Array::from(vec![Some(1), None])),
        Arc::new(UInt64Array::from(vec![Some(u64::MAX), None])),
        Arc::new(Float32Array::from(vec![Some(1.5), None])),
        Arc::new(Float64Array::from(vec![Some(1.5), None])),
        Arc::new(BooleanArray::from(vec![Some(false), None])),
        Arc::new(
            Decimal128Array::from(vec![Some(-12_345), None])
                .with_precision_and_scale(10, 2)
                .unwrap(),
        ),
        Arc::new(StringArray::from(vec![Some("héllo"), None])),
        Arc::new(StringArray::from(vec![Some("x"), None])),
        Arc::new(StringViewArray::from(vec![Some("view"), None])),
        Arc::new(BinaryArray::from(vec![Some(&[1u8, 2][..]), None])),
        Arc::new(Date32Array::from(vec![Some(19_724), None])),
        Arc::new(Time64MicrosecondArray::from(vec![
            Some(11_045_123_456),
            None,
        ])),
        Arc::new(TimestampMillisecondArray::from(vec![Some(TS_MS), None])),
        Arc::new(
            TimestampSecondArray::from(vec![Some(TS_MS / 1000), None]).with_timezone("+01:00"),
        ),
        Arc::new(TimestampMillisecondArray::from(vec![Some(TS_MS), None])),
        Arc::new(NullArray::new(2)),
        Arc::new(lists.finish()),
        Arc::new(dict.finish()),
    ];
    let b = batch(fields, arrays);
    for version in [TdsVersion::V7_4, TdsVersion::V7_2, TdsVersion::V7_1] {
        let (types, bytes) = encode(&b, version);
        let decoded = rows(&bytes, &types);
        assert_eq!(decoded.len(), 2);
        // Row 0: only the Null column is NULL; row 1: everything is.
        let nulls0: Vec<bool> = decoded[0].values.iter().map(Option::is_none).collect();
        let null_col = b.schema().index_of("null").unwrap();
        assert!(nulls0
            .iter()
            .enumerate()
            .all(|(i, n)| *n == (i == null_col)));
        assert!(decoded[1].values.iter().all(Option::is_none));
        assert_eq!(decoded[1].nbc, version >= TdsVersion::V7_3B, "{version:?}");
        let v = |name: &str| {
            decoded[0].values[b.schema().index_of(name).unwrap()]
                .clone()
                .unwrap()
        };
        assert_eq!(v("i8"), [0xFF, 0xFF]);
        assert_eq!(v("u8"), [255]);
        assert_eq!(v("s"), utf16("héllo"));
        assert_eq!(v("sv"), utf16("view"));
        assert_eq!(v("bin"), [1, 2]);
        assert_eq!(v("list"), utf16("[1, 2]"));
        assert_eq!(v("dict"), utf16("x"));
        assert_eq!(v("dec"), [0, 0x39, 0x30, 0, 0, 0, 0, 0, 0]);
        assert_eq!(v("u64"), [&[1u8][..], &[0xFF; 8], &[0; 4]].concat());
        assert_eq!(v("dt"), [0xEB, 0xB0, 0, 0, 0x81, 0x8F, 0x32, 0]);
        if version >= TdsVersion::V7_3A {
            // time(6) 03:04:05.123456 = 11045123456 µs = 0x02_9257_3580 (5 bytes).
            assert_eq!(v("time"), [0x80, 0x35, 0x57, 0x92, 0x02]);
            // datetimeoffset(0): UTC 03:04:05 on 2024-01-02, offset +60.
            assert_eq!(v("tstz"), [0x25, 0x2B, 0, 0x46, 0x46, 0x0B, 60, 0]);
        } else {
            assert_eq!(v("date"), utf16("2024-01-02"));
            assert_eq!(v("time"), utf16("03:04:05.123456"));
            assert_eq!(v("ts"), utf16("2024-01-02 03:04:05.123"));
            assert_eq!(v("tstz"), utf16("2024-01-02 04:04:05 +01:00"));
        }
    }
}

#[test]
fn long_strings_are_plp_chunked_or_ntext() {
    let s = "é".repeat(5000);
    let b = batch(
        vec![field("s", DataType::Utf8, None)],
        vec![Arc::new(StringArray::from(vec![s.as_str()]))],
    );
    let (_, bytes) = encode(&b, TdsVersion::V7_4);
    // ROW, PLP total 10000 bytes, chunk of 8000, chunk of 2000, terminator.
    assert_eq!(bytes[..9], [0xD1, 0x10, 0x27, 0, 0, 0, 0, 0, 0]);
    assert_eq!(bytes[9..13], 8000u32.to_le_bytes());
    assert_eq!(bytes[8013..8017], 2000u32.to_le_bytes());
    assert_eq!(bytes[10_017..], [0, 0, 0, 0]);
    let (types, bytes) = encode(&b, TdsVersion::V7_1);
    assert_eq!(types, [TypeInfo::NText]);
    assert_eq!(
        rows(&bytes, &types)[0].values[0].as_deref(),
        Some(&utf16(&s)[..])
    );
}

#[test]
fn too_long_for_declared_nvarchar_is_truncation_error() {
    let b = batch(
        vec![field("Email", DataType::Utf8, Some("nvarchar(3)"))],
        vec![Arc::new(StringArray::from(vec!["abc", "abcd"]))],
    );
    let enc = ResultEncoder::new(&b.schema(), TdsVersion::V7_4).unwrap();
    let mut buf = BytesMut::new();
    let err = enc.write_rows(&b, &mut buf).unwrap_err();
    assert!(
        matches!(&err, Error::Truncation { column, row: 1, len: 8, max_len: 6 } if column == "Email"),
        "{err:?}"
    );
    // The complete first row stays, nothing of the second.
    assert_eq!(rows(&buf, &[TypeInfo::nvarchar(3)]).len(), 1);
}

#[test]
fn out_of_range_values_are_errors() {
    let dec = batch(
        vec![field(
            "d",
            DataType::Decimal128(10, 2),
            Some("decimal(4,2)"),
        )],
        vec![Arc::new(
            Decimal128Array::from(vec![12_345])
                .with_precision_and_scale(10, 2)
                .unwrap(),
        )],
    );
    let tiny = batch(
        vec![field("t", DataType::Int32, Some("tinyint"))],
        vec![Arc::new(Int32Array::from(vec![256]))],
    );
    // 1600-01-01 is before DATETIME's 1753.
    let old = batch(
        vec![field(
            "c",
            DataType::Timestamp(TimeUnit::Second, None),
            Some("datetime"),
        )],
        vec![Arc::new(TimestampSecondArray::from(vec![-11_676_096_000]))],
    );
    for (b, sql_type) in [(dec, "decimal(4,2)"), (tiny, "tinyint"), (old, "datetime")] {
        let enc = ResultEncoder::new(&b.schema(), TdsVersion::V7_4).unwrap();
        let mut buf = BytesMut::new();
        match enc.write_rows(&b, &mut buf) {
            Err(Error::OutOfRange {
                sql_type: t,
                row: 0,
                ..
            }) => assert_eq!(t, sql_type),
            other => panic!("{other:?}"),
        }
        assert!(buf.is_empty());
    }
}

#[test]
fn null_in_non_nullable_field_is_still_encoded() {
    let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Int32, false)]));
    let enc = ResultEncoder::new(&schema, TdsVersion::V7_4).unwrap();
    // A batch built against a nullable schema variant but fed to this encoder.
    let b = batch(
        vec![Field::new("a", DataType::Int32, true)],
        vec![Arc::new(Int32Array::from(vec![None]))],
    );
    let mut buf = BytesMut::new();
    enc.write_rows(&b, &mut buf).unwrap();
    assert_eq!(&buf[..], [0xD1, 0]);
}

#[test]
fn batch_types_differing_from_the_schema_are_cast() {
    let schema = Schema::new(vec![field("n", DataType::Int64, Some("bigint"))]);
    let enc = ResultEncoder::new(&schema, TdsVersion::V7_4).unwrap();
    let b = batch(
        vec![field("n", DataType::Int32, None)],
        vec![Arc::new(Int32Array::from(vec![5]))],
    );
    let mut buf = BytesMut::new();
    enc.write_rows(&b, &mut buf).unwrap();
    assert_eq!(&buf[..], [0xD1, 8, 5, 0, 0, 0, 0, 0, 0, 0]);
    let two = batch(
        vec![
            field("n", DataType::Int32, None),
            field("m", DataType::Int32, None),
        ],
        vec![
            Arc::new(Int32Array::from(vec![5])),
            Arc::new(Int32Array::from(vec![6])),
        ],
    );
    assert!(matches!(
        enc.write_rows(&two, &mut buf),
        Err(Error::ColumnCountMismatch {
            expected: 1,
            actual: 2
        })
    ));
}

#[test]
fn sliced_arrays_use_their_offset() {
    let b = batch(
        vec![
            field(
                "t",
                DataType::Timestamp(TimeUnit::Millisecond, None),
                Some("datetime"),
            ),
            field("s", DataType::Utf8, None),
        ],
        vec![
            Arc::new(TimestampMillisecondArray::from(vec![0, TS_MS])),
            Arc::new(StringArray::from(vec!["a", "b"])),
        ],
    )
    .slice(1, 1);
    let (types, bytes) = encode(&b, TdsVersion::V7_4);
    let r = rows(&bytes, &types);
    assert_eq!(
        r[0].values[0].as_deref(),
        Some(&[0xEB, 0xB0, 0, 0, 0x81, 0x8F, 0x32, 0][..])
    );
    assert_eq!(r[0].values[1].as_deref(), Some(&utf16("b")[..]));
}

#[test]
fn extreme_timestamps_are_errors_not_panics() {
    for (sql, dt) in [
        (
            Some("datetime"),
            DataType::Timestamp(TimeUnit::Second, None),
        ),
        (None, DataType::Timestamp(TimeUnit::Second, None)),
        (
            None,
            DataType::Timestamp(TimeUnit::Second, Some("+05:00".into())),
        ),
    ] {
        let b = batch(
            vec![field("t", dt.clone(), sql)],
            vec![arrow_cast::cast(
                &(Arc::new(Int64Array::from(vec![i64::MAX, i64::MIN])) as ArrayRef),
                &dt,
            )
            .unwrap()],
        );
        for version in [TdsVersion::V7_4, TdsVersion::V7_2] {
            let enc = ResultEncoder::new(&b.schema(), version).unwrap();
            let mut buf = BytesMut::new();
            assert!(
                matches!(
                    enc.write_rows(&b, &mut buf),
                    Err(Error::OutOfRange { row: 0, .. })
                ),
                "{sql:?} {dt} {version:?}"
            );
        }
    }
}
