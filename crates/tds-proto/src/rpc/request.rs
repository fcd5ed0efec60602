//! The RPC request [2.2.6.6]: ALL_HEADERS, then one or more calls separated by a batch flag,
//! each a procedure (by name or well-known id), option flags and parameters.

use super::param_type::ParamType;
use super::reader::Reader;
use super::value::{decode_value, ParamValue};
use crate::batch::AllHeaders;
use crate::error::{Error, Result};

/// Separator between calls: 0x80 before TDS 7.2, 0xFF after; 0xFE is "NoExec" (7.2+), which
/// SQL Server treats as a separator too. A B_VARCHAR name length can never be ≥ 0x80 in practice
/// (names are at most 128 characters, and the 128-character case is not worth the ambiguity).
const BATCH_FLAGS: [u8; 3] = [0x80, 0xFE, 0xFF];

/// Parameter status flag: passed by reference (an OUTPUT parameter).
pub const STATUS_BY_REF: u8 = 0x01;
/// Parameter status flag: use the parameter's default value.
pub const STATUS_DEFAULT: u8 = 0x02;

/// Well-known procedure ids (`0xFFFF` + id instead of a name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum ProcId {
    /// sp_cursor.
    Cursor = 1,
    /// sp_cursoropen.
    CursorOpen = 2,
    /// sp_cursorprepare.
    CursorPrepare = 3,
    /// sp_cursorexecute.
    CursorExecute = 4,
    /// sp_cursorprepexec.
    CursorPrepExec = 5,
    /// sp_cursorunprepare.
    CursorUnprepare = 6,
    /// sp_cursorfetch.
    CursorFetch = 7,
    /// sp_cursoroption.
    CursorOption = 8,
    /// sp_cursorclose.
    CursorClose = 9,
    /// sp_executesql.
    ExecuteSql = 10,
    /// sp_prepare.
    Prepare = 11,
    /// sp_execute.
    Execute = 12,
    /// sp_prepexec.
    PrepExec = 13,
    /// sp_prepexecrpc.
    PrepExecRpc = 14,
    /// sp_unprepare.
    Unprepare = 15,
}

const ALL_IDS: [ProcId; 15] = [
    ProcId::Cursor,
    ProcId::CursorOpen,
    ProcId::CursorPrepare,
    ProcId::CursorExecute,
    ProcId::CursorPrepExec,
    ProcId::CursorUnprepare,
    ProcId::CursorFetch,
    ProcId::CursorOption,
    ProcId::CursorClose,
    ProcId::ExecuteSql,
    ProcId::Prepare,
    ProcId::Execute,
    ProcId::PrepExec,
    ProcId::PrepExecRpc,
    ProcId::Unprepare,
];

impl ProcId {
    /// The id for a wire value.
    pub fn from_u16(id: u16) -> Option<ProcId> {
        ALL_IDS.iter().copied().find(|p| *p as u16 == id)
    }

    /// The procedure's name.
    pub fn name(self) -> &'static str {
        match self {
            ProcId::Cursor => "sp_cursor",
            ProcId::CursorOpen => "sp_cursoropen",
            ProcId::CursorPrepare => "sp_cursorprepare",
            ProcId::CursorExecute => "sp_cursorexecute",
            ProcId::CursorPrepExec => "sp_cursorprepexec",
            ProcId::CursorUnprepare => "sp_cursorunprepare",
            ProcId::CursorFetch => "sp_cursorfetch",
            ProcId::CursorOption => "sp_cursoroption",
            ProcId::CursorClose => "sp_cursorclose",
            ProcId::ExecuteSql => "sp_executesql",
            ProcId::Prepare => "sp_prepare",
            ProcId::Execute => "sp_execute",
            ProcId::PrepExec => "sp_prepexec",
            ProcId::PrepExecRpc => "sp_prepexecrpc",
            ProcId::Unprepare => "sp_unprepare",
        }
    }

    /// The well-known procedure a name denotes: FreeTDS always calls `sp_execute` by name and
    /// SqlClient may qualify names (`sys.sp_executesql`, `[master].[dbo].sp_prepare`), so the
    /// last part is compared case-insensitively, brackets and quotes removed.
    pub fn from_name(name: &str) -> Option<ProcId> {
        let last = name.rsplit('.').next().unwrap_or(name);
        let last = last.trim_matches(|c| matches!(c, '[' | ']' | '"' | ' '));
        ALL_IDS
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(last))
    }
}

/// How a call names its procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcRef {
    /// `0xFFFF` + a well-known id.
    Id(ProcId),
    /// A name as sent (possibly qualified).
    Name(String),
}

impl ProcRef {
    /// The well-known procedure, by id or by name.
    pub fn well_known(&self) -> Option<ProcId> {
        match self {
            ProcRef::Id(id) => Some(*id),
            ProcRef::Name(n) => ProcId::from_name(n),
        }
    }

    /// The name for messages.
    pub fn display_name(&self) -> &str {
        match self {
            ProcRef::Id(id) => id.name(),
            ProcRef::Name(n) => n,
        }
    }
}

/// One parameter of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcParam {
    /// Name as sent: `@P1`, `stmt` (tiberius omits the `@`), or empty for positional ones.
    pub name: String,
    /// Status flags ([`STATUS_BY_REF`], [`STATUS_DEFAULT`]).
    pub status: u8,
    /// Declared type.
    pub param_type: ParamType,
    /// Value.
    pub value: ParamValue,
}

impl RpcParam {
    /// True for an OUTPUT parameter.
    pub fn is_output(&self) -> bool {
        self.status & STATUS_BY_REF != 0
    }
}

/// One procedure call.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcCall {
    /// The procedure.
    pub proc: ProcRef,
    /// Option flags (0x01 WithRecomp, 0x02 NoMetaData, 0x04 ReuseMetaData).
    pub options: u16,
    /// Parameters in order.
    pub params: Vec<RpcParam>,
}

/// A decoded RPC request.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcRequest {
    /// ALL_HEADERS, when sent (TDS ≥ 7.2).
    pub headers: Option<AllHeaders>,
    /// The calls, at least one.
    pub calls: Vec<RpcCall>,
}

impl RpcRequest {
    /// Decodes a complete RPC payload.
    pub fn decode(payload: &[u8]) -> Result<RpcRequest> {
        let (headers, body) = AllHeaders::split(payload)?;
        let mut r = Reader::new(body);
        let mut calls = vec![decode_call(&mut r)?];
        while r.remaining() > 0 {
            match r.peek_u8() {
                Some(flag) if BATCH_FLAGS.contains(&flag) => {
                    r.u8("batch flag")?;
                    // A trailing separator ends the request.
                    if r.remaining() > 0 {
                        calls.push(decode_call(&mut r)?);
                    }
                }
                _ => return Err(Error::Malformed("RPC call separator")),
            }
        }
        Ok(RpcRequest { headers, calls })
    }
}

fn decode_call(r: &mut Reader<'_>) -> Result<RpcCall> {
    let len = r.u16("RPC procedure name length")?;
    let proc = if len == 0xFFFF {
        let id = r.u16("RPC procedure id")?;
        ProcRef::Id(ProcId::from_u16(id).ok_or(Error::Unsupported {
            what: "RPC procedure id",
            value: u32::from(id),
        })?)
    } else {
        let name = crate::wire::decode_utf16(r.take(usize::from(len) * 2, "RPC procedure name")?);
        if name.is_empty() {
            return Err(Error::Malformed("empty RPC procedure name"));
        }
        ProcRef::Name(name)
    };
    let options = r.u16("RPC option flags")?;
    let mut params = Vec::new();
    while let Some(next) = r.peek_u8() {
        if BATCH_FLAGS.contains(&next) {
            break;
        }
        let name = r.b_varchar("RPC parameter name")?;
        let status = r.u8("RPC parameter status")?;
        if status & 0x08 != 0 {
            // Always Encrypted parameters need the TCE feature, which is never acknowledged.
            return Err(Error::Unsupported {
                what: "encrypted RPC parameter",
                value: u32::from(status),
            });
        }
        let param_type = ParamType::decode(r)?;
        let value = decode_value(r, &param_type)?;
        params.push(RpcParam {
            name,
            status,
            param_type,
            value,
        });
    }
    Ok(RpcCall {
        proc,
        options,
        params,
    })
}
