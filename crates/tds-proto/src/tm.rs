//! Transaction manager requests [2.2.6.9]: ALL_HEADERS, a USHORT request type, then a payload
//! per type. pyodbc (autocommit off), pytds, go-mssqldb, tedious and SqlClient drive their
//! transactions with these instead of `BEGIN TRAN` text.

use bytes::{BufMut, BytesMut};

use crate::batch::AllHeaders;
use crate::error::{Error, Result};
use crate::rpc::Reader;
use crate::wire::put_b_varchar;

/// TM request type codes.
pub mod tm_type {
    /// TM_GET_DTC_ADDRESS.
    pub const GET_DTC_ADDRESS: u16 = 0;
    /// TM_PROPAGATE_XACT.
    pub const PROPAGATE_XACT: u16 = 1;
    /// TM_BEGIN_XACT.
    pub const BEGIN_XACT: u16 = 5;
    /// TM_PROMOTE_XACT.
    pub const PROMOTE_XACT: u16 = 6;
    /// TM_COMMIT_XACT.
    pub const COMMIT_XACT: u16 = 7;
    /// TM_ROLLBACK_XACT.
    pub const ROLLBACK_XACT: u16 = 8;
    /// TM_SAVE_XACT.
    pub const SAVE_XACT: u16 = 9;
}

/// fBeginXact in the COMMIT/ROLLBACK flags: start a new transaction right away.
const FLAG_BEGIN_XACT: u8 = 0x01;

/// A new transaction to start (TM_BEGIN_XACT, or COMMIT/ROLLBACK with fBeginXact).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BeginXact {
    /// Isolation level (0 = unchanged, 1 read uncommitted … 5 snapshot).
    pub isolation: u8,
    /// Transaction name; usually empty.
    pub name: String,
}

/// A decoded transaction manager request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TmRequest {
    /// TM_BEGIN_XACT.
    Begin(BeginXact),
    /// TM_COMMIT_XACT, optionally beginning a new transaction.
    Commit {
        /// Transaction name.
        name: String,
        /// The transaction to begin afterwards.
        begin: Option<BeginXact>,
    },
    /// TM_ROLLBACK_XACT (to a savepoint when `name` names one), optionally beginning anew.
    Rollback {
        /// Transaction or savepoint name.
        name: String,
        /// The transaction to begin afterwards.
        begin: Option<BeginXact>,
    },
    /// TM_SAVE_XACT.
    Save {
        /// Savepoint name.
        name: String,
    },
    /// Distributed transaction requests (DTC address, propagate, promote): not supported.
    Distributed(u16),
}

/// Reads a B_VARCHAR if present; FreeTDS and pytds sometimes end the payload early.
fn opt_name(r: &mut Reader<'_>) -> Result<String> {
    if r.remaining() == 0 {
        Ok(String::new())
    } else {
        r.b_varchar("transaction name")
    }
}

fn begin(r: &mut Reader<'_>) -> Result<BeginXact> {
    let isolation = if r.remaining() == 0 {
        0
    } else {
        r.u8("isolation level")?
    };
    Ok(BeginXact {
        isolation,
        name: opt_name(r)?,
    })
}

fn end(r: &mut Reader<'_>) -> Result<(String, Option<BeginXact>)> {
    let name = opt_name(r)?;
    let flags = if r.remaining() == 0 {
        0
    } else {
        r.u8("transaction flags")?
    };
    let next = if flags & FLAG_BEGIN_XACT != 0 {
        Some(begin(r)?)
    } else {
        None
    };
    Ok((name, next))
}

impl TmRequest {
    /// Decodes a complete transaction manager payload.
    pub fn decode(payload: &[u8]) -> Result<(Option<AllHeaders>, TmRequest)> {
        let (headers, body) = AllHeaders::split(payload)?;
        let mut r = Reader::new(body);
        let ty = r.u16("TM request type")?;
        let req = match ty {
            tm_type::BEGIN_XACT => TmRequest::Begin(begin(&mut r)?),
            tm_type::COMMIT_XACT => {
                let (name, begin) = end(&mut r)?;
                TmRequest::Commit { name, begin }
            }
            tm_type::ROLLBACK_XACT => {
                let (name, begin) = end(&mut r)?;
                TmRequest::Rollback { name, begin }
            }
            tm_type::SAVE_XACT => TmRequest::Save {
                name: opt_name(&mut r)?,
            },
            tm_type::GET_DTC_ADDRESS | tm_type::PROPAGATE_XACT | tm_type::PROMOTE_XACT => {
                TmRequest::Distributed(ty)
            }
            other => {
                return Err(Error::Unsupported {
                    what: "transaction manager request",
                    value: u32::from(other),
                })
            }
        };
        Ok((headers, req))
    }

    /// Appends the request as a TDS ≥ 7.2 client sends it (for tests and fuzz seeds).
    pub fn encode(&self, descriptor: u64, buf: &mut BytesMut) {
        AllHeaders::encode_transaction_descriptor(buf, descriptor, 1);
        let put_begin = |buf: &mut BytesMut, b: &BeginXact| {
            buf.put_u8(b.isolation);
            put_b_varchar(buf, &b.name);
        };
        match self {
            TmRequest::Begin(b) => {
                buf.put_u16_le(tm_type::BEGIN_XACT);
                put_begin(buf, b);
            }
            TmRequest::Commit { name, begin } | TmRequest::Rollback { name, begin } => {
                let ty = if matches!(self, TmRequest::Commit { .. }) {
                    tm_type::COMMIT_XACT
                } else {
                    tm_type::ROLLBACK_XACT
                };
                buf.put_u16_le(ty);
                put_b_varchar(buf, name);
                buf.put_u8(u8::from(begin.is_some()));
                if let Some(b) = begin {
                    put_begin(buf, b);
                }
            }
            TmRequest::Save { name } => {
                buf.put_u16_le(tm_type::SAVE_XACT);
                put_b_varchar(buf, name);
            }
            TmRequest::Distributed(ty) => {
                buf.put_u16_le(*ty);
                buf.put_u16_le(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(req: TmRequest) {
        let mut buf = BytesMut::new();
        req.encode(0x1234, &mut buf);
        let (headers, back) = TmRequest::decode(&buf).unwrap();
        assert_eq!(headers.unwrap().transaction_descriptor, Some(0x1234));
        assert_eq!(back, req);
    }

    #[test]
    fn requests_round_trip() {
        round_trip(TmRequest::Begin(BeginXact {
            isolation: 2,
            name: String::new(),
        }));
        round_trip(TmRequest::Commit {
            name: String::new(),
            begin: None,
        });
        round_trip(TmRequest::Rollback {
            name: "t1".into(),
            begin: Some(BeginXact::default()),
        });
        round_trip(TmRequest::Save { name: "sp".into() });
        round_trip(TmRequest::Distributed(tm_type::GET_DTC_ADDRESS));
    }

    #[test]
    fn pytds_begin_bytes() {
        // ALL_HEADERS, type 5, isolation 0, empty name: what pytds and FreeTDS send.
        let mut p = vec![22, 0, 0, 0, 18, 0, 0, 0, 2, 0];
        p.extend_from_slice(&[0; 8]);
        p.extend_from_slice(&[1, 0, 0, 0, 5, 0, 0, 0]);
        let (_, req) = TmRequest::decode(&p).unwrap();
        assert_eq!(req, TmRequest::Begin(BeginXact::default()));
        // Commit without the optional flags byte.
        let mut p2 = p[..22].to_vec();
        p2.extend_from_slice(&[7, 0, 0]);
        assert!(matches!(
            TmRequest::decode(&p2).unwrap().1,
            TmRequest::Commit { begin: None, .. }
        ));
    }

    #[test]
    fn malformed_requests_are_errors() {
        assert!(TmRequest::decode(&[]).is_err());
        let mut p = vec![22, 0, 0, 0, 18, 0, 0, 0, 2, 0];
        p.extend_from_slice(&[0; 8]);
        p.extend_from_slice(&[1, 0, 0, 0, 42, 0]);
        assert!(TmRequest::decode(&p).is_err());
        // A name longer than the payload.
        let mut q = p[..22].to_vec();
        q.extend_from_slice(&[5, 0, 0, 9, b'x', 0]);
        assert!(TmRequest::decode(&q).is_err());
    }
}
