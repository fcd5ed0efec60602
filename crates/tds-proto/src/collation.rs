//! SQL collations as the 5-byte COLLATION structure [2.2.5.1.2].

/// The 5 bytes of `SQL_Latin1_General_CP1_CI_AS` (LCID 0x0409, ignore case/kana/width, sort id 52),
/// exactly as SQL Server sends them in ENVCHANGE type 7 and in every character column's TYPE_INFO.
pub const DEFAULT_COLLATION: [u8; 5] = [0x09, 0x04, 0xD0, 0x00, 0x34];

/// The collation's name, for `SERVERPROPERTY('Collation')` and `sys.databases`.
pub const DEFAULT_COLLATION_NAME: &str = "SQL_Latin1_General_CP1_CI_AS";
