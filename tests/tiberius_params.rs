//! tiberius parameterised queries (sp_executesql over RPC) against the real server: every
//! common parameter type, NULL, errors that keep the connection, and a parameterised key lookup
//! that still pushes down to exactly one Stripe retrieve.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use anyhow::Result;
use tiberius::numeric::Numeric;
use tiberius::{ColumnData, EncryptionLevel, ToSql};
use vtds_e2e::{TdsClient, TestEnv};

/// A `datetime` parameter (the workspace builds tiberius without chrono/time).
struct SqlDateTime(tiberius::time::DateTime);

impl ToSql for SqlDateTime {
    fn to_sql(&self) -> ColumnData<'_> {
        ColumnData::DateTime(Some(self.0))
    }
}

async fn first_row(
    client: &mut TdsClient,
    sql: &str,
    params: &[&dyn ToSql],
) -> Result<tiberius::Row> {
    let rows = client.query(sql, params).await?.into_first_result().await?;
    assert_eq!(rows.len(), 1, "{sql}");
    Ok(rows.into_iter().next().expect("one row"))
}

#[tokio::test]
async fn scalar_parameters_of_every_common_type() -> Result<()> {
    let env = TestEnv::start(3).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;

    let row = first_row(&mut client, "SELECT @P1 + 1, @P2", &[&41i32, &"x"]).await?;
    assert_eq!(row.get::<i32, _>(0), Some(42));
    assert_eq!(row.get::<&str, _>(1), Some("x"));

    let row = first_row(
        &mut client,
        "SELECT @P1, @P2, @P3, @P4",
        &[&5_000_000_000i64, &true, &1.5f64, &"Grüße 𝄞"],
    )
    .await?;
    assert_eq!(row.get::<i64, _>(0), Some(5_000_000_000));
    assert_eq!(row.get::<bool, _>(1), Some(true));
    assert_eq!(row.get::<f64, _>(2), Some(1.5));
    assert_eq!(row.get::<&str, _>(3), Some("Grüße 𝄞"));

    let row = first_row(
        &mut client,
        "SELECT @P1",
        &[&Numeric::new_with_scale(-12345, 2)],
    )
    .await?;
    let n: Numeric = row.get(0).expect("a decimal");
    assert_eq!((n.value(), n.scale()), (-12345, 2));

    // 2024-01-02 03:04:05 as datetime: days since 1900, 1/300 s ticks.
    let when = SqlDateTime(tiberius::time::DateTime::new(45_291, 11_045 * 300));
    let row = first_row(&mut client, "SELECT @P1", &[&when]).await?;
    match row.cells().next().map(|(_, v)| v) {
        Some(ColumnData::DateTime(Some(dt))) => {
            assert_eq!((dt.days(), dt.seconds_fragments()), (45_291, 11_045 * 300))
        }
        Some(ColumnData::DateTime2(Some(dt))) => {
            assert_eq!(dt.date().days(), 45_291 + 693_595);
            let t = dt.time();
            assert_eq!(
                t.increments() / 10u64.pow(u32::from(t.scale())),
                11_045,
                "{dt:?}"
            );
        }
        other => panic!("unexpected datetime column {other:?}"),
    }

    let row = first_row(
        &mut client,
        "SELECT @P1, COALESCE(@P2, 7), @P3",
        &[
            &Option::<i32>::None,
            &Option::<i32>::None,
            &Option::<&str>::None,
        ],
    )
    .await?;
    assert_eq!(row.get::<i32, _>(0), None);
    assert_eq!(row.get::<i32, _>(1), Some(7));
    assert_eq!(row.get::<&str, _>(2), None);

    // A uniqueidentifier parameter is its canonical upper-case text (vtds has no GUID column
    // type: the value comes back as nvarchar(36), which clients read as a string).
    let guid = tiberius::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    let row = first_row(
        &mut client,
        "SELECT @P1, CAST(@P1 AS NVARCHAR(36)) WHERE @P1 = '01234567-89AB-CDEF-0123-456789ABCDEF'",
        &[&guid],
    )
    .await?;
    let text = "01234567-89AB-CDEF-0123-456789ABCDEF";
    assert_eq!(row.get::<&str, _>(0), Some(text));
    assert_eq!(row.get::<&str, _>(1), Some(text));

    // A parameter used twice and in WHERE; execute() runs through the same path.
    let row = first_row(
        &mut client,
        "SELECT @P1 * @P1 AS sq WHERE @P1 > 2",
        &[&3i32],
    )
    .await?;
    assert_eq!(row.get::<i32, _>("sq"), Some(9));
    let result = client.execute("SELECT @P1", &[&1i32]).await?;
    assert_eq!(result.total(), 1);
    Ok(())
}

#[tokio::test]
async fn errors_keep_the_connection() -> Result<()> {
    let env = TestEnv::start(1).await?;
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    let err = client
        .query("SELECT * FROM Stripe.Nope WHERE Id = @P1", &[&1i32])
        .await
        .expect_err("unknown table");
    match err {
        tiberius::error::Error::Server(e) => assert_eq!(e.code(), 208, "{e:?}"),
        other => panic!("unexpected error {other:?}"),
    }
    let err = client
        .query("SELEC @P1", &[&1i32])
        .await
        .expect_err("syntax error");
    assert!(matches!(err, tiberius::error::Error::Server(ref e) if e.code() == 102));
    let row = first_row(&mut client, "SELECT @P1", &[&"still here"]).await?;
    assert_eq!(row.get::<&str, _>(0), Some("still here"));
    Ok(())
}

#[tokio::test]
async fn parameterised_key_lookup_is_one_retrieve() -> Result<()> {
    let env = TestEnv::start(5).await?;
    let target = env.sim_objects("customers")[2].clone();
    let id = target["id"].as_str().expect("id").to_string();
    let mut client = env.connect(EncryptionLevel::NotSupported).await?;
    env.demo.sim.simulator().reset_stats();
    let row = first_row(
        &mut client,
        "SELECT Id, Email FROM Stripe.Customers WHERE Id = @P1",
        &[&id.as_str()],
    )
    .await?;
    assert_eq!(row.get::<&str, _>(0), Some(id.as_str()));
    assert_eq!(row.get::<&str, _>(1), target["email"].as_str());
    let stats = env.demo.sim.simulator().stats();
    assert_eq!(stats.get("GET /v1/customers/{id}"), 1, "{stats:?}");
    assert_eq!(stats.get("GET /v1/customers"), 0, "{stats:?}");
    Ok(())
}
