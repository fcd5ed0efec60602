//! Personal access token format and hashing.
//!
//! Login runs on every TDS connection (tds_fdw reconnects per PostgreSQL query), so
//! verification must cost microseconds. Generated tokens carry 256 bits of OS randomness, so
//! a single SHA-256 is enough: a slow password KDF only helps against guessing low-entropy
//! secrets. Imported (caller-chosen) tokens get the same treatment; their minimum length is
//! the caller's responsibility to keep them unguessable.
//!
//! The database lookup uses only a short prefix of the digest (the "lookup id"), then the full
//! digest is compared in constant time, so query timing reveals nothing about how many
//! leading bytes of a guess were right.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};

/// Prefix of every generated token; makes leaked tokens easy to spot by secret scanners.
pub(crate) const TOKEN_PREFIX: &str = "vtds_";

/// Imported tokens shorter than this are refused.
pub(crate) const MIN_IMPORT_LEN: usize = 16;

/// LOGIN7 carries the password in a field of at most 128 UCS-2 characters, so a longer token
/// could never be presented by a client.
pub(crate) const MAX_TOKEN_LEN: usize = 128;

/// Hex characters of the digest used as the indexed lookup id (64 bits).
const LOOKUP_HEX_LEN: usize = 16;

/// `vtds_` + 43 base64url characters encoding 32 bytes from the OS CSPRNG.
pub(crate) fn generate() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What the store keeps for one token.
pub(crate) struct TokenHash {
    /// Lower-case hex SHA-256 of the token's UTF-8 bytes.
    pub digest_hex: String,
    /// Indexed prefix of `digest_hex`.
    pub lookup: String,
}

/// Hashes a token for storage or verification.
pub(crate) fn hash(token: &str) -> TokenHash {
    let digest_hex = hex::encode(Sha256::digest(token.as_bytes()));
    let lookup = digest_hex[..LOOKUP_HEX_LEN].to_owned();
    TokenHash { digest_hex, lookup }
}

/// Constant-time equality of two stored digests.
pub(crate) fn digests_equal(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// Checks a caller-chosen token before import. Messages never echo the token.
pub(crate) fn validate_import(token: &str) -> Result<()> {
    let chars = token.chars().count();
    if chars < MIN_IMPORT_LEN {
        return Err(Error::Invalid(format!(
            "token must be at least {MIN_IMPORT_LEN} characters"
        )));
    }
    if chars > MAX_TOKEN_LEN {
        return Err(Error::Invalid(format!(
            "token must be at most {MAX_TOKEN_LEN} characters (the TDS password limit)"
        )));
    }
    // Whitespace and control characters get mangled by shells, connection strings and
    // freetds.conf; refusing them avoids tokens that verify here but can't be typed there.
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::Invalid(
            "token must not contain whitespace or control characters".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_have_the_documented_shape() {
        let t = generate();
        assert!(t.starts_with(TOKEN_PREFIX));
        let body = &t[TOKEN_PREFIX.len()..];
        assert_eq!(body.len(), 43);
        assert_eq!(URL_SAFE_NO_PAD.decode(body).unwrap().len(), 32);
        assert!(body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(generate(), t);
        assert!(t.len() <= MAX_TOKEN_LEN);
    }

    #[test]
    fn hash_is_sha256_hex_with_prefix_lookup() {
        let h = hash("abc");
        assert_eq!(
            h.digest_hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(h.lookup, "ba7816bf8f01cfea");
        assert!(digests_equal(&h.digest_hex, &hash("abc").digest_hex));
        assert!(!digests_equal(&h.digest_hex, &hash("abd").digest_hex));
        assert!(!digests_equal(&h.digest_hex, "ba"));
    }

    #[test]
    fn import_validation() {
        assert!(validate_import("short").is_err());
        assert!(validate_import(&"x".repeat(15)).is_err());
        assert!(validate_import(&"x".repeat(16)).is_ok());
        assert!(validate_import(&"x".repeat(129)).is_err());
        assert!(validate_import("has a space in it!!").is_err());
        let err = validate_import("my secret tok").unwrap_err().to_string();
        assert!(!err.contains("secret"), "{err}");
    }
}
