use tokio::io::{duplex, AsyncReadExt, AsyncWriteExt};

use super::*;

#[tokio::test]
async fn a_flight_goes_out_as_one_message_of_4096_byte_packets() {
    let (a, mut b) = duplex(64 * 1024);
    let mut w = PreloginWrapper::new(a);
    let flight: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
    w.write_all(&flight[..100]).await.unwrap();
    w.write_all(&flight[100..]).await.unwrap();
    w.flush().await.unwrap();
    let mut out = vec![0u8; 5000 + 16];
    b.read_exact(&mut out).await.unwrap();
    assert_eq!(&out[..8], &[0x12, 0x00, 0x10, 0x00, 0, 0, 1, 0]);
    assert_eq!(&out[8..4096], &flight[..4088]);
    assert_eq!(&out[4096..4104], &[0x12, 0x01, 0x03, 0x98, 0, 0, 2, 0]);
    assert_eq!(&out[4104..], &flight[4088..]);
}

#[tokio::test]
async fn reads_unwrap_packets_and_reject_other_types() {
    let (a, mut b) = duplex(1024);
    let mut r = PreloginWrapper::new(a);
    b.write_all(&[0x12, 0x00, 0x00, 0x0B, 0, 0, 1, 0, b'a', b'b', b'c'])
        .await
        .unwrap();
    b.write_all(&[0x12, 0x00, 0x00, 0x08, 0, 0, 2, 0])
        .await
        .unwrap();
    b.write_all(&[0x12, 0x01, 0x00, 0x0A, 0, 0, 3, 0, b'd', b'e'])
        .await
        .unwrap();
    let mut got = [0u8; 5];
    r.read_exact(&mut got).await.unwrap();
    assert_eq!(&got, b"abcde");
    assert!(!r.is_mid_record());
    b.write_all(&[0x10, 0x01, 0x00, 0x09, 0, 0, 1, 0, 0])
        .await
        .unwrap();
    let mut one = [0u8; 1];
    assert!(r.read(&mut one).await.is_err());
}

#[tokio::test]
async fn record_limited_reads_stop_at_the_record_end() {
    let (a, mut b) = duplex(1024);
    let mut r = PreloginWrapper::new(a);
    r.handshake_complete();
    r.limit_reads_to_records();
    b.write_all(&[0x17, 3, 3, 0, 2, b'x', b'y', b'P', b'L'])
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let mut got = Vec::new();
    while got.len() < 7 {
        let n = r.read(&mut buf).await.unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(got, vec![0x17, 3, 3, 0, 2, b'x', b'y']);
    assert!(!r.is_mid_record());
    let mut inner = r.into_inner();
    let mut rest = [0u8; 2];
    inner.read_exact(&mut rest).await.unwrap();
    assert_eq!(&rest, b"PL");
}

#[tokio::test]
async fn passthrough_after_the_handshake() {
    let (a, mut b) = duplex(1024);
    let mut w = PreloginWrapper::new(a);
    w.handshake_complete();
    w.write_all(b"raw").await.unwrap();
    w.flush().await.unwrap();
    let mut got = [0u8; 3];
    b.read_exact(&mut got).await.unwrap();
    assert_eq!(&got, b"raw");
}
