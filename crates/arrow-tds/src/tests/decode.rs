//! A minimal ROW/NBCROW reader for tests, written from [2.2.7.19]/[2.2.7.20] independently of the
//! encoders: it proves every value's framing is self-consistent (the stream is consumed exactly).

use tds_proto::types::{TypeInfo, VarLen};

/// One decoded row: each column's raw value bytes (framing stripped), `None` for NULL, and
/// whether the row came as NBCROW.
#[derive(Debug, PartialEq)]
pub struct Row {
    pub nbc: bool,
    pub values: Vec<Option<Vec<u8>>>,
}

struct Cursor<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> &[u8] {
        let s = &self.buf[self.at..self.at + n];
        self.at += n;
        s
    }
    fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take(2).try_into().unwrap())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().unwrap())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take(8).try_into().unwrap())
    }
}

/// Decodes every row token in `buf`; panics on any framing error or trailing bytes.
pub fn rows(buf: &[u8], types: &[TypeInfo]) -> Vec<Row> {
    let mut c = Cursor { buf, at: 0 };
    let mut out = vec![];
    while c.at < buf.len() {
        let token = c.u8();
        let nulls: Vec<bool> = match token {
            0xD1 => vec![false; types.len()],
            0xD2 => {
                let bitmap = c.take(types.len().div_ceil(8)).to_vec();
                (0..types.len())
                    .map(|i| bitmap[i / 8] & (1 << (i % 8)) != 0)
                    .collect()
            }
            t => panic!("unexpected token {t:#x} at {}", c.at - 1),
        };
        let values = types
            .iter()
            .zip(&nulls)
            .map(|(t, null)| if *null { None } else { value(&mut c, t) })
            .collect();
        out.push(Row {
            nbc: token == 0xD2,
            values,
        });
    }
    assert_eq!(c.at, buf.len());
    out
}

fn value(c: &mut Cursor<'_>, t: &TypeInfo) -> Option<Vec<u8>> {
    match t {
        TypeInfo::NVarChar(VarLen::Max) | TypeInfo::BigVarBinary(VarLen::Max) => {
            let total = c.u64();
            if total == u64::MAX {
                return None;
            }
            let mut data = vec![];
            loop {
                let n = c.u32() as usize;
                if n == 0 {
                    break;
                }
                data.extend_from_slice(c.take(n));
            }
            assert_eq!(data.len() as u64, total, "PLP total length");
            Some(data)
        }
        TypeInfo::NVarChar(VarLen::Bytes(_))
        | TypeInfo::BigVarChar(_)
        | TypeInfo::BigVarBinary(VarLen::Bytes(_)) => {
            let n = c.u16();
            (n != 0xFFFF).then(|| c.take(usize::from(n)).to_vec())
        }
        TypeInfo::NText | TypeInfo::Image => {
            let ptr = c.u8();
            if ptr == 0 {
                return None;
            }
            c.take(usize::from(ptr) + 8);
            let n = c.u32() as usize;
            Some(c.take(n).to_vec())
        }
        _ => {
            let n = c.u8();
            (n != 0).then(|| c.take(usize::from(n)).to_vec())
        }
    }
}

/// UTF-16LE bytes of a string, for comparing NVARCHAR values.
pub fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}
