//! LOGIN7 password obfuscation [2.2.6.4] and the redacting [`Password`] type.
//!
//! Clients obfuscate each password byte by swapping its nibbles and then XOR-ing with 0xA5
//! (FreeTDS `tds7_crypt_pass`); the server undoes it in the opposite order.

use std::fmt;

/// A secret (password or personal access token) whose `Debug` and `Display` never show it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a clear-text secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Password(secret.into())
    }

    /// The clear text, for the authenticator only. Never log the result.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the client sent no password.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        // Best effort: overwrite the clear text before the allocation is freed.
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.iter_mut().for_each(|b| *b = 0);
        std::hint::black_box(&bytes);
    }
}

/// Reverses the client's obfuscation of one byte: XOR 0xA5, then swap nibbles.
pub fn deobfuscate_byte(b: u8) -> u8 {
    (b ^ 0xA5).rotate_left(4)
}

/// Obfuscates one byte as clients do: swap nibbles, then XOR 0xA5.
pub fn obfuscate_byte(b: u8) -> u8 {
    b.rotate_left(4) ^ 0xA5
}

/// Decodes an obfuscated UCS-2 password field.
pub fn decode_password(obfuscated: &[u8]) -> Password {
    let clear: Vec<u8> = obfuscated.iter().map(|&b| deobfuscate_byte(b)).collect();
    let password = Password(crate::wire::decode_utf16(&clear));
    let mut clear = clear;
    clear.iter_mut().for_each(|b| *b = 0);
    std::hint::black_box(&clear);
    password
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deobfuscation_inverts_the_client_transform() {
        for b in 0..=255u8 {
            assert_eq!(deobfuscate_byte(obfuscate_byte(b)), b);
        }
        // 'a' (0x61) → swap 0x16 → ^0xA5 = 0xB3, as FreeTDS sends it.
        assert_eq!(obfuscate_byte(0x61), 0xB3);
        // The UCS-2 high byte 0x00 becomes 0xA5.
        assert_eq!(obfuscate_byte(0x00), 0xA5);
        assert_eq!(decode_password(&[0xB3, 0xA5]).expose(), "a");
    }

    #[test]
    fn debug_and_display_are_redacted() {
        let p = Password::new("pat_secret");
        assert_eq!(format!("{p:?}"), "<redacted>");
        assert_eq!(format!("{p}"), "<redacted>");
        assert_eq!(p.expose(), "pat_secret");
    }
}
