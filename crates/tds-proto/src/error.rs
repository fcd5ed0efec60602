//! Decoding and encoding failures of the byte layer.
//!
//! Every variant describes malformed or unsupported *peer* input (or a value too large to encode);
//! none carries raw message bytes, so an error can be logged without leaking a password.

/// A malformed, truncated or unsupported TDS structure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Fewer bytes were available than the structure needs.
    #[error("truncated {what}: needed {needed} bytes, {available} available")]
    Truncated {
        /// The structure being read.
        what: &'static str,
        /// Bytes needed.
        needed: usize,
        /// Bytes present.
        available: usize,
    },
    /// A length, offset or count read from the peer is out of range.
    #[error("invalid length in {what}: {value}")]
    InvalidLength {
        /// The field being checked.
        what: &'static str,
        /// The offending value.
        value: usize,
    },
    /// A value that is well-formed but not supported by this server.
    #[error("unsupported {what}: {value:#x}")]
    Unsupported {
        /// The field being checked.
        what: &'static str,
        /// The offending value.
        value: u32,
    },
    /// Any other structural violation.
    #[error("malformed {0}")]
    Malformed(&'static str),
}

/// Result of the byte layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Returns `buf[start..start + len]`, or [`Error::Truncated`] when the range is out of bounds.
/// Every peer-controlled slice goes through here so that no offset arithmetic can panic.
pub(crate) fn slice<'a>(
    buf: &'a [u8],
    start: usize,
    len: usize,
    what: &'static str,
) -> Result<&'a [u8]> {
    let end = start
        .checked_add(len)
        .ok_or(Error::InvalidLength { what, value: start })?;
    buf.get(start..end).ok_or(Error::Truncated {
        what,
        needed: end,
        available: buf.len(),
    })
}

/// Reads a little-endian `u16` at `at`.
pub(crate) fn u16_le(buf: &[u8], at: usize, what: &'static str) -> Result<u16> {
    let b = slice(buf, at, 2, what)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

/// Reads a big-endian `u16` at `at`.
pub(crate) fn u16_be(buf: &[u8], at: usize, what: &'static str) -> Result<u16> {
    let b = slice(buf, at, 2, what)?;
    Ok(u16::from_be_bytes([b[0], b[1]]))
}

/// Reads a little-endian `u32` at `at`.
pub(crate) fn u32_le(buf: &[u8], at: usize, what: &'static str) -> Result<u32> {
    let b = slice(buf, at, 4, what)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_is_bounds_checked() {
        let b = [1u8, 2, 3];
        assert_eq!(slice(&b, 1, 2, "x").unwrap(), &[2, 3]);
        assert!(matches!(
            slice(&b, 2, 2, "x"),
            Err(Error::Truncated { needed: 4, .. })
        ));
        assert!(slice(&b, usize::MAX, 2, "x").is_err());
        assert_eq!(u16_le(&[1, 2], 0, "x").unwrap(), 0x0201);
        assert_eq!(u16_be(&[1, 2], 0, "x").unwrap(), 0x0102);
        assert!(u32_le(&[1, 2, 3], 0, "x").is_err());
    }
}
