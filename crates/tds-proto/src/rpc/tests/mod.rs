//! Byte vectors for RPC requests, built by hand per [2.2.6.6] and as tiberius encodes them
//! (`tds/codec/rpc_request.rs`, `column_data.rs`: typeless NULL as 0x1F, strings as PLP
//! nvarchar(max) with unknown length and a zero collation).

mod values;

use super::*;

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
        vec![0x6A, 17, 38, 0, 1, 1],                          // decimal of 1 byte (sign only)
        vec![0x6A, 17, 10, 0, 3, 2, 1, 1],                    // decimal sign byte 2
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
