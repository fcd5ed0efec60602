//! COLMETADATA (0x81) [2.2.7.4]: the description of a result set's columns.
//!
//! Count (USHORT), then per column: UserType (USHORT before TDS 7.2, ULONG after), Flags
//! (USHORT), TYPE_INFO, TableName (only for TEXT/NTEXT/IMAGE), ColName (B_VARCHAR).

use super::token_type;
use crate::types::TypeInfo;
use crate::wire::put_b_varchar;
use crate::TdsVersion;
use bytes::{BufMut, BytesMut};

/// fNullable in COLMETADATA flags. Updateable bits stay 0 (read-only), identity 0.
const FLAG_NULLABLE: u16 = 0x0001;

/// The most columns one COLMETADATA can carry: 0xFFFF means "no metadata" [2.2.7.4].
pub const MAX_COLUMNS: usize = 0xFFFE;

/// One result column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ColumnMeta {
    /// Column name as the client should see it, echoing the query's spelling; SQL Server sends an
    /// empty name for an unaliased expression. Names beyond 255 UTF-16 units are cut.
    pub name: String,
    /// Wire type.
    pub type_info: TypeInfo,
    /// Whether the column is announced nullable.
    pub nullable: bool,
}

impl ColumnMeta {
    /// A nullable column.
    pub fn new(name: impl Into<String>, type_info: TypeInfo) -> ColumnMeta {
        ColumnMeta {
            name: name.into(),
            type_info,
            nullable: true,
        }
    }
}

/// Appends a COLMETADATA token for `columns` as `version` lays it out. At most [`MAX_COLUMNS`]
/// are written (SQL Server itself stops at 4096); callers reject wider results beforehand.
pub fn encode_colmetadata(buf: &mut BytesMut, columns: &[ColumnMeta], version: TdsVersion) {
    let columns = &columns[..columns.len().min(MAX_COLUMNS)];
    buf.put_u8(token_type::COLMETADATA);
    buf.put_u16_le(columns.len() as u16);
    let wide_user_type = version >= TdsVersion::V7_2;
    for col in columns {
        // UserType 0 is what SQL Server sends for every system type but timestamp.
        if wide_user_type {
            buf.put_u32_le(0);
        } else {
            buf.put_u16_le(0);
        }
        buf.put_u16_le(if col.nullable { FLAG_NULLABLE } else { 0 });
        col.type_info.encode(buf);
        if col.type_info.has_table_name() {
            // An expression has no base table: TDS 7.2+ sends NumParts 0, TDS 7.1 an empty
            // US_VARCHAR. Every client (FreeTDS, jTDS, SqlClient, tedious, tiberius) loops
            // NumParts times, so zero parts is read correctly.
            if wide_user_type {
                buf.put_u8(0);
            } else {
                buf.put_u16_le(0);
            }
        }
        put_b_varchar(buf, &col.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::VarLen;

    fn enc(cols: &[ColumnMeta], v: TdsVersion) -> Vec<u8> {
        let mut b = BytesMut::new();
        encode_colmetadata(&mut b, cols, v);
        b.to_vec()
    }

    #[test]
    fn two_columns_tds74() {
        let cols = [
            ColumnMeta::new("Id", TypeInfo::IntN(8)),
            ColumnMeta {
                name: "N".into(),
                type_info: TypeInfo::nvarchar(10),
                nullable: false,
            },
        ];
        assert_eq!(
            enc(&cols, TdsVersion::V7_4),
            [
                0x81, 2, 0, // token, count
                0, 0, 0, 0, 1, 0, 0x26, 8, 2, b'I', 0, b'd', 0, // bigint "Id" nullable
                0, 0, 0, 0, 0, 0, 0xE7, 20, 0, 0x09, 0x04, 0xD0, 0x00, 0x34, 1, b'N', 0,
            ]
        );
    }

    #[test]
    fn tds71_has_short_user_type_and_us_varchar_table_name() {
        let cols = [ColumnMeta::new("", TypeInfo::NText)];
        assert_eq!(
            enc(&cols, TdsVersion::V7_1),
            [
                0x81, 1, 0, 0, 0, 1, 0, // token, count, UserType u16, flags
                0x63, 0xFE, 0xFF, 0xFF, 0x7F, 0x09, 0x04, 0xD0, 0x00, 0x34, // NTEXT
                0, 0, // TableName: empty US_VARCHAR
                0, // empty column name
            ]
        );
    }

    #[test]
    fn tds72_text_family_has_zero_part_table_name() {
        let cols = [ColumnMeta::new("b", TypeInfo::Image)];
        assert_eq!(
            enc(&cols, TdsVersion::V7_2),
            [0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0x22, 0xFF, 0xFF, 0xFF, 0x7F, 0, 1, b'b', 0]
        );
        // PLP types have no table name.
        let cols = [ColumnMeta::new("", TypeInfo::NVarChar(VarLen::Max))];
        assert_eq!(enc(&cols, TdsVersion::V7_4).len(), 3 + 4 + 2 + 8 + 1);
    }

    #[test]
    fn empty_result_description() {
        assert_eq!(enc(&[], TdsVersion::V7_4), [0x81, 0, 0]);
    }
}
