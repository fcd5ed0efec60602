//! LOGIN7 decoding [2.2.6.4].
//!
//! The fixed part is 94 bytes for TDS ≥ 7.2 and 86 bytes for 7.1 (jTDS: no ChangePassword and
//! cbSSPILong). It is followed by offset/length pairs whose lengths count UCS-2 characters (bytes
//! for SSPI). Every pair is checked against the buffer; missing or empty fields decode as empty.

mod encode;
mod feature_ext;
mod password;

pub use feature_ext::{feature, parse_feature_ext, FeatureRequest};
pub use password::{decode_password, deobfuscate_byte, obfuscate_byte, Password};

use crate::error::{slice, u16_le, u32_le, Error, Result};
use crate::wire::decode_utf16;

/// Length of the fixed part that every TDS 7.x LOGIN7 has.
pub const FIXED_LEN_V71: usize = 86;
/// Length of the fixed part from TDS 7.2 (adds ChangePassword and cbSSPILong).
pub const FIXED_LEN_V72: usize = 94;

/// OptionFlags3 bit: the Extension field points at a FEATUREEXT block.
pub const OPTION3_EXTENSION: u8 = 0x10;
/// OptionFlags2 bit: the client is an ODBC driver (tiberius sets it too).
pub const OPTION2_ODBC: u8 = 0x02;
/// OptionFlags2 bit: integrated (Windows) security.
pub const OPTION2_INTEGRATED_SECURITY: u8 = 0x80;

/// A decoded LOGIN7 message. `Debug` is safe to log: the password is redacted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Login7 {
    /// Highest TDS version the client speaks, as sent (0x74000004 = 7.4; 0x08000000 = strict).
    pub tds_version: u32,
    /// Requested packet size; 0 means "server decides" (jTDS).
    pub packet_size: u32,
    /// Client driver version.
    pub client_prog_version: u32,
    /// Client process id.
    pub client_pid: u32,
    /// Connection id (0 for a new connection).
    pub connection_id: u32,
    /// OptionFlags1 (byte order, char set, float format, dump/load, use db, init db, set lang).
    pub option_flags1: u8,
    /// OptionFlags2 (init lang, ODBC, user type, integrated security).
    pub option_flags2: u8,
    /// TypeFlags (SQL type, OLEDB, read-only intent).
    pub type_flags: u8,
    /// OptionFlags3 (change password, binary XML, user instance, unknown collation, extension).
    pub option_flags3: u8,
    /// Client time zone in minutes.
    pub client_time_zone: i32,
    /// Client LCID.
    pub client_lcid: u32,
    /// Client host name.
    pub host_name: String,
    /// Login name (an e-mail address for vtds).
    pub user_name: String,
    /// De-obfuscated password (a personal access token for vtds).
    pub password: Password,
    /// Application name.
    pub app_name: String,
    /// Server name the client connected to.
    pub server_name: String,
    /// Client interface library name ("DB-Library", "ODBC", "Core .Net SqlClient Data Provider").
    pub library_name: String,
    /// Initial language; usually empty or "us_english".
    pub language: String,
    /// Initial database; empty means the login's default.
    pub database: String,
    /// Client id (MAC address).
    pub client_id: [u8; 6],
    /// Length of the SSPI blob (integrated authentication), short or long form.
    pub sspi_len: usize,
    /// Database file to attach.
    pub attach_db_file: String,
    /// New password requested by a change-password login.
    pub change_password: Password,
    /// FEATUREEXT requests (TDS 7.4).
    pub features: Vec<FeatureRequest>,
}

/// Byte range of one offset/length field, after bounds checks.
fn field(payload: &[u8], at: usize, chars: bool) -> Result<(usize, usize)> {
    let offset = usize::from(u16_le(payload, at, "LOGIN7 offset")?);
    let len = usize::from(u16_le(payload, at + 2, "LOGIN7 length")?);
    let bytes = if chars { len * 2 } else { len };
    if bytes == 0 {
        return Ok((0, 0));
    }
    slice(payload, offset, bytes, "LOGIN7 field")?;
    Ok((offset, bytes))
}

fn string_field(payload: &[u8], at: usize) -> Result<String> {
    let (offset, len) = field(payload, at, true)?;
    Ok(decode_utf16(slice(payload, offset, len, "LOGIN7 field")?))
}

/// Offsets of the password fields (Password, ChangePassword) in the fixed part.
const PASSWORD_FIELDS: [usize; 2] = [44, 86];

impl Login7 {
    /// Decodes a complete LOGIN7 payload (all packets of the message, without headers).
    pub fn decode(payload: &[u8]) -> Result<Self> {
        let declared = u32_le(payload, 0, "LOGIN7 length")? as usize;
        if declared < FIXED_LEN_V71 || declared > payload.len() {
            return Err(Error::InvalidLength {
                what: "LOGIN7 length",
                value: declared,
            });
        }
        let payload = &payload[..declared];
        let fixed = slice(payload, 0, FIXED_LEN_V71, "LOGIN7 fixed part")?;
        let u32_at = |at: usize| {
            u32::from_le_bytes([fixed[at], fixed[at + 1], fixed[at + 2], fixed[at + 3]])
        };
        let tds_version = u32_at(4);
        let mut login = Login7 {
            tds_version,
            packet_size: u32_at(8),
            client_prog_version: u32_at(12),
            client_pid: u32_at(16),
            connection_id: u32_at(20),
            option_flags1: fixed[24],
            option_flags2: fixed[25],
            type_flags: fixed[26],
            option_flags3: fixed[27],
            client_time_zone: u32_at(28) as i32,
            client_lcid: u32_at(32),
            host_name: string_field(payload, 36)?,
            user_name: string_field(payload, 40)?,
            password: {
                let (o, l) = field(payload, 44, true)?;
                decode_password(slice(payload, o, l, "LOGIN7 password")?)
            },
            app_name: string_field(payload, 48)?,
            server_name: string_field(payload, 52)?,
            library_name: string_field(payload, 60)?,
            language: string_field(payload, 64)?,
            database: string_field(payload, 68)?,
            client_id: [
                fixed[72], fixed[73], fixed[74], fixed[75], fixed[76], fixed[77],
            ],
            sspi_len: field(payload, 78, false)?.1,
            attach_db_file: string_field(payload, 82)?,
            ..Login7::default()
        };
        if Self::has_v72_fields(payload, tds_version) {
            let (o, l) = field(payload, 86, true)?;
            login.change_password = decode_password(slice(payload, o, l, "LOGIN7 password")?);
            let long = u32_le(payload, 90, "LOGIN7 cbSSPILong")? as usize;
            if long > 0 {
                login.sspi_len = long;
            }
        }
        let knows_feature_ext = tds_version >= 0x7400_0000 || tds_version == 0x0800_0000;
        if login.option_flags3 & OPTION3_EXTENSION != 0 && knows_feature_ext {
            login.features = Self::features(payload)?;
        }
        Ok(login)
    }

    /// True when the 7.2 fields (ChangePassword, cbSSPILong) are present: the client speaks 7.2+
    /// (or the TDS 8.0 marker) and the fixed part is long enough to hold them.
    fn has_v72_fields(payload: &[u8], tds_version: u32) -> bool {
        (tds_version >= 0x7200_0000 || tds_version == 0x0800_0000) && payload.len() >= FIXED_LEN_V72
    }

    fn features(payload: &[u8]) -> Result<Vec<FeatureRequest>> {
        let (offset, len) = field(payload, 56, false)?;
        if len < 4 {
            return Ok(Vec::new());
        }
        let block = u32_le(payload, offset, "LOGIN7 extension")? as usize;
        parse_feature_ext(payload, block)
    }

    /// True when the client asked for FEATUREEXT feature `id`.
    pub fn requests_feature(&self, id: u8) -> bool {
        self.features.iter().any(|f| f.id == id)
    }

    /// Zeroes the password bytes in a raw LOGIN7 payload, so the message can be dumped at TRACE.
    /// Malformed offsets are left alone (the payload is then rejected by [`Login7::decode`]).
    pub fn redact_passwords(payload: &mut [u8]) {
        let tds_version = u32_le(payload, 4, "LOGIN7").unwrap_or(0);
        for at in PASSWORD_FIELDS {
            if at == 86 && !Self::has_v72_fields(payload, tds_version) {
                continue;
            }
            if let Ok((offset, len)) = field(payload, at, true) {
                if let Some(bytes) = payload.get_mut(offset..offset + len) {
                    bytes.iter_mut().for_each(|b| *b = 0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
