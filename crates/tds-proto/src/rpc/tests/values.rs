//! Decoding of each parameter type's values, NULLs and the lengths clients really send.

use super::*;
use crate::types::DateTimeParts;

#[test]
fn integers_bits_and_floats() {
    assert_eq!(single_value(&[0x26, 1, 1, 200]), ParamValue::Int(200));
    assert_eq!(single_value(&[0x26, 2, 2, 0xFE, 0xFF]), ParamValue::Int(-2));
    let mut big = vec![0x26, 8, 8];
    big.extend_from_slice(&(-5_000_000_000i64).to_le_bytes());
    assert_eq!(single_value(&big), ParamValue::Int(-5_000_000_000));
    assert_eq!(single_value(&[0x26, 4, 0]), ParamValue::Null);
    assert_eq!(single_value(&[0x38, 7, 0, 0, 0]), ParamValue::Int(7));
    assert_eq!(single_value(&[0x30, 255]), ParamValue::Int(255));
    assert_eq!(single_value(&[0x34, 0xFF, 0xFF]), ParamValue::Int(-1));
    let mut int8 = vec![0x7F];
    int8.extend_from_slice(&i64::MAX.to_le_bytes());
    assert_eq!(single_value(&int8), ParamValue::Int(i64::MAX));
    assert_eq!(single_value(&[0x68, 1, 1, 1]), ParamValue::Bool(true));
    assert_eq!(single_value(&[0x68, 1, 0]), ParamValue::Null);
    assert_eq!(single_value(&[0x32, 0]), ParamValue::Bool(false));
    let mut f = vec![0x6D, 8, 8];
    f.extend_from_slice(&1.5f64.to_le_bytes());
    assert_eq!(single_value(&f), ParamValue::Float(1.5));
    let mut f4 = vec![0x3B];
    f4.extend_from_slice(&0.25f32.to_le_bytes());
    assert_eq!(single_value(&f4), ParamValue::Float(0.25));
    let mut f8 = vec![0x3E];
    f8.extend_from_slice(&(-2.0f64).to_le_bytes());
    assert_eq!(single_value(&f8), ParamValue::Float(-2.0));
    // A typeless NULL (tiberius `Option::<i32>::None`).
    assert_eq!(single_value(&[0x1F]), ParamValue::Null);
}

#[test]
fn decimals_and_money() {
    // numeric(5,2) 123.45 = 12345, positive.
    assert_eq!(
        single_value(&[0x6C, 5, 5, 2, 5, 1, 0x39, 0x30, 0, 0]),
        ParamValue::Decimal {
            unscaled: 12345,
            precision: 5,
            scale: 2
        }
    );
    // decimal(20,0) negative, 13-byte value.
    let mut d = vec![0x6A, 13, 20, 0, 13, 0, 7];
    d.extend_from_slice(&[0; 11]);
    assert_eq!(
        single_value(&d),
        ParamValue::Decimal {
            unscaled: -7,
            precision: 20,
            scale: 0
        }
    );
    assert_eq!(single_value(&[0x6A, 5, 9, 2, 0]), ParamValue::Null);
    // tiberius: numeric(3,2) 1.25 in the 5-byte form its precision calls for.
    assert_eq!(
        single_value(&[0x6C, 5, 3, 2, 5, 1, 125, 0, 0, 0]),
        ParamValue::Decimal {
            unscaled: 125,
            precision: 3,
            scale: 2
        }
    );
    // FreeTDS sends the bytes the precision needs (Sybase's table): numeric(5,2) -123.45 in 3
    // bytes (sign + 2), numeric(1,0) in 2. SQL Server accepts any length up to 17.
    assert_eq!(
        single_value(&[0x6C, 17, 5, 2, 3, 0, 0x39, 0x30]),
        ParamValue::Decimal {
            unscaled: -12345,
            precision: 5,
            scale: 2
        }
    );
    assert_eq!(
        single_value(&[0x6A, 17, 1, 0, 2, 1, 7]),
        ParamValue::Decimal {
            unscaled: 7,
            precision: 1,
            scale: 0
        }
    );
    // NULL decimals in every framing a client uses.
    assert_eq!(single_value(&[0x6C, 17, 38, 10, 0]), ParamValue::Null);
    // money 1.2345 = 12345 in 1/10000: high dword 0 then low dword.
    assert_eq!(
        single_value(&[0x6E, 8, 8, 0, 0, 0, 0, 0x39, 0x30, 0, 0]),
        ParamValue::Decimal {
            unscaled: 12345,
            precision: 19,
            scale: 4
        }
    );
    assert_eq!(
        single_value(&[0x7A, 0xFF, 0xFF, 0xFF, 0xFF]),
        ParamValue::Decimal {
            unscaled: -1,
            precision: 10,
            scale: 4
        }
    );
    let mut m = vec![0x3C];
    m.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, 0xF0, 0xD8, 0xFF, 0xFF]);
    assert_eq!(
        single_value(&m),
        ParamValue::Decimal {
            unscaled: -10000,
            precision: 19,
            scale: 4
        }
    );
}

#[test]
fn character_and_binary_types() {
    let coll = [0x09, 0x04, 0xD0, 0x00, 0x34];
    let mut nv = vec![0xE7, 0x40, 0x1F];
    nv.extend_from_slice(&coll);
    nv.extend_from_slice(&[4, 0]);
    nv.extend(utf16("hé"));
    assert_eq!(single_value(&nv), ParamValue::String("hé".into()));
    let mut nv_null = vec![0xE7, 0x40, 0x1F];
    nv_null.extend_from_slice(&coll);
    nv_null.extend_from_slice(&[0xFF, 0xFF]);
    assert_eq!(single_value(&nv_null), ParamValue::Null);
    let mut nchar = vec![0xEF, 4, 0];
    nchar.extend_from_slice(&coll);
    nchar.extend_from_slice(&[4, 0]);
    nchar.extend(utf16("ab"));
    assert_eq!(single_value(&nchar), ParamValue::String("ab".into()));
    let mut vc = vec![0xA7, 10, 0];
    vc.extend_from_slice(&coll);
    vc.extend_from_slice(&[3, 0, b'a', 0x80, b'c']);
    assert_eq!(single_value(&vc), ParamValue::String("a€c".into()));
    let mut ch = vec![0xAF, 2, 0];
    ch.extend_from_slice(&coll);
    ch.extend_from_slice(&[2, 0, b'o', b'k']);
    assert_eq!(single_value(&ch), ParamValue::String("ok".into()));
    assert_eq!(
        single_value(&[0xA5, 8, 0, 2, 0, 0xDE, 0xAD]),
        ParamValue::Bytes(vec![0xDE, 0xAD])
    );
    assert_eq!(
        single_value(&[0xAD, 2, 0, 2, 0, 1, 2]),
        ParamValue::Bytes(vec![1, 2])
    );
    // varbinary(max) in two PLP chunks with a known total length.
    let mut vb = vec![0xA5, 0xFF, 0xFF];
    vb.extend_from_slice(&3u64.to_le_bytes());
    vb.extend_from_slice(&[1, 0, 0, 0, 9, 2, 0, 0, 0, 8, 7, 0, 0, 0, 0]);
    assert_eq!(single_value(&vb), ParamValue::Bytes(vec![9, 8, 7]));
    let mut vb_null = vec![0xA5, 0xFF, 0xFF];
    vb_null.extend_from_slice(&[0xFF; 8]);
    assert_eq!(single_value(&vb_null), ParamValue::Null);
    // ntext / text / image: LONGLEN length (jTDS LONGVARCHAR).
    let mut nt = vec![0x63, 0xFE, 0xFF, 0xFF, 0x7F];
    nt.extend_from_slice(&coll);
    nt.extend_from_slice(&[4, 0, 0, 0]);
    nt.extend(utf16("hi"));
    assert_eq!(single_value(&nt), ParamValue::String("hi".into()));
    let mut tx = vec![0x23, 0xFF, 0xFF, 0xFF, 0x7F];
    tx.extend_from_slice(&coll);
    tx.extend_from_slice(&[0xFF; 4]);
    assert_eq!(single_value(&tx), ParamValue::Null);
    let img = [0x22, 0xFF, 0xFF, 0xFF, 0x7F, 1, 0, 0, 0, 0x42];
    assert_eq!(single_value(&img), ParamValue::Bytes(vec![0x42]));
    // An empty PLP string from tiberius: the zero chunk length is the terminator.
    let req = RpcRequest::decode(&executesql(&[plp_string("@P1", "")])).unwrap();
    assert_eq!(
        req.calls[0].params[0].value,
        ParamValue::String(String::new())
    );
}

#[test]
fn guid_and_temporal_types() {
    let mut g = vec![0x24, 16, 16];
    g.extend(1..=16u8);
    let mut expect = [0u8; 16];
    for (i, b) in expect.iter_mut().enumerate() {
        *b = i as u8 + 1;
    }
    assert_eq!(single_value(&g), ParamValue::Guid(expect));
    assert_eq!(single_value(&[0x24, 16, 0]), ParamValue::Null);
    // datetime 1900-01-02 00:00:01 = day 1, 300 ticks.
    assert_eq!(
        single_value(&[0x6F, 8, 8, 1, 0, 0, 0, 0x2C, 0x01, 0, 0]),
        ParamValue::DateTime {
            value: DateTimeParts {
                unix_days: 1 - 25_567,
                nanos_of_day: 1_000_000_000
            },
            scale: 3
        }
    );
    // smalldatetime day 0, 61 minutes; the fixed DATETIME form too.
    assert_eq!(
        single_value(&[0x3A, 0, 0, 61, 0]),
        ParamValue::DateTime {
            value: DateTimeParts {
                unix_days: -25_567,
                nanos_of_day: 61 * 60_000_000_000
            },
            scale: 0
        }
    );
    assert!(matches!(
        single_value(&[0x3D, 0, 0, 0, 0, 0, 0, 0, 0]),
        ParamValue::DateTime { scale: 3, .. }
    ));
    // date 1970-01-01 = 719162 days since 0001-01-01 = 0x0AF93A.
    assert_eq!(
        single_value(&[0x28, 3, 0x3A, 0xF9, 0x0A]),
        ParamValue::Date { unix_days: 0 }
    );
    assert_eq!(single_value(&[0x28, 0]), ParamValue::Null);
    // time(7) 00:00:01 = 10^7 units in 5 bytes.
    assert_eq!(
        single_value(&[0x29, 7, 5, 0x80, 0x96, 0x98, 0, 0]),
        ParamValue::Time {
            nanos_of_day: 1_000_000_000,
            scale: 7
        }
    );
    // datetime2(0) 1970-01-02 00:00:02: 3 time bytes then the date.
    assert_eq!(
        single_value(&[0x2A, 0, 6, 2, 0, 0, 0x3B, 0xF9, 0x0A]),
        ParamValue::DateTime {
            value: DateTimeParts {
                unix_days: 1,
                nanos_of_day: 2_000_000_000
            },
            scale: 0
        }
    );
    // datetimeoffset(0) 1970-01-01 00:00:00Z at +01:00.
    assert_eq!(
        single_value(&[0x2B, 0, 8, 0, 0, 0, 0x3A, 0xF9, 0x0A, 60, 0]),
        ParamValue::DateTimeOffset {
            utc: DateTimeParts {
                unix_days: 0,
                nanos_of_day: 0
            },
            offset_minutes: 60,
            scale: 0
        }
    );
}
