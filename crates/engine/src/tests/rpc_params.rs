//! Parameterised RPC calls (sp_executesql, sp_prepexec) run through a session: every parameter
//! type with a value and as NULL, uniqueidentifier and decimal values, and OUTPUT parameters
//! coming back with the value the batch assigned.

use datafusion::common::ScalarValue;
use tds_proto::rpc::{ParamType, ParamValue, ProcId, ProcRef, RpcCall, RpcParam};
use tds_proto::types::DateTimeParts;

use super::harness::{collect, session, R};
use crate::rpc::{final_values, initial_values, plan_call, Prepared};
use crate::Session;

/// `code` is the TYPE_INFO byte; only `is_output` (status) matters to the engine besides the value.
fn param(name: &str, code: u8, value: ParamValue) -> RpcParam {
    RpcParam {
        name: name.into(),
        status: 0,
        param_type: ParamType {
            code,
            max_len: 0,
            precision: 0,
            scale: 0,
            collation: None,
        },
        value,
    }
}

fn text(name: &str, s: &str) -> RpcParam {
    param(name, 0xE7, ParamValue::String(s.into()))
}

fn output(name: &str, value: ParamValue) -> RpcParam {
    RpcParam {
        status: 1,
        ..param(name, 0x26, value)
    }
}

/// Runs one sp_executesql call; the outcomes and the final OUTPUT values.
async fn executesql(
    s: &mut Session,
    sql: &str,
    decl: &str,
    values: Vec<RpcParam>,
) -> (Vec<R>, Vec<ScalarValue>) {
    let mut params = vec![text("stmt", sql), text("params", decl)];
    params.extend(values);
    let call = RpcCall {
        proc: ProcRef::Id(ProcId::ExecuteSql),
        options: 0,
        params,
    };
    let plan = match plan_call(&call, &mut Prepared::default()) {
        Ok(plan) => plan,
        Err(e) => return (vec![R::Err(e.number(), e.message)], vec![]),
    };
    let vars = initial_values(s, &plan.variables).await.unwrap();
    let out = collect(s.run_statements_with(Ok(plan.statements), vars)).await;
    let finals = final_values(s, &plan.variables);
    (out, finals)
}

async fn single(s: &mut Session, decl: &str, value: RpcParam) -> String {
    let (out, _) = executesql(s, "SELECT @P1", decl, vec![value]).await;
    match out.as_slice() {
        [r @ R::Rows { .. }] => r.rows()[0][0].clone(),
        other => panic!("{decl}: {other:?}"),
    }
}

#[tokio::test]
async fn every_type_with_a_value_and_as_null() {
    let mut s = session();
    let guid = {
        let mut g = [0u8; 16];
        g.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8 + 1);
        g
    };
    let dec = |unscaled, precision, scale| ParamValue::Decimal {
        unscaled,
        precision,
        scale,
    };
    let when = DateTimeParts {
        unix_days: 19_723,
        nanos_of_day: 3_723_000_000_000,
    };
    let cases: Vec<(&str, u8, ParamValue, &str)> = vec![
        ("int", 0x26, ParamValue::Int(41), "41"),
        ("bigint", 0x26, ParamValue::Int(5_000_000_000), "5000000000"),
        ("smallint", 0x26, ParamValue::Int(-2), "-2"),
        ("tinyint", 0x26, ParamValue::Int(200), "200"),
        ("bit", 0x68, ParamValue::Bool(true), "true"),
        ("float", 0x6D, ParamValue::Float(1.5), "1.5"),
        ("real", 0x6D, ParamValue::Float(0.25), "0.25"),
        ("decimal(5,2)", 0x6A, dec(-12345, 5, 2), "-123.45"),
        ("numeric(3,2)", 0x6C, dec(125, 3, 2), "1.25"),
        (
            "numeric(20,4)",
            0x6C,
            dec(12_345_678_901_234, 20, 4),
            "1234567890.1234",
        ),
        ("money", 0x6E, dec(12345, 19, 4), "1.2345"),
        ("nvarchar(10)", 0xE7, ParamValue::String("x".into()), "x"),
        ("varchar(10)", 0xA7, ParamValue::String("y".into()), "y"),
        ("nchar(1)", 0xEF, ParamValue::String("z".into()), "z"),
        (
            "uniqueidentifier",
            0x24,
            ParamValue::Guid(guid),
            "04030201-0605-0807-090A-0B0C0D0E0F10",
        ),
        (
            "date",
            0x28,
            ParamValue::Date { unix_days: 19_723 },
            "2024-01-01",
        ),
        (
            "datetime",
            0x6F,
            ParamValue::DateTime {
                value: when,
                scale: 3,
            },
            "2024-01-01T01:02:03",
        ),
        (
            "datetime2(7)",
            0x2A,
            ParamValue::DateTime {
                value: when,
                scale: 7,
            },
            "2024-01-01T01:02:03",
        ),
        (
            "time(7)",
            0x29,
            ParamValue::Time {
                nanos_of_day: 3_723_000_000_000,
                scale: 7,
            },
            "01:02:03",
        ),
        (
            "datetimeoffset(7)",
            0x2B,
            ParamValue::DateTimeOffset {
                utc: when,
                offset_minutes: 60,
                scale: 7,
            },
            // The UTC instant (the session's time zone is UTC).
            "2024-01-01T01:02:03",
        ),
        (
            "varbinary(10)",
            0xA5,
            ParamValue::Bytes(vec![0xAB, 1]),
            "ab01",
        ),
    ];
    for (ty, code, value, want) in cases {
        let decl = format!("@P1 {ty}");
        assert_eq!(
            single(&mut s, &decl, param("@P1", code, value)).await,
            want,
            "{ty}"
        );
        let null = single(&mut s, &decl, param("@P1", code, ParamValue::Null)).await;
        assert_eq!(null, "NULL", "{ty} NULL");
        // A typeless NULL (tiberius's Option::None is NULLTYPE 0x1F).
        let null = single(&mut s, &decl, param("@P1", 0x1F, ParamValue::Null)).await;
        assert_eq!(null, "NULL", "{ty} NULLTYPE");
    }
    // A uniqueidentifier compares with its text form (as SQL Server prints it, upper case).
    let (out, _) = executesql(
        &mut s,
        "SELECT 1 WHERE @P1 = '04030201-0605-0807-090A-0B0C0D0E0F10'",
        "@P1 uniqueidentifier",
        vec![param("@P1", 0x24, ParamValue::Guid(guid))],
    )
    .await;
    assert_eq!(out[0].rows().len(), 1, "{out:?}");
}

#[tokio::test]
async fn output_parameters_return_their_final_values() {
    let mut s = session();
    let (out, finals) = executesql(
        &mut s,
        "SET @p = @a * 2; SELECT @p AS doubled",
        "@a int, @p int OUTPUT",
        vec![
            param("@a", 0x26, ParamValue::Int(21)),
            output("@p", ParamValue::Null),
        ],
    )
    .await;
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].rows(), &vec![vec!["42"]]);
    assert_eq!(finals, vec![ScalarValue::Int32(Some(42))]);
    // The value passed in is the variable's starting value; unassigned it comes back as is.
    let (_, finals) = executesql(
        &mut s,
        "SELECT 1",
        "@p nvarchar(10) OUTPUT, @n bigint OUT",
        vec![
            output("@p", ParamValue::String("in".into())),
            output("@n", ParamValue::Null),
        ],
    )
    .await;
    assert_eq!(
        finals,
        vec![
            ScalarValue::Utf8(Some("in".into())),
            ScalarValue::Int64(None)
        ]
    );
    // Output requested for a parameter not declared OUTPUT: 8162, nothing runs.
    let (out, _) = executesql(
        &mut s,
        "SELECT 1",
        "@p int",
        vec![output("@p", ParamValue::Int(1))],
    )
    .await;
    assert!(matches!(out.as_slice(), [R::Err(8162, _)]), "{out:?}");
}
