//! Byte vectors for RPC requests, built by hand per [2.2.6.6] and as tiberius encodes them
//! (`tds/codec/rpc_request.rs`, `column_data.rs`: typeless NULL as 0x1F, strings as PLP
//! nvarchar(max) with unknown length and a zero collation).

use super::*;
use crate::types::DateTimeParts;

/// ALL_HEADERS with a transaction descriptor, as tiberius sends it.
fn headers() -> Vec<u8> {
    let mut v = vec![22, 0, 0, 0, 18, 0, 0, 0, 2, 0];
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(&[1, 0, 0, 0]);
    v
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn b_varchar(s: &str) -> Vec<u8> {
    let mut v = vec![s.encode_utf16().count() as u8];
    v.extend(utf16(s));
    v
}

/// A tiberius-style PLP nvarchar(max) parameter.
fn plp_string(name: &str, s: &str) -> Vec<u8> {
    let mut v = b_varchar(name);
    v.push(0);
    v.extend_from_slice(&[0xE7, 0xFF, 0xFF, 0, 0, 0, 0, 0]);
    v.extend_from_slice(&0xFFFF_FFFF_FFFF_FFFEu64.to_le_bytes());
    let data = utf16(s);
    v.extend_from_slice(&(data.len() as u32).to_le_bytes());
    v.extend(&data);
    if !data.is_empty() {
        v.extend_from_slice(&[0, 0, 0, 0]);
    }
    v
}

/// One parameter `name`, status 0, with raw TYPE_INFO + value bytes.
fn param(name: &str, type_and_value: &[u8]) -> Vec<u8> {
    let mut v = b_varchar(name);
    v.push(0);
    v.extend_from_slice(type_and_value);
    v
}

fn executesql(params: &[Vec<u8>]) -> Vec<u8> {
    let mut v = headers();
    v.extend_from_slice(&[0xFF, 0xFF, 10, 0, 0, 0]);
    for p in params {
        v.extend(p);
    }
    v
}

fn single_value(type_and_value: &[u8]) -> ParamValue {
    let req = RpcRequest::decode(&executesql(&[param("@P1", type_and_value)])).unwrap();
    req.calls[0].params[0].value.clone()
}

#[test]
fn tiberius_query_with_int_and_string() {
    let bytes = executesql(&[
        plp_string("stmt", "SELECT @P1 + 1, @P2"),
        plp_string("params", "@P1 int,@P2 nvarchar(4000)"),
        param("@P1", &[0x26, 4, 4, 41, 0, 0, 0]),
        plp_string("@P2", "x"),
    ]);
    let req = RpcRequest::decode(&bytes).unwrap();
    assert_eq!(req.headers.unwrap().transaction_descriptor, Some(0));
    assert_eq!(req.calls.len(), 1);
    let call = &req.calls[0];
    assert_eq!(call.proc, ProcRef::Id(ProcId::ExecuteSql));
    assert_eq!(call.params.len(), 4);
    assert_eq!(call.params[0].name, "stmt");
    assert_eq!(
        call.params[0].value,
        ParamValue::String("SELECT @P1 + 1, @P2".into())
    );
    assert_eq!(call.params[0].param_type.sql_name(), "nvarchar(max)");
    assert_eq!(call.params[2].value, ParamValue::Int(41));
    assert_eq!(call.params[2].param_type.sql_name(), "int");
    assert_eq!(call.params[3].value, ParamValue::String("x".into()));
    assert!(!call.params[3].is_output());
}

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

#[test]
fn names_outputs_and_several_calls() {
    let mut v = headers();
    // sp_prepare by name with an OUTPUT handle, then 0xFF and sp_unprepare by id.
    let name = utf16("sp_prepare");
    v.extend_from_slice(&(name.len() as u16 / 2).to_le_bytes());
    v.extend(name);
    v.extend_from_slice(&[0, 0]);
    v.extend(b_varchar("@handle"));
    v.extend_from_slice(&[STATUS_BY_REF, 0x26, 4, 0]);
    v.push(0xFF);
    v.extend_from_slice(&[0xFF, 0xFF, 15, 0, 0, 0]);
    v.extend(param("", &[0x26, 4, 4, 1, 0, 0, 0]));
    let req = RpcRequest::decode(&v).unwrap();
    assert_eq!(req.calls.len(), 2);
    assert_eq!(req.calls[0].proc, ProcRef::Name("sp_prepare".into()));
    assert_eq!(req.calls[0].proc.well_known(), Some(ProcId::Prepare));
    assert!(req.calls[0].params[0].is_output());
    assert_eq!(req.calls[0].params[0].value, ParamValue::Null);
    assert_eq!(req.calls[1].proc.well_known(), Some(ProcId::Unprepare));
    assert_eq!(req.calls[1].params[0].value, ParamValue::Int(1));
    assert_eq!(
        ProcId::from_name("[master].[dbo].[SP_EXECUTE]"),
        Some(ProcId::Execute)
    );
    assert_eq!(ProcId::from_name("sys.sp_columns"), None);
}

#[test]
fn malformed_requests_are_errors_not_panics() {
    let decimal = param(
        "@P1",
        &[
            0x6A, 17, 38, 2, 17, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ],
    );
    let good = executesql(&[plp_string("stmt", "SELECT 1"), decimal.clone()]);
    assert!(RpcRequest::decode(&good).is_ok());
    // Every truncation inside a parameter fails cleanly (cuts between parameters are valid).
    let boundary = good.len() - decimal.len();
    for cut in (22..good.len()).filter(|c| *c != 28 && *c != boundary) {
        assert!(RpcRequest::decode(&good[..cut]).is_err(), "cut at {cut}");
    }
    // Bad lengths and types.
    for bad in [
        vec![0x26, 4, 3, 1, 2, 3],                            // intn of 3 bytes
        vec![0x6A, 5, 40, 0, 0],                              // precision 40
        vec![0x29, 9, 0],                                     // time scale 9
        vec![0x2A, 7, 3, 0, 0, 0],                            // datetime2(7) of 3 bytes
        vec![0x62, 0, 0, 0, 0],                               // sql_variant
        vec![0x6F, 8, 8, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], // ticks past midnight
    ] {
        assert!(
            RpcRequest::decode(&executesql(&[param("@P1", &bad)])).is_err(),
            "{bad:?}"
        );
    }
    // Unknown proc id, empty payload, garbage after a call.
    let mut v = headers();
    v.extend_from_slice(&[0xFF, 0xFF, 99, 0, 0, 0]);
    assert!(RpcRequest::decode(&v).is_err());
    assert!(RpcRequest::decode(&headers()).is_err());
    let mut v = headers();
    v.extend_from_slice(&[0xFF, 0xFF, 10, 0, 0, 0, 0x01]);
    assert!(RpcRequest::decode(&v).is_err());
}
