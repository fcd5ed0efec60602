//! Every decoder returns an error (never panics) on arbitrary and mutated input: a cheap,
//! deterministic stand-in for the cargo-fuzz targets.
#![allow(clippy::unwrap_used)]

use bytes::BytesMut;
use tds_proto::batch::SqlBatch;
use tds_proto::login7::{FeatureRequest, Login7, Password};
use tds_proto::packet::PacketHeader;
use tds_proto::prelogin::{Encryption, PreloginRequest, PreloginResponse, SERVER_VERSION};

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn decode_all(bytes: &[u8]) {
    let _ = PacketHeader::decode(bytes);
    let _ = PreloginRequest::decode(bytes);
    let _ = Login7::decode(bytes);
    let _ = SqlBatch::decode(bytes);
    let mut copy = bytes.to_vec();
    Login7::redact_passwords(&mut copy);
}

fn seeds() -> Vec<Vec<u8>> {
    let mut login = BytesMut::new();
    Login7 {
        tds_version: 0x7400_0004,
        user_name: "user@example.com".into(),
        password: Password::new("secret"),
        database: "db".into(),
        features: vec![FeatureRequest {
            id: 0x0A,
            data_len: 1,
        }],
        ..Login7::default()
    }
    .encode(&mut login);
    let mut prelogin = BytesMut::new();
    PreloginResponse {
        version: SERVER_VERSION,
        encryption: Encryption::On,
        instopt: true,
        thread_id: true,
        mars: true,
    }
    .encode(&mut prelogin);
    let mut batch = BytesMut::new();
    SqlBatch::encode("select 1", &mut batch);
    vec![login.to_vec(), prelogin.to_vec(), batch.to_vec()]
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        decode_all(&bytes);
    }
}

#[test]
fn mutated_valid_messages_never_panic() {
    let mut rng = Rng(42);
    for seed in seeds() {
        decode_all(&seed);
        for _ in 0..20_000 {
            let mut m = seed.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(m.len());
                m[at] = match rng.below(3) {
                    0 => rng.next() as u8,
                    1 => 0xFF,
                    _ => 0,
                };
            }
            if rng.below(4) == 0 {
                m.truncate(rng.below(m.len() + 1));
            }
            decode_all(&m);
        }
    }
}
