//! LOGINACK (0xAD) [2.2.7.14].
//!
//! The TDS version goes out big-endian (LOGIN7 carries it little-endian) and must be the
//! *negotiated* one: SqlClient accepts only 7.2, 7.3B, 7.4 and 8.0 values, FreeTDS looks the
//! version up in a table, and the program name "Microsoft SQL Server" makes FreeTDS treat us as
//! MSSQL (SPID from the packet header) and ODBC report the DBMS name BI tools key on.

use bytes::{BufMut, BytesMut};

use super::token_type;
use crate::wire::put_b_varchar;
use crate::TdsVersion;

/// Interface value for SQL_TSQL.
pub const INTERFACE_TSQL: u8 = 1;
/// Program name SQL Server reports.
pub const PROG_NAME: &str = "Microsoft SQL Server";
/// Program version 16.0.1000 (SQL Server 2022): major, minor, build high byte, build low byte.
pub const PROG_VERSION: [u8; 4] = [16, 0, 0x03, 0xE8];

/// A LOGINACK token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAck {
    /// Interface (1 = T-SQL).
    pub interface: u8,
    /// Negotiated TDS version.
    pub tds_version: TdsVersion,
    /// Program name.
    pub prog_name: String,
    /// Program version: major, minor, build high, build low.
    pub prog_version: [u8; 4],
}

impl LoginAck {
    /// SQL Server 2022's LOGINACK for `tds_version`.
    pub fn sql_server(tds_version: TdsVersion) -> Self {
        LoginAck {
            interface: INTERFACE_TSQL,
            tds_version,
            prog_name: PROG_NAME.to_string(),
            prog_version: PROG_VERSION,
        }
    }

    /// Appends the token.
    pub fn encode(&self, buf: &mut BytesMut) {
        let mut body = BytesMut::with_capacity(64);
        body.put_u8(self.interface);
        body.put_u32(self.tds_version.0);
        put_b_varchar(&mut body, &self.prog_name);
        body.put_slice(&self.prog_version);
        buf.put_u8(token_type::LOGINACK);
        // Interface + version + ≤255-char name + 4 bytes always fits u16.
        buf.put_u16_le(body.len() as u16);
        buf.put_slice(&body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_sql_server_2022_for_74() {
        let mut b = BytesMut::new();
        LoginAck::sql_server(TdsVersion::V7_4).encode(&mut b);
        let mut expected = vec![0xAD, 50, 0, 0x01, 0x74, 0x00, 0x00, 0x04, 20];
        for u in "Microsoft SQL Server".encode_utf16() {
            expected.extend_from_slice(&u.to_le_bytes());
        }
        expected.extend_from_slice(&[16, 0, 0x03, 0xE8]);
        assert_eq!(&b[..], &expected[..]);
    }

    #[test]
    fn version_is_big_endian() {
        let mut b = BytesMut::new();
        LoginAck::sql_server(TdsVersion::V7_1).encode(&mut b);
        assert_eq!(&b[4..8], &[0x71, 0x00, 0x00, 0x01]);
    }
}
