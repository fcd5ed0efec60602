//! The master key and authenticated encryption of stored API keys.
//!
//! ChaCha20-Poly1305 with a fresh random 96-bit nonce per row. Random nonces are safe here:
//! the number of encryptions under one key (one per added connection) is tiny next to the
//! ~2^32 bound where nonce collisions become a concern. The row's identity goes into the
//! associated data so a ciphertext copied onto another row fails authentication instead of
//! silently decrypting as the other connection's key.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::rngs::OsRng;
use rand::RngCore;
use zeroize::Zeroize;

use crate::error::{Error, Result};

/// Length of a ChaCha20-Poly1305 nonce.
pub(crate) const NONCE_LEN: usize = 12;

/// The 256-bit key that encrypts API keys at rest. The `vtds` binary decides where it lives
/// (a key file next to the database); this crate only ever sees the typed value.
#[derive(Clone, PartialEq, Eq)]
pub struct MasterKey([u8; 32]);

impl MasterKey {
    /// A new key from the operating system's CSPRNG.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Wraps existing key material.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Lower-case hex (64 characters), the format of the key file. This is the secret itself:
    /// write it to a file with restricted permissions, never to a log.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex characters; surrounding whitespace (a trailing newline in a key file) is
    /// ignored. The error text never repeats the input.
    pub fn from_hex(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.len() != 64 {
            return Err(Error::Invalid(
                "master key must be 64 hexadecimal characters".into(),
            ));
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes)
            .map_err(|_| Error::Invalid("master key must be 64 hexadecimal characters".into()))?;
        Ok(Self(bytes))
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(&self.0))
    }

    /// Encrypts `plaintext`, binding it to `aad`. Returns `(nonce, ciphertext || tag)`.
    pub(crate) fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<([u8; NONCE_LEN], Vec<u8>)> {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let ct = self
            .cipher()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .map_err(|_| Error::Crypto)?;
        Ok((nonce, ct))
    }

    /// Decrypts and authenticates; any mismatch (wrong key, wrong `aad`, tampered bytes, bad
    /// nonce length) is [`Error::Crypto`], never garbage plaintext.
    pub(crate) fn open(&self, nonce: &[u8], ciphertext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        if nonce.len() != NONCE_LEN {
            return Err(Error::Crypto);
        }
        self.cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| Error::Crypto)
    }
}

impl Drop for MasterKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_validation() {
        let k = MasterKey::generate();
        let hex = k.to_hex();
        assert_eq!(hex.len(), 64);
        assert_eq!(MasterKey::from_hex(&format!("{hex}\n")).unwrap(), k);
        assert!(matches!(
            MasterKey::from_hex("abcd"),
            Err(Error::Invalid(_))
        ));
        let bad = "zz".repeat(32);
        let err = MasterKey::from_hex(&bad).unwrap_err();
        assert!(!err.to_string().contains("zz"));
        assert_ne!(MasterKey::generate(), MasterKey::generate());
    }

    #[test]
    fn debug_is_redacted() {
        let k = MasterKey::from_bytes([0xAB; 32]);
        let s = format!("{k:?} {k:#?}");
        assert!(!s.to_lowercase().contains("abab"), "{s}");
        assert!(!s.contains("171"), "{s}");
    }

    #[test]
    fn seal_open_round_trip_and_failures() {
        let k = MasterKey::generate();
        let (nonce, ct) = k.seal(b"sk_test_123", b"aad").unwrap();
        assert_eq!(k.open(&nonce, &ct, b"aad").unwrap(), b"sk_test_123");
        // Wrong associated data, wrong key, tampered text, short nonce: all Crypto.
        assert!(matches!(k.open(&nonce, &ct, b"other"), Err(Error::Crypto)));
        let other = MasterKey::generate();
        assert!(matches!(
            other.open(&nonce, &ct, b"aad"),
            Err(Error::Crypto)
        ));
        let mut tampered = ct.clone();
        tampered[0] ^= 1;
        assert!(matches!(
            k.open(&nonce, &tampered, b"aad"),
            Err(Error::Crypto)
        ));
        assert!(matches!(
            k.open(&nonce[..8], &ct, b"aad"),
            Err(Error::Crypto)
        ));
        // Fresh nonce per encryption.
        let (nonce2, ct2) = k.seal(b"sk_test_123", b"aad").unwrap();
        assert_ne!(nonce, nonce2);
        assert_ne!(ct, ct2);
    }
}
