//! A minimal raw TDS client for what tiberius cannot do (ATTENTION, malformed input, exact bytes).

use bytes::{Buf, BytesMut};
use tds_proto::login7::{Login7, Password};
use tds_proto::packet::{put_message, PacketHeader, PacketType};
use tds_proto::prelogin::{Encryption, PreloginResponse, SERVER_VERSION};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Sends `payload` as one message of type `ty` in packets of at most `packet_size` bytes.
pub async fn send<S: AsyncWrite + Unpin>(
    s: &mut S,
    ty: PacketType,
    payload: &[u8],
    packet_size: usize,
) {
    let mut out = BytesMut::new();
    let mut id = 1;
    put_message(&mut out, ty, 0, &mut id, packet_size, payload);
    s.write_all(&out).await.unwrap();
    s.flush().await.unwrap();
}

/// Sends a packet with explicit status bits.
pub async fn send_packet<S: AsyncWrite + Unpin>(
    s: &mut S,
    ty: PacketType,
    status: u8,
    payload: &[u8],
) {
    let mut out = BytesMut::new();
    tds_proto::packet::put_packet(&mut out, ty, status, 0, 1, payload).unwrap();
    s.write_all(&out).await.unwrap();
    s.flush().await.unwrap();
}

/// One received message: headers of its packets and the joined payload. `None` on EOF.
pub struct Received {
    pub headers: Vec<PacketHeader>,
    pub payload: BytesMut,
}

pub async fn recv<S: AsyncRead + Unpin>(s: &mut S) -> Option<Received> {
    let mut headers = Vec::new();
    let mut payload = BytesMut::new();
    loop {
        let mut head = [0u8; 8];
        if s.read_exact(&mut head).await.is_err() {
            return None;
        }
        let h = PacketHeader::decode(&head).unwrap();
        let mut body = vec![0u8; h.payload_len()];
        s.read_exact(&mut body).await.unwrap();
        payload.extend_from_slice(&body);
        headers.push(h);
        if h.status.is_eom() {
            return Some(Received { headers, payload });
        }
    }
}

/// True when the peer has closed the connection (EOF or reset).
pub async fn is_closed<S: AsyncRead + Unpin>(s: &mut S) -> bool {
    let mut b = [0u8; 1];
    matches!(s.read(&mut b).await, Ok(0) | Err(_))
}

/// A client PRELOGIN with VERSION, ENCRYPTION and MARS (same table layout as the server's).
pub fn prelogin(enc: Encryption) -> BytesMut {
    let mut b = BytesMut::new();
    PreloginResponse {
        version: SERVER_VERSION,
        encryption: enc,
        instopt: false,
        thread_id: true,
        mars: true,
    }
    .encode(&mut b);
    b
}

/// A TDS 7.4 (or `version`) LOGIN7 payload.
pub fn login7(version: u32, user: &str, password: &str, packet_size: u32) -> BytesMut {
    let mut b = BytesMut::new();
    Login7 {
        tds_version: version,
        packet_size,
        user_name: user.into(),
        password: Password::new(password),
        app_name: "raw-test".into(),
        database: "Stripe1".into(),
        ..Login7::default()
    }
    .encode(&mut b);
    b
}

/// SQLBatch payload with ALL_HEADERS.
pub fn batch(sql: &str) -> BytesMut {
    let mut b = BytesMut::new();
    tds_proto::batch::SqlBatch::encode(sql, &mut b);
    b
}

/// Tokens of a response, decoded just enough for assertions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Error {
        number: u32,
        class: u8,
        message: String,
    },
    Info {
        number: u32,
    },
    EnvChange {
        ty: u8,
    },
    LoginAck {
        version: u32,
    },
    FeatureExtAck(Vec<u8>),
    ColMetadata,
    Row(i32),
    Done {
        status: u16,
        count: u64,
    },
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Decodes the tokens our server and the test handler produce (TDS 7.4 layouts).
pub fn tokens(mut p: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    while !p.is_empty() {
        let ty = p.get_u8();
        match ty {
            0xAA | 0xAB => {
                let len = p.get_u16_le() as usize;
                let body = &p[..len];
                let number = u32::from_le_bytes([body[0], body[1], body[2], body[3]]);
                let class = body[5];
                let mlen = u16::from_le_bytes([body[6], body[7]]) as usize;
                let message = utf16(&body[8..8 + 2 * mlen]);
                out.push(if ty == 0xAA {
                    Token::Error {
                        number,
                        class,
                        message,
                    }
                } else {
                    Token::Info { number }
                });
                p.advance(len);
            }
            0xE3 => {
                let len = p.get_u16_le() as usize;
                out.push(Token::EnvChange { ty: p[0] });
                p.advance(len);
            }
            0xAD => {
                let len = p.get_u16_le() as usize;
                let version = u32::from_be_bytes([p[1], p[2], p[3], p[4]]);
                out.push(Token::LoginAck { version });
                p.advance(len);
            }
            0xAE => {
                let mut ids = Vec::new();
                loop {
                    let id = p.get_u8();
                    if id == 0xFF {
                        break;
                    }
                    ids.push(id);
                    let len = p.get_u32_le() as usize;
                    p.advance(len);
                }
                out.push(Token::FeatureExtAck(ids));
            }
            0x81 => {
                // The test handler's one-INT-column COLMETADATA.
                p.advance(2 + 4 + 2 + 2 + 1 + 2);
                out.push(Token::ColMetadata);
            }
            0xD1 => {
                let _len = p.get_u8();
                out.push(Token::Row(p.get_i32_le()));
            }
            0xFD..=0xFF => {
                let status = p.get_u16_le();
                let _cmd = p.get_u16_le();
                out.push(Token::Done {
                    status,
                    count: p.get_u64_le(),
                });
            }
            other => panic!("unexpected token {other:#04x}"),
        }
    }
    out
}
