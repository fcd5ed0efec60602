//! RETURNVALUE (0xAC) [2.2.7.18]: the value of an OUTPUT parameter (e.g. the handle sp_prepare
//! returns), sent after RETURNSTATUS and before DONEPROC.
//!
//! ParamOrdinal (USHORT), ParamName (B_VARCHAR), Status (0x01 output parameter, 0x02 UDF return
//! value), UserType (USHORT before TDS 7.2, ULONG after), Flags (USHORT), TYPE_INFO, value.

use bytes::{BufMut, BytesMut};

use super::token_type;
use crate::types::TypeInfo;
use crate::wire::put_b_varchar;
use crate::TdsVersion;

/// Status: the value of an OUTPUT parameter.
pub const STATUS_OUTPUT_PARAM: u8 = 0x01;
/// Status: the return value of a user-defined function.
pub const STATUS_UDF_RETURN: u8 = 0x02;

/// One RETURNVALUE token; `value` holds the value already encoded for `type_info` (e.g. with
/// [`crate::types::put_intn`]), exactly as a ROW would carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnValue<'a> {
    /// Position of the parameter in the call (0-based, as SQL Server counts).
    pub ordinal: u16,
    /// Parameter name as the client sent it (with `@`), or empty.
    pub name: &'a str,
    /// [`STATUS_OUTPUT_PARAM`] or [`STATUS_UDF_RETURN`].
    pub status: u8,
    /// Wire type of the value.
    pub type_info: TypeInfo,
    /// The encoded value.
    pub value: &'a [u8],
}

impl ReturnValue<'_> {
    /// Appends the token.
    pub fn encode(&self, buf: &mut BytesMut, version: TdsVersion) {
        buf.put_u8(token_type::RETURNVALUE);
        buf.put_u16_le(self.ordinal);
        put_b_varchar(buf, self.name);
        buf.put_u8(self.status);
        if version >= TdsVersion::V7_2 {
            buf.put_u32_le(0);
        } else {
            buf.put_u16_le(0);
        }
        // fNullable: an OUTPUT parameter may always come back NULL.
        buf.put_u16_le(0x0001);
        self.type_info.encode(buf);
        buf.put_slice(self.value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::put_intn;

    #[test]
    fn encodes_an_int_output_parameter() {
        let mut value = BytesMut::new();
        put_intn(&mut value, 4, Some(1)).unwrap();
        let rv = ReturnValue {
            ordinal: 0,
            name: "@h",
            status: STATUS_OUTPUT_PARAM,
            type_info: TypeInfo::IntN(4),
            value: &value,
        };
        let mut b = BytesMut::new();
        rv.encode(&mut b, TdsVersion::V7_4);
        assert_eq!(
            &b[..],
            &[0xAC, 0, 0, 2, b'@', 0, b'h', 0, 0x01, 0, 0, 0, 0, 1, 0, 0x26, 4, 4, 1, 0, 0, 0]
        );
        let mut b = BytesMut::new();
        rv.encode(&mut b, TdsVersion::V7_1);
        assert_eq!(b.len(), 20);
    }
}
