//! PRELOGIN request decoding and the server's reply [2.2.6.5].
//!
//! The message is an option table (token, big-endian offset, big-endian length; terminator 0xFF)
//! followed by the option data. Clients send different subsets (FreeTDS: INSTOPT; go/tedious:
//! TRACEID; tedious: FEDAUTHREQUIRED), so any subset in any order is accepted and unknown tokens
//! are skipped. The reply is laid out the way jTDS needs it: options in ascending token order,
//! their data contiguous in the same order, because jTDS reads the data sequentially.

use bytes::{BufMut, BytesMut};

use crate::error::{slice, u16_be, Error, Result};

/// Option tokens [2.2.6.5].
pub mod option {
    /// Server/client version: 4-byte version + 2-byte sub-build.
    pub const VERSION: u8 = 0x00;
    /// Encryption negotiation byte.
    pub const ENCRYPTION: u8 = 0x01;
    /// Instance name (NUL-terminated); the server answers 0x00 ("matches").
    pub const INSTOPT: u8 = 0x02;
    /// Client thread id; the server answers with an empty value.
    pub const THREADID: u8 = 0x03;
    /// MARS request; the server answers 0x00 (off).
    pub const MARS: u8 = 0x04;
    /// Client trace/activity id.
    pub const TRACEID: u8 = 0x05;
    /// Federated authentication; never echoed.
    pub const FEDAUTHREQUIRED: u8 = 0x06;
    /// Nonce for federated authentication.
    pub const NONCEOPT: u8 = 0x07;
    /// End of the option table.
    pub const TERMINATOR: u8 = 0xFF;
}

/// The ENCRYPTION option byte [2.2.6.5]. Values outside 0–3 (go-mssqldb's 4 in strict mode, the
/// CLIENT_CERT bit 0x80) are kept in `Other` so the caller can decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encryption {
    /// 0x00: encrypt the login packet only.
    Off,
    /// 0x01: encrypt everything.
    On,
    /// 0x02: no TLS at all.
    NotSup,
    /// 0x03: encryption required.
    Req,
    /// Any other byte value.
    Other(u8),
}

impl Encryption {
    /// The option's wire byte.
    pub fn as_u8(self) -> u8 {
        match self {
            Encryption::Off => 0,
            Encryption::On => 1,
            Encryption::NotSup => 2,
            Encryption::Req => 3,
            Encryption::Other(b) => b,
        }
    }

    /// The value with the CLIENT_CERT bit (0x80) removed, which is how SQL Server reads it.
    pub fn without_client_cert(self) -> Encryption {
        Encryption::from(self.as_u8() & 0x7F)
    }
}

impl From<u8> for Encryption {
    fn from(b: u8) -> Self {
        match b {
            0 => Encryption::Off,
            1 => Encryption::On,
            2 => Encryption::NotSup,
            3 => Encryption::Req,
            other => Encryption::Other(other),
        }
    }
}

/// A client's PRELOGIN, reduced to what the server needs to answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreloginRequest {
    /// Client driver version (4 bytes big-endian) and sub-build, if sent.
    pub version: Option<(u32, u16)>,
    /// ENCRYPTION byte, if sent.
    pub encryption: Option<Encryption>,
    /// True when INSTOPT was sent (the reply then includes INSTOPT).
    pub has_instopt: bool,
    /// True when THREADID was sent (the reply then includes an empty THREADID).
    pub has_thread_id: bool,
    /// MARS byte, if sent (the reply then includes MARS = 0).
    pub mars: Option<u8>,
    /// True when TRACEID was sent.
    pub has_trace_id: bool,
    /// FEDAUTHREQUIRED byte, if sent.
    pub fed_auth_required: Option<u8>,
}

impl PreloginRequest {
    /// Decodes a PRELOGIN payload. Every offset and length is checked against the payload; a
    /// missing terminator is an error.
    pub fn decode(payload: &[u8]) -> Result<Self> {
        let mut req = PreloginRequest::default();
        let mut pos = 0usize;
        loop {
            let token = *payload.get(pos).ok_or(Error::Truncated {
                what: "prelogin option table",
                needed: pos + 1,
                available: payload.len(),
            })?;
            if token == option::TERMINATOR {
                return Ok(req);
            }
            let offset = usize::from(u16_be(payload, pos + 1, "prelogin option")?);
            let length = usize::from(u16_be(payload, pos + 3, "prelogin option")?);
            pos += 5;
            let data = slice(payload, offset, length, "prelogin option data")?;
            match token {
                option::VERSION if data.len() >= 6 => {
                    let v = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
                    req.version = Some((v, u16::from_be_bytes([data[4], data[5]])));
                }
                option::ENCRYPTION => {
                    let b = *data.first().ok_or(Error::InvalidLength {
                        what: "prelogin ENCRYPTION",
                        value: 0,
                    })?;
                    req.encryption = Some(Encryption::from(b));
                }
                option::INSTOPT => req.has_instopt = true,
                option::THREADID => req.has_thread_id = true,
                option::MARS => req.mars = Some(data.first().copied().unwrap_or(0)),
                option::TRACEID => req.has_trace_id = true,
                option::FEDAUTHREQUIRED => req.fed_auth_required = data.first().copied(),
                // VERSION shorter than 6 bytes, NONCEOPT and unknown tokens: tolerated, ignored.
                _ => {}
            }
        }
    }
}

/// The server's PRELOGIN reply. Only options the client sent are echoed (tiberius panics on
/// tokens it does not know; FEDAUTHREQUIRED is never sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreloginResponse {
    /// Server version: major, minor, build (BE), sub-build (BE). JDBC needs major ≥ 11.
    pub version: [u8; 6],
    /// The negotiated ENCRYPTION answer.
    pub encryption: Encryption,
    /// Include INSTOPT = 0x00 ("instance matches").
    pub instopt: bool,
    /// Include THREADID with length 0 (tiberius accepts only 0 or 4 bytes).
    pub thread_id: bool,
    /// Include MARS = 0x00 (FreeTDS ≥ 1.5 downgrades to TDS 7.1 when MARS is missing).
    pub mars: bool,
}

/// 16.0.1000, sub-build 0: SQL Server 2022.
pub const SERVER_VERSION: [u8; 6] = [16, 0, 0x03, 0xE8, 0x00, 0x00];

impl PreloginResponse {
    /// The reply to `req` with the negotiated `encryption`.
    pub fn for_request(req: &PreloginRequest, encryption: Encryption) -> Self {
        PreloginResponse {
            version: SERVER_VERSION,
            encryption,
            instopt: req.has_instopt,
            thread_id: req.has_thread_id,
            mars: req.mars.is_some(),
        }
    }

    /// Appends the reply payload (without a packet header).
    pub fn encode(&self, buf: &mut BytesMut) {
        let mut options: Vec<(u8, Vec<u8>)> = vec![
            (option::VERSION, self.version.to_vec()),
            (option::ENCRYPTION, vec![self.encryption.as_u8()]),
        ];
        if self.instopt {
            options.push((option::INSTOPT, vec![0x00]));
        }
        if self.thread_id {
            options.push((option::THREADID, Vec::new()));
        }
        if self.mars {
            options.push((option::MARS, vec![0x00]));
        }
        let mut offset = options.len() * 5 + 1;
        for (token, data) in &options {
            buf.put_u8(*token);
            // At most 5 short options: offsets and lengths are tiny.
            buf.put_u16(offset as u16);
            buf.put_u16(data.len() as u16);
            offset += data.len();
        }
        buf.put_u8(option::TERMINATOR);
        for (_, data) in &options {
            buf.put_slice(data);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PRELOGIN shaped like tiberius's: VERSION, ENCRYPTION (REQ), THREADID, MARS, FEDAUTHREQUIRED.
    const TIBERIUS: &[u8] = &[
        0x00, 0x00, 0x1A, 0x00, 0x06, // VERSION
        0x01, 0x00, 0x20, 0x00, 0x01, // ENCRYPTION
        0x03, 0x00, 0x21, 0x00, 0x04, // THREADID
        0x04, 0x00, 0x25, 0x00, 0x01, // MARS
        0x06, 0x00, 0x26, 0x00, 0x01, // FEDAUTHREQUIRED
        0xFF, // terminator
        0x00, 0x0C, 0x00, 0x00, 0x00, 0x00, // version
        0x03, // REQ
        0x00, 0x00, 0x00, 0x00, // thread id
        0x00, // MARS
        0x00, // fedauth
    ];

    #[test]
    fn decodes_a_client_prelogin() {
        let req = PreloginRequest::decode(TIBERIUS).unwrap();
        assert_eq!(req.encryption, Some(Encryption::Req));
        assert_eq!(req.version, Some((0x000C_0000, 0)));
        assert!(req.has_thread_id);
        assert!(!req.has_instopt);
        assert_eq!(req.mars, Some(0));
        assert_eq!(req.fed_auth_required, Some(0));
    }

    #[test]
    fn tolerates_unknown_tokens_and_any_order() {
        let p = [
            0x09, 0x00, 0x0B, 0x00, 0x01, // unknown token 9
            0x01, 0x00, 0x0C, 0x00, 0x01, // ENCRYPTION
            0xFF, 0xAB, 0x02,
        ];
        let req = PreloginRequest::decode(&p).unwrap();
        assert_eq!(req.encryption, Some(Encryption::NotSup));
        assert_eq!(req.version, None);
    }

    #[test]
    fn rejects_out_of_bounds_and_unterminated_tables() {
        assert!(PreloginRequest::decode(&[0x01, 0x00, 0x40, 0x00, 0x01, 0xFF]).is_err());
        assert!(PreloginRequest::decode(&[0x01, 0x00, 0x06]).is_err());
        assert!(PreloginRequest::decode(&[]).is_err());
        assert!(PreloginRequest::decode(&[0x01, 0x00, 0x06, 0x00, 0x00, 0xFF]).is_err());
    }

    #[test]
    fn encryption_values_beyond_the_spec_are_kept() {
        assert_eq!(Encryption::from(4), Encryption::Other(4));
        assert_eq!(Encryption::from(0x81).without_client_cert(), Encryption::On);
        assert_eq!(Encryption::Req.as_u8(), 3);
    }

    #[test]
    fn reply_echoes_only_what_was_sent_in_token_order() {
        let req = PreloginRequest::decode(TIBERIUS).unwrap();
        let mut out = BytesMut::new();
        PreloginResponse::for_request(&req, Encryption::On).encode(&mut out);
        let expected: &[u8] = &[
            0x00, 0x00, 0x15, 0x00, 0x06, // VERSION at 21
            0x01, 0x00, 0x1B, 0x00, 0x01, // ENCRYPTION at 27
            0x03, 0x00, 0x1C, 0x00, 0x00, // THREADID, empty
            0x04, 0x00, 0x1C, 0x00, 0x01, // MARS at 28
            0xFF, 0x10, 0x00, 0x03, 0xE8, 0x00, 0x00, // 16.0.1000.0
            0x01, // ON
            0x00, // MARS off
        ];
        assert_eq!(&out[..], expected);
    }

    #[test]
    fn reply_includes_instopt_for_freetds() {
        let req = PreloginRequest {
            has_instopt: true,
            ..Default::default()
        };
        let mut out = BytesMut::new();
        PreloginResponse::for_request(&req, Encryption::Off).encode(&mut out);
        assert_eq!(out[10], option::INSTOPT);
        assert_eq!(out[15], option::TERMINATOR);
        assert_eq!(&out[16..], &[16, 0, 0x03, 0xE8, 0, 0, 0x00, 0x00]);
    }
}
