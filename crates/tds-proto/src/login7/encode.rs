//! LOGIN7 encoding, the client side of [2.2.6.4]. The server never sends LOGIN7; this exists so
//! tests, fuzz seeds and raw-socket test clients can build exact messages, and so the decoder has
//! a round-trip oracle.

use bytes::{BufMut, BytesMut};

use super::{obfuscate_byte, Login7, FIXED_LEN_V71, FIXED_LEN_V72, OPTION3_EXTENSION};

impl Login7 {
    /// Appends this login as a LOGIN7 payload. Strings longer than the 16-bit length field allows
    /// are cut. Features are written with zero-filled data of each request's `data_len`.
    pub fn encode(&self, buf: &mut BytesMut) {
        let v72 = self.tds_version >= 0x7200_0000 || self.tds_version == 0x0800_0000;
        let fixed_len = if v72 { FIXED_LEN_V72 } else { FIXED_LEN_V71 };
        let mut fixed = BytesMut::with_capacity(fixed_len);
        let mut data = BytesMut::new();
        let utf16 = |s: &str| -> Vec<u8> {
            s.encode_utf16()
                .take(u16::MAX as usize / 2)
                .flat_map(u16::to_le_bytes)
                .collect()
        };
        // Offsets are absolute: the data starts right after the fixed part.
        let mut put_field = |fixed: &mut BytesMut, bytes: &[u8], units: usize| {
            fixed.put_u16_le((fixed_len + data.len()) as u16);
            fixed.put_u16_le(units as u16);
            data.put_slice(bytes);
        };
        let with_ext = !self.features.is_empty();
        fixed.put_u32_le(0); // total length, patched below
        fixed.put_u32_le(self.tds_version);
        fixed.put_u32_le(self.packet_size);
        fixed.put_u32_le(self.client_prog_version);
        fixed.put_u32_le(self.client_pid);
        fixed.put_u32_le(self.connection_id);
        fixed.put_u8(self.option_flags1);
        fixed.put_u8(self.option_flags2);
        fixed.put_u8(self.type_flags);
        let flags3 = if with_ext {
            self.option_flags3 | OPTION3_EXTENSION
        } else {
            self.option_flags3
        };
        fixed.put_u8(flags3);
        fixed.put_i32_le(self.client_time_zone);
        fixed.put_u32_le(self.client_lcid);
        for s in [&self.host_name, &self.user_name] {
            let b = utf16(s);
            put_field(&mut fixed, &b, b.len() / 2);
        }
        let pw: Vec<u8> = utf16(self.password.expose())
            .into_iter()
            .map(obfuscate_byte)
            .collect();
        put_field(&mut fixed, &pw, pw.len() / 2);
        for s in [&self.app_name, &self.server_name] {
            let b = utf16(s);
            put_field(&mut fixed, &b, b.len() / 2);
        }
        // Extension: a DWORD holding the FEATUREEXT offset, patched once all strings are placed.
        let ext_field_pos = fixed.len();
        if with_ext {
            put_field(&mut fixed, &[0, 0, 0, 0], 4);
        } else {
            put_field(&mut fixed, &[], 0);
        }
        let ext_dword_pos = if with_ext {
            Some(usize::from(u16::from_le_bytes([
                fixed[ext_field_pos],
                fixed[ext_field_pos + 1],
            ])))
        } else {
            None
        };
        for s in [&self.library_name, &self.language, &self.database] {
            let b = utf16(s);
            put_field(&mut fixed, &b, b.len() / 2);
        }
        fixed.put_slice(&self.client_id);
        let sspi = vec![0; self.sspi_len.min(u16::MAX as usize)];
        put_field(&mut fixed, &sspi, sspi.len());
        let b = utf16(&self.attach_db_file);
        put_field(&mut fixed, &b, b.len() / 2);
        if v72 {
            let cp: Vec<u8> = utf16(self.change_password.expose())
                .into_iter()
                .map(obfuscate_byte)
                .collect();
            put_field(&mut fixed, &cp, cp.len() / 2);
            fixed.put_u32_le(0);
        }
        let mut out = fixed;
        out.put_slice(&data);
        if let Some(dword) = ext_dword_pos {
            let block = out.len() as u32;
            out[dword..dword + 4].copy_from_slice(&block.to_le_bytes());
            for f in &self.features {
                out.put_u8(f.id);
                out.put_u32_le(f.data_len as u32);
                out.put_bytes(0, f.data_len);
            }
            out.put_u8(super::feature::TERMINATOR);
        }
        let total = out.len() as u32;
        out[0..4].copy_from_slice(&total.to_le_bytes());
        buf.put_slice(&out);
    }
}
