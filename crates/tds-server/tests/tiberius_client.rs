//! tiberius 0.12 as an independent client: login in every encryption mode, batches, errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use tds_server::EncryptMode;
use tiberius::EncryptionLevel;

#[tokio::test]
async fn plaintext_login_and_batch() {
    let mut srv = start(EncryptMode::Off, false).await;
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::NotSupported, PAT)
        .await
        .unwrap();
    assert_eq!(query_ints(&mut client, "select 1").await.unwrap(), vec![8]);
    assert_eq!(
        srv.events.recv().await,
        Some(Event::Opened {
            utf8: false,
            encrypted: false,
            packet_size: 4096
        })
    );
}

#[tokio::test]
async fn full_tls_with_required_and_on() {
    for level in [EncryptionLevel::Required, EncryptionLevel::On] {
        let mut srv = start(EncryptMode::On, true).await;
        let mut client = tiberius_connect(srv.addr, level, PAT).await.unwrap();
        assert_eq!(
            query_ints(&mut client, "rows 3").await.unwrap(),
            vec![0, 1, 2]
        );
        assert_eq!(
            srv.events.recv().await,
            Some(Event::Opened {
                utf8: false,
                encrypted: true,
                packet_size: 4096
            })
        );
    }
}

#[tokio::test]
async fn login_only_encryption() {
    let mut srv = start(EncryptMode::On, true).await;
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::Off, PAT)
        .await
        .unwrap();
    assert_eq!(query_ints(&mut client, "rows 2").await.unwrap(), vec![0, 1]);
    assert_eq!(query_ints(&mut client, "abc").await.unwrap(), vec![3]);
    assert_eq!(
        srv.events.recv().await,
        Some(Event::Opened {
            utf8: false,
            encrypted: false,
            packet_size: 4096
        })
    );
}

#[tokio::test]
async fn required_mode_upgrades_an_off_client_to_full_tls() {
    let mut srv = start(EncryptMode::Required, true).await;
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::Off, PAT)
        .await
        .unwrap();
    assert_eq!(query_ints(&mut client, "x").await.unwrap(), vec![1]);
    assert_eq!(
        srv.events.recv().await,
        Some(Event::Opened {
            utf8: false,
            encrypted: true,
            packet_size: 4096
        })
    );
}

#[tokio::test]
async fn wrong_password_is_18456() {
    let srv = start(EncryptMode::On, true).await;
    let Err(err) = tiberius_connect(srv.addr, EncryptionLevel::Required, "wrong").await else {
        panic!("login must fail");
    };
    match err {
        tiberius::error::Error::Server(e) => {
            assert_eq!(e.code(), 18456);
            assert_eq!(e.class(), 14);
            assert_eq!(e.message(), format!("Login failed for user '{USER}'."));
            assert_eq!(e.server(), "vtds-test");
        }
        other => panic!("unexpected error {other:?}"),
    }
    // The server keeps serving.
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::Required, PAT)
        .await
        .unwrap();
    assert_eq!(query_ints(&mut client, "ok").await.unwrap(), vec![2]);
}

#[tokio::test]
async fn multi_packet_batch_and_large_response() {
    for level in [EncryptionLevel::NotSupported, EncryptionLevel::Required] {
        let srv = start(EncryptMode::On, true).await;
        let mut client = tiberius_connect(srv.addr, level, PAT).await.unwrap();
        let long = format!("-- {}", "x".repeat(20_000));
        assert_eq!(query_ints(&mut client, &long).await.unwrap(), vec![20_003]);
        let rows = query_ints(&mut client, "rows 5000").await.unwrap();
        assert_eq!(rows.len(), 5000);
        assert_eq!(
            rows.iter().map(|&v| i64::from(v)).sum::<i64>(),
            4999 * 5000 / 2
        );
    }
}

#[tokio::test]
async fn sql_errors_keep_the_connection() {
    let srv = start(EncryptMode::Off, false).await;
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::NotSupported, PAT)
        .await
        .unwrap();
    let Err(err) = client.simple_query("error").await else {
        panic!("expected an error");
    };
    match err {
        tiberius::error::Error::Server(e) => assert_eq!(e.code(), 208),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(query_ints(&mut client, "again").await.unwrap(), vec![5]);
}

#[tokio::test]
async fn graceful_shutdown_closes_idle_connections() {
    let mut srv = start(EncryptMode::Off, false).await;
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::NotSupported, PAT)
        .await
        .unwrap();
    assert_eq!(query_ints(&mut client, "1").await.unwrap(), vec![1]);
    srv.stop.take().unwrap().send(()).unwrap();
    srv.task.await.unwrap().unwrap();
    assert!(client.simple_query("1").await.is_err());
    assert!(tokio::net::TcpStream::connect(srv.addr).await.is_err());
}

/// The parameter values tiberius really sends (uniqueidentifier, numeric of small precision,
/// NULLs of each) decode without a protocol error; the test handler answers each with a
/// fingerprint of the decoded value.
#[tokio::test]
async fn tiberius_parameters_decode() {
    use tiberius::numeric::Numeric;
    use tiberius::Uuid;
    let srv = start(EncryptMode::Off, false).await;
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::NotSupported, PAT)
        .await
        .unwrap();
    let uuid = Uuid::from_u128(0x0102_0304_0506_0708_090A_0B0C_0D0E_0F10);
    let rows = client
        .query(
            "SELECT @P1, @P2, @P3, @P4, @P5, @P6, @P7",
            &[
                &uuid,
                &Option::<Uuid>::None,
                &Numeric::new_with_scale(125, 2),
                &Numeric::new_with_scale(-5, 0),
                &Numeric::new_with_scale(123_456_789_012, 3),
                &Option::<Numeric>::None,
                &Option::<i32>::None,
            ],
        )
        .await
        .unwrap()
        .into_first_result()
        .await
        .unwrap();
    let got: Vec<i32> = rows.iter().map(|r| r.get::<i32, _>(0).unwrap()).collect();
    // The GUID's first group travels little-endian: 0x04 comes first.
    let big = 123_456_789_012i128 as i32;
    assert_eq!(got, vec![4, -1, 125, -5, big, -1, -1]);
}
