//! DONE (0xFD), DONEPROC (0xFE) and DONEINPROC (0xFF) [2.2.7.6–2.2.7.8].
//!
//! Status (u16), CurCmd (u16), then the row count: 8 bytes from TDS 7.2, 4 bytes before (jTDS).

use bytes::{BufMut, BytesMut};

use super::token_type;
use crate::TdsVersion;

/// Which of the three DONE tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneKind {
    /// End of a SQL statement (DONE, 0xFD).
    Done,
    /// End of a stored procedure (DONEPROC, 0xFE).
    DoneProc,
    /// End of a statement inside a procedure (DONEINPROC, 0xFF).
    DoneInProc,
}

/// DONE status bits [2.2.7.6].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DoneStatus(pub u16);

impl DoneStatus {
    /// Final DONE of the response.
    pub const FINAL: u16 = 0x00;
    /// More results follow.
    pub const MORE: u16 = 0x01;
    /// The statement failed.
    pub const ERROR: u16 = 0x02;
    /// A transaction is in progress.
    pub const INXACT: u16 = 0x04;
    /// The row count is valid.
    pub const COUNT: u16 = 0x10;
    /// Acknowledges an ATTENTION [2.2.1.7].
    pub const ATTN: u16 = 0x20;
    /// A severe server error occurred; results must be discarded.
    pub const SRVERROR: u16 = 0x100;
}

/// CurCmd values clients look at (go-mssqldb prints "(N rows affected)" for SELECT).
pub mod cur_cmd {
    /// SELECT.
    pub const SELECT: u16 = 0xC1;
    /// INSERT.
    pub const INSERT: u16 = 0xC3;
    /// DELETE.
    pub const DELETE: u16 = 0xC4;
    /// UPDATE.
    pub const UPDATE: u16 = 0xC5;
    /// EXECUTE (DONEPROC).
    pub const EXECUTE: u16 = 0xE0;
}

/// A DONE-family token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    /// DONE, DONEPROC or DONEINPROC.
    pub kind: DoneKind,
    /// Status bits.
    pub status: DoneStatus,
    /// Current command.
    pub cur_cmd: u16,
    /// Rows affected (meaningful with [`DoneStatus::COUNT`]).
    pub row_count: u64,
}

impl Done {
    /// A DONE with the given status bits, command 0 and row count 0.
    pub fn new(status: u16) -> Self {
        Done {
            kind: DoneKind::Done,
            status: DoneStatus(status),
            cur_cmd: 0,
            row_count: 0,
        }
    }

    /// The DONE that acknowledges an ATTENTION: ATTN bit, end of message.
    pub fn attention() -> Self {
        Done::new(DoneStatus::ATTN)
    }

    /// Appends the token. Row counts above `u32::MAX` are capped for TDS 7.1.
    pub fn encode(&self, buf: &mut BytesMut, version: TdsVersion) {
        buf.put_u8(match self.kind {
            DoneKind::Done => token_type::DONE,
            DoneKind::DoneProc => token_type::DONEPROC,
            DoneKind::DoneInProc => token_type::DONEINPROC,
        });
        buf.put_u16_le(self.status.0);
        buf.put_u16_le(self.cur_cmd);
        if version.done_count_is_u64() {
            buf.put_u64_le(self.row_count);
        } else {
            buf.put_u32_le(u32::try_from(self.row_count).unwrap_or(u32::MAX));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_count_with_version_dependent_width() {
        let done = Done {
            kind: DoneKind::Done,
            status: DoneStatus(DoneStatus::MORE | DoneStatus::COUNT),
            cur_cmd: cur_cmd::SELECT,
            row_count: 3,
        };
        let mut b = BytesMut::new();
        done.encode(&mut b, TdsVersion::V7_4);
        assert_eq!(
            &b[..],
            &[0xFD, 0x11, 0x00, 0xC1, 0x00, 3, 0, 0, 0, 0, 0, 0, 0]
        );
        let mut b = BytesMut::new();
        done.encode(&mut b, TdsVersion::V7_1);
        assert_eq!(&b[..], &[0xFD, 0x11, 0x00, 0xC1, 0x00, 3, 0, 0, 0]);
    }

    #[test]
    fn attention_and_proc_kinds() {
        let mut b = BytesMut::new();
        Done::attention().encode(&mut b, TdsVersion::V7_4);
        assert_eq!(&b[..5], &[0xFD, 0x20, 0x00, 0x00, 0x00]);
        let mut b = BytesMut::new();
        Done {
            kind: DoneKind::DoneInProc,
            ..Done::new(DoneStatus::ERROR | DoneStatus::SRVERROR)
        }
        .encode(&mut b, TdsVersion::V7_2);
        assert_eq!(&b[..3], &[0xFF, 0x02, 0x01]);
        let mut b = BytesMut::new();
        Done {
            kind: DoneKind::DoneProc,
            row_count: u64::MAX,
            ..Done::new(0)
        }
        .encode(&mut b, TdsVersion::V7_1);
        assert_eq!(&b[..], &[0xFE, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
    }
}
