//! Raw-socket tests: exact bytes, ATTENTION, malformed input, encryption refusal, TDS 7.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::raw::{self, Token};
use common::*;
use tds_proto::packet::{PacketStatus, PacketType};
use tds_proto::prelogin::Encryption;
use tds_server::EncryptMode;
use tiberius::EncryptionLevel;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const V74: u32 = 0x7400_0004;

/// PRELOGIN (NOT_SUP) + LOGIN7 in clear; returns the stream and the login response tokens.
async fn plain_login(srv: &TestServer, version: u32) -> (TcpStream, Vec<Token>) {
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::PreLogin,
        &raw::prelogin(Encryption::NotSup),
        4096,
    )
    .await;
    let reply = raw::recv(&mut s).await.unwrap();
    assert_eq!(reply.headers[0].ty, PacketType::TabularResult);
    raw::send(
        &mut s,
        PacketType::Login7,
        &raw::login7(version, USER, PAT, 4096),
        4096,
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    (s, raw::tokens(&resp.payload))
}

#[tokio::test]
async fn prelogin_reply_and_login_response_bytes() {
    let srv = start(EncryptMode::On, true).await;
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::PreLogin,
        &raw::prelogin(Encryption::NotSup),
        4096,
    )
    .await;
    let reply = raw::recv(&mut s).await.unwrap();
    let h = reply.headers[0];
    assert_eq!(
        (h.ty, h.status.0, h.spid),
        (PacketType::TabularResult, 1, 51)
    );
    let req = tds_proto::prelogin::PreloginRequest::decode(&reply.payload).unwrap();
    assert_eq!(req.encryption, Some(Encryption::NotSup));
    assert_eq!(req.version, Some((0x1000_03E8, 0)));
    assert!(req.has_thread_id && req.mars == Some(0) && !req.has_instopt);

    let mut login = raw::login7(V74, USER, PAT, 8000);
    // Ask for UTF8_SUPPORT like FreeTDS 7.4 does.
    login = {
        let mut l = tds_proto::login7::Login7::decode(&login).unwrap();
        l.features = vec![tds_proto::login7::FeatureRequest {
            id: 0x0A,
            data_len: 0,
        }];
        let mut b = bytes::BytesMut::new();
        l.encode(&mut b);
        b
    };
    raw::send(&mut s, PacketType::Login7, &login, 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(resp
        .headers
        .iter()
        .all(|h| h.spid == 51 && h.length <= 4096));
    assert_eq!(
        raw::tokens(&resp.payload),
        vec![
            Token::EnvChange { ty: 1 },
            Token::Info { number: 5701 },
            Token::EnvChange { ty: 7 },
            Token::EnvChange { ty: 2 },
            Token::Info { number: 5703 },
            Token::LoginAck { version: V74 },
            Token::FeatureExtAck(vec![0x0A]),
            Token::EnvChange { ty: 4 },
            Token::Done {
                status: 0,
                count: 0
            },
        ]
    );
    // Negotiated 8000: a large response now comes in 8000-byte packets.
    raw::send(&mut s, PacketType::SqlBatch, &raw::batch("rows 3000"), 8000).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(resp.headers.len() > 1);
    assert!(resp
        .headers
        .iter()
        .all(|h| h.length <= 8000 && h.ty == PacketType::TabularResult));
    assert!(resp.headers[..resp.headers.len() - 1]
        .iter()
        .all(|h| h.length == 8000 && h.status.0 == 0));
    assert_eq!(resp.headers.last().unwrap().status.0, 1);
    let toks = raw::tokens(&resp.payload);
    assert_eq!(toks.len(), 3002);
    assert_eq!(
        toks.last(),
        Some(&Token::Done {
            status: 0x10,
            count: 3000
        })
    );
}

#[tokio::test]
async fn attention_cancels_a_blocked_handler() {
    let mut srv = start(EncryptMode::Off, false).await;
    let (mut s, toks) = plain_login(&srv, V74).await;
    assert_eq!(
        toks.last(),
        Some(&Token::Done {
            status: 0,
            count: 0
        })
    );
    assert!(matches!(
        srv.events.recv().await,
        Some(Event::Opened { .. })
    ));

    raw::send(&mut s, PacketType::SqlBatch, &raw::batch("block"), 4096).await;
    assert_eq!(srv.events.recv().await, Some(Event::Blocked));
    raw::send_packet(&mut s, PacketType::Attention, PacketStatus::EOM, &[]).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert_eq!(
        raw::tokens(&resp.payload),
        vec![Token::Done {
            status: 0x20,
            count: 0
        }]
    );
    assert_eq!(srv.events.recv().await, Some(Event::Dropped));

    // The session goes on.
    raw::send(&mut s, PacketType::SqlBatch, &raw::batch("abcd"), 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert_eq!(
        raw::tokens(&resp.payload),
        vec![
            Token::ColMetadata,
            Token::Row(4),
            Token::Done {
                status: 0x10,
                count: 1
            }
        ]
    );

    // An ATTENTION that arrives after the request finished is still acknowledged.
    raw::send_packet(&mut s, PacketType::Attention, PacketStatus::EOM, &[]).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert_eq!(
        raw::tokens(&resp.payload),
        vec![Token::Done {
            status: 0x20,
            count: 0
        }]
    );
}

#[tokio::test]
async fn reset_connection_bit_resets_then_runs() {
    let mut srv = start(EncryptMode::Off, false).await;
    let (mut s, _) = plain_login(&srv, V74).await;
    assert!(matches!(
        srv.events.recv().await,
        Some(Event::Opened { .. })
    ));
    raw::send_packet(
        &mut s,
        PacketType::SqlBatch,
        PacketStatus::EOM | PacketStatus::RESET_CONNECTION,
        &raw::batch("xy"),
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert_eq!(srv.events.recv().await, Some(Event::Reset));
    assert_eq!(
        raw::tokens(&resp.payload),
        vec![
            Token::EnvChange { ty: 18 },
            Token::ColMetadata,
            Token::Row(2),
            Token::Done {
                status: 0x10,
                count: 1
            }
        ]
    );
}

#[tokio::test]
async fn tds71_client_without_prelogin() {
    // jTDS: LOGIN7 (TDS 7.1, packet size 0) as the very first packet; batches without ALL_HEADERS.
    let srv = start(EncryptMode::On, true).await;
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::Login7,
        &raw::login7(0x7100_0001, USER, PAT, 0),
        4096,
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    let p = &resp.payload;
    // LOGINACK carries 7.1; the INFO tokens use 2-byte line numbers (checked by decoding below).
    let ack = p
        .windows(5)
        .position(|w| w == [0xAD, 50, 0, 1, 0x71])
        .expect("LOGINACK 7.1");
    assert!(ack > 0);
    // DONE with a 4-byte count closes the message.
    assert_eq!(&p[p.len() - 9..], &[0xFD, 0, 0, 0, 0, 0, 0, 0, 0]);
    let mut text = bytes::BytesMut::new();
    tds_proto::wire::put_utf16(&mut text, "SELECT @@MAX_PRECISION");
    raw::send(&mut s, PacketType::SqlBatch, &text, 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    let p = &resp.payload;
    assert_eq!(&p[p.len() - 9..p.len() - 4], &[0xFD, 0x10, 0, 0, 0]);
    assert_eq!(&p[p.len() - 4..], &[1, 0, 0, 0]);
}

#[tokio::test]
async fn required_mode_refuses_a_plaintext_client() {
    let srv = start(EncryptMode::Required, true).await;
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::PreLogin,
        &raw::prelogin(Encryption::NotSup),
        4096,
    )
    .await;
    let reply = raw::recv(&mut s).await.unwrap();
    let req = tds_proto::prelogin::PreloginRequest::decode(&reply.payload).unwrap();
    assert_eq!(req.encryption, Some(Encryption::Req));
    // A client that ignores REQ and logs in in clear gets an error and is disconnected.
    raw::send(
        &mut s,
        PacketType::Login7,
        &raw::login7(V74, USER, PAT, 4096),
        4096,
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    match &raw::tokens(&resp.payload)[..] {
        [Token::Error {
            number: 18456,
            class: 14,
            message,
        }, Token::Done { status: 2, .. }] => {
            assert!(message.contains("requires encryption"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(raw::is_closed(&mut s).await);

    // jTDS-style bare LOGIN7 is refused the same way.
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::Login7,
        &raw::login7(0x7100_0001, USER, PAT, 0),
        4096,
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    // TDS 7.1 layout: ERROR 18456 ... DONE(ERROR) with a 4-byte count.
    let p = &resp.payload;
    assert_eq!(&p[..1], &[0xAA]);
    assert_eq!(&p[3..7], &18456u32.to_le_bytes());
    assert_eq!(&p[p.len() - 9..], &[0xFD, 2, 0, 0, 0, 0, 0, 0, 0]);
    assert!(raw::is_closed(&mut s).await);

    // tiberius NotSupported treats REQ as "encrypt" and succeeds with full TLS.
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::NotSupported, PAT)
        .await
        .unwrap();
    assert_eq!(query_ints(&mut client, "1").await.unwrap(), vec![1]);
}

#[tokio::test]
async fn wrong_password_closes_the_connection() {
    let srv = start(EncryptMode::Off, false).await;
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::PreLogin,
        &raw::prelogin(Encryption::NotSup),
        4096,
    )
    .await;
    raw::recv(&mut s).await.unwrap();
    raw::send(
        &mut s,
        PacketType::Login7,
        &raw::login7(V74, USER, "nope", 4096),
        4096,
    )
    .await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert_eq!(
        raw::tokens(&resp.payload),
        vec![
            Token::Error {
                number: 18456,
                class: 14,
                message: format!("Login failed for user '{USER}'.")
            },
            Token::Done {
                status: 2,
                count: 0
            }
        ]
    );
    assert!(raw::is_closed(&mut s).await);
}

#[tokio::test]
async fn malformed_input_only_closes_that_connection() {
    let srv = start(EncryptMode::On, true).await;
    // Not TDS at all.
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    s.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
    assert!(raw::is_closed(&mut s).await);
    // A PRELOGIN packet whose length is below the header size.
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    s.write_all(&[0x12, 0x01, 0x00, 0x04, 0, 0, 0, 0])
        .await
        .unwrap();
    assert!(raw::is_closed(&mut s).await);
    // A PRELOGIN option pointing outside the message.
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::PreLogin,
        &[0x01, 0x7F, 0x00, 0x00, 0x01, 0xFF],
        4096,
    )
    .await;
    assert!(raw::is_closed(&mut s).await);
    // A truncated LOGIN7.
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut s,
        PacketType::PreLogin,
        &raw::prelogin(Encryption::NotSup),
        4096,
    )
    .await;
    raw::recv(&mut s).await.unwrap();
    let login = raw::login7(V74, USER, PAT, 4096);
    raw::send(&mut s, PacketType::Login7, &login[..60], 4096).await;
    assert!(raw::is_closed(&mut s).await);
    // A LOGIN7 whose user name offset points past the end.
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    let mut bad = login.to_vec();
    bad[40] = 0xF0;
    raw::send(&mut s, PacketType::Login7, &bad, 4096).await;
    assert!(raw::is_closed(&mut s).await);
    // After login: a packet longer than the negotiated size closes with a protocol error.
    let (mut s, _) = plain_login(&srv, V74).await;
    s.write_all(&[0x01, 0x01, 0xFF, 0xFF, 0, 0, 1, 0])
        .await
        .unwrap();
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(matches!(
        raw::tokens(&resp.payload)[0],
        Token::Error { number: 4002, .. }
    ));
    assert!(raw::is_closed(&mut s).await);

    // The server still serves a well-behaved client.
    let mut client = tiberius_connect(srv.addr, EncryptionLevel::Required, PAT)
        .await
        .unwrap();
    assert_eq!(query_ints(&mut client, "fine").await.unwrap(), vec![4]);
}

#[tokio::test]
async fn oversized_messages_are_refused() {
    let srv = start_with(EncryptMode::Off, false, |c| c.max_message_size = 10_000).await;
    let (mut s, _) = plain_login(&srv, V74).await;
    let big = raw::batch(&"y".repeat(6000));
    raw::send(&mut s, PacketType::SqlBatch, &big, 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(matches!(
        raw::tokens(&resp.payload)[0],
        Token::Error { number: 4002, .. }
    ));
    assert!(raw::is_closed(&mut s).await);
}

#[tokio::test]
async fn silent_clients_hit_the_login_timeout() {
    let srv = start_with(EncryptMode::Off, false, |c| {
        c.login_timeout = Duration::from_millis(50)
    })
    .await;
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(10), raw::is_closed(&mut s)).await;
    assert_eq!(closed, Ok(true));
}

#[tokio::test]
async fn connection_limit_queues_extra_clients() {
    let srv = start_with(EncryptMode::Off, false, |c| c.max_connections = 1).await;
    let (first, _) = plain_login(&srv, V74).await;
    // The second client is accepted by the kernel but not served until the first leaves.
    let mut second = TcpStream::connect(srv.addr).await.unwrap();
    raw::send(
        &mut second,
        PacketType::PreLogin,
        &raw::prelogin(Encryption::NotSup),
        4096,
    )
    .await;
    let waited = tokio::time::timeout(Duration::from_millis(200), raw::recv(&mut second)).await;
    assert!(
        waited.is_err(),
        "the second connection was served while the limit was reached"
    );
    drop(first);
    let reply = raw::recv(&mut second).await.unwrap();
    assert_eq!(reply.headers[0].ty, PacketType::TabularResult);
}
