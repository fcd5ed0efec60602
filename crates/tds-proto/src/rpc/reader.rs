//! A bounds-checked cursor over a request payload: every read names what it reads, so a
//! truncated message becomes [`Error::Truncated`] with a useful label, never a panic.

use crate::error::{slice, Error, Result};
use crate::wire::decode_utf16;

/// Reads little-endian fields from the front of a byte slice.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    /// Bytes not yet read.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// The next byte without consuming it.
    pub(crate) fn peek_u8(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        let b = slice(self.buf, self.pos, n, what)?;
        self.pos += n;
        Ok(b)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// Exactly `N` bytes as an array.
    pub(crate) fn bytes<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        self.array(what)
    }

    /// B_VARCHAR: a 1-byte count of UTF-16 code units, then the units.
    pub(crate) fn b_varchar(&mut self, what: &'static str) -> Result<String> {
        let units = usize::from(self.u8(what)?);
        Ok(decode_utf16(self.take(units * 2, what)?))
    }

    /// US_VARCHAR: a 2-byte count of UTF-16 code units, then the units.
    pub(crate) fn us_varchar(&mut self, what: &'static str) -> Result<String> {
        let units = usize::from(self.u16(what)?);
        Ok(decode_utf16(self.take(units * 2, what)?))
    }
}

/// Rejects a length field that is not one of the sizes a type allows.
pub(crate) fn check_len(what: &'static str, len: usize, allowed: &[usize]) -> Result<()> {
    if allowed.contains(&len) {
        Ok(())
    } else {
        Err(Error::InvalidLength { what, value: len })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounds_checked() {
        let mut r = Reader::new(&[1, 2, 0, 3]);
        assert_eq!(r.u8("a").unwrap(), 1);
        assert_eq!(r.u16("b").unwrap(), 2);
        assert!(r.u16("c").is_err());
        assert_eq!(r.remaining(), 1);
        let mut r = Reader::new(&[2, b'h', 0]);
        assert!(r.b_varchar("name").is_err());
        let mut r = Reader::new(&[1, 0, b'h', 0]);
        assert_eq!(r.us_varchar("name").unwrap(), "h");
    }
}
