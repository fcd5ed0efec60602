//! Raw-socket tests of RPC and transaction manager requests: exact ENVCHANGE 8/9/10 bytes and
//! descriptors, the default RPC answer, and malformed requests that keep the connection.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use bytes::{BufMut, BytesMut};
use common::raw::{self, Token};
use common::*;
use tds_proto::packet::PacketType;
use tds_proto::prelogin::Encryption;
use tds_proto::tm::{BeginXact, TmRequest};
use tds_server::EncryptMode;
use tokio::net::TcpStream;

async fn login(srv: &TestServer) -> TcpStream {
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
        &raw::login7(0x7400_0004, USER, PAT, 4096),
        4096,
    )
    .await;
    raw::recv(&mut s).await.unwrap();
    s
}

async fn tm(s: &mut TcpStream, req: TmRequest, descriptor: u64) -> Vec<u8> {
    let mut p = BytesMut::new();
    req.encode(descriptor, &mut p);
    raw::send(s, PacketType::TransactionManager, &p, 4096).await;
    raw::recv(s).await.unwrap().payload.to_vec()
}

/// The DONE that ends a TM answer: status 0, command 0, count 0.
const DONE: [u8; 13] = [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

#[tokio::test]
async fn begin_commit_rollback_envchanges() {
    let srv = start(EncryptMode::Off, false).await;
    let mut s = login(&srv).await;

    let begin = tm(&mut s, TmRequest::Begin(BeginXact::default()), 0).await;
    // ENVCHANGE, length 11, type 8, new value = 8-byte descriptor, old value empty; DONE.
    assert_eq!(&begin[..5], &[0xE3, 11, 0, 8, 8]);
    assert_eq!(begin[13], 0);
    assert_eq!(&begin[14..], &DONE);
    let desc: [u8; 8] = begin[5..13].try_into().unwrap();
    assert_ne!(desc, [0; 8]);
    let d = u64::from_le_bytes(desc);

    let commit = TmRequest::Commit {
        name: String::new(),
        begin: None,
    };
    let resp = tm(&mut s, commit.clone(), d).await;
    let mut expected = vec![0xE3, 11, 0, 9, 0, 8];
    expected.extend_from_slice(&desc);
    expected.extend_from_slice(&DONE);
    assert_eq!(resp, expected);

    // A commit outside a transaction is acknowledged with a bare DONE.
    assert_eq!(tm(&mut s, commit, 0).await, DONE);

    // Rollback with fBeginXact: ENVCHANGE 10 for the old descriptor, then a new ENVCHANGE 8.
    let begin2 = tm(&mut s, TmRequest::Begin(BeginXact::default()), 0).await;
    let desc2: [u8; 8] = begin2[5..13].try_into().unwrap();
    assert_ne!(desc2, desc);
    let resp = tm(
        &mut s,
        TmRequest::Rollback {
            name: String::new(),
            begin: Some(BeginXact::default()),
        },
        u64::from_le_bytes(desc2),
    )
    .await;
    assert_eq!(&resp[..6], &[0xE3, 11, 0, 10, 0, 8]);
    assert_eq!(&resp[6..14], &desc2);
    assert_eq!(&resp[14..19], &[0xE3, 11, 0, 8, 8]);
    assert_ne!(&resp[19..27], &desc2);
    assert_eq!(&resp[28..], &DONE);
}

#[tokio::test]
async fn dtc_requests_and_malformed_tm_are_errors() {
    let srv = start(EncryptMode::Off, false).await;
    let mut s = login(&srv).await;
    let resp = tm(&mut s, TmRequest::Distributed(0), 0).await;
    assert!(matches!(
        raw::tokens(&resp)[..],
        [Token::Error { .. }, Token::Done { status: 2, .. }]
    ));
    raw::send(&mut s, PacketType::TransactionManager, &[1, 2, 3], 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(matches!(
        raw::tokens(&resp.payload)[..],
        [
            Token::Error { number: 4002, .. },
            Token::Done { status: 2, .. }
        ]
    ));
    // The connection still runs batches.
    raw::send(&mut s, PacketType::SqlBatch, &raw::batch("abc"), 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(raw::tokens(&resp.payload).contains(&Token::Row(3)));
}

fn rpc_by_name(name: &str) -> BytesMut {
    let mut p = BytesMut::new();
    tds_proto::batch::AllHeaders::encode_transaction_descriptor(&mut p, 0, 1);
    p.put_u16_le(name.encode_utf16().count() as u16);
    tds_proto::wire::put_utf16(&mut p, name);
    p.put_u16_le(0);
    p
}

#[tokio::test]
async fn default_rpc_answer_and_malformed_rpc_keep_the_connection() {
    let srv = start(EncryptMode::Off, false).await;
    let mut s = login(&srv).await;
    let mut two = rpc_by_name("sp_nope");
    two.put_u8(0xFF);
    two.put_u16_le(3);
    tds_proto::wire::put_utf16(&mut two, "sp2");
    two.put_u16_le(0);
    raw::send(&mut s, PacketType::Rpc, &two, 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert_eq!(resp.payload[resp.payload.len() - 13], 0xFE);
    let tokens = raw::tokens(&resp.payload);
    assert_eq!(tokens.len(), 4);
    assert!(
        matches!(&tokens[0], Token::Error { number: 2812, message, .. }
            if message == "Could not find stored procedure 'sp_nope'.")
    );
    assert_eq!(
        tokens[1],
        Token::Done {
            status: 3,
            count: 0
        }
    );
    assert_eq!(
        tokens[3],
        Token::Done {
            status: 2,
            count: 0
        }
    );

    let mut bad = rpc_by_name("sp_x");
    bad.extend_from_slice(&[2, b'@', 0, b'p', 0, 0, 0x99]);
    raw::send(&mut s, PacketType::Rpc, &bad, 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(matches!(
        raw::tokens(&resp.payload)[..],
        [
            Token::Error {
                number: 4002,
                class: 16,
                ..
            },
            Token::Done { status: 2, .. }
        ]
    ));
    raw::send(&mut s, PacketType::SqlBatch, &raw::batch("abcd"), 4096).await;
    let resp = raw::recv(&mut s).await.unwrap();
    assert!(raw::tokens(&resp.payload).contains(&Token::Row(4)));
}

/// One RPC parameter: B_VARCHAR name, status, TYPE_INFO and value bytes.
fn put_param(p: &mut BytesMut, name: &str, status: u8, type_and_value: &[u8]) {
    p.put_u8(name.encode_utf16().count() as u8);
    tds_proto::wire::put_utf16(p, name);
    p.put_u8(status);
    p.extend_from_slice(type_and_value);
}

/// The first token of the answer to one RPC request.
async fn first_token(s: &mut TcpStream, rpc: &BytesMut) -> Token {
    raw::send(s, PacketType::Rpc, rpc, 4096).await;
    let resp = raw::recv(s).await.unwrap();
    raw::tokens(&resp.payload).remove(0)
}

#[tokio::test]
async fn short_decimals_guids_and_nulls_are_not_protocol_errors() {
    let srv = start(EncryptMode::Off, false).await;
    let mut s = login(&srv).await;
    let mut rpc = rpc_by_name("sp_x");
    // numeric(5,2) -123.45 in FreeTDS's 3 bytes; numeric(3,2) in tiberius's 5 bytes.
    put_param(&mut rpc, "@P1", 0, &[0x6C, 17, 5, 2, 3, 0, 0x39, 0x30]);
    put_param(&mut rpc, "@P2", 0, &[0x6C, 5, 3, 2, 5, 1, 125, 0, 0, 0]);
    // uniqueidentifier with a value and NULL, a typeless NULL, NULL int / nvarchar / decimal.
    let mut guid = vec![0x24, 16, 16];
    guid.extend(1..=16u8);
    put_param(&mut rpc, "@P3", 0, &guid);
    put_param(&mut rpc, "@P4", 0, &[0x24, 16, 0]);
    put_param(&mut rpc, "@P5", 0, &[0x1F]);
    put_param(&mut rpc, "@P6", 1, &[0x26, 4, 0]);
    put_param(
        &mut rpc,
        "@P7",
        0,
        &[0xE7, 0x40, 0x1F, 9, 4, 0xD0, 0, 0x34, 0xFF, 0xFF],
    );
    put_param(&mut rpc, "@P8", 0, &[0x6A, 17, 38, 10, 0]);
    // The default handler answers 2812: the request was decoded.
    assert!(matches!(
        first_token(&mut s, &rpc).await,
        Token::Error { number: 2812, .. }
    ));
    // A decimal whose sign byte is neither 0 nor 1 is malformed.
    let mut bad = rpc_by_name("sp_x");
    put_param(&mut bad, "@P1", 0, &[0x6C, 17, 5, 2, 3, 2, 0x39, 0x30]);
    assert!(matches!(
        first_token(&mut s, &bad).await,
        Token::Error { number: 4002, .. }
    ));
}
