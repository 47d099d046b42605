//! Little binary helpers for the index's storage formats: LEB128 varints and a
//! bounds-checked reader whose every failure is a [`DecodeError`] naming what
//! was being read, so a truncated or foreign file is an error, never a panic.

use std::fmt;

/// Appends `v` as an unsigned LEB128 varint (1-5 bytes).
#[inline]
pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a length-prefixed UTF-8 string.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// Reads a varint at `at` from a buffer known to be well-formed (the index's
/// own postings). Ends quietly at the end of the buffer or after 5 bytes.
#[inline]
pub fn get_varint(buf: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = buf.get(*at) {
        *at += 1;
        v |= ((b & 0x7f) as u32) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
        if shift > 28 {
            break;
        }
    }
    v
}

/// Why bytes could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// What was being read ("document count", "postings of term 17").
    pub what: String,
    /// Byte offset where it failed.
    pub at: usize,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read the {} at byte {}", self.what, self.at)
    }
}

/// A cursor over untrusted bytes.
pub struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, at: 0 }
    }

    pub fn position(&self) -> usize {
        self.at
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.at
    }

    pub fn error(&self, what: impl Into<String>) -> DecodeError {
        DecodeError { what: what.into(), at: self.at }
    }

    /// Checks and skips a 4-byte magic tag.
    pub fn magic(&mut self, magic: &[u8; 4], what: &str) -> Result<(), DecodeError> {
        if self.buf.get(self.at..self.at + 4) != Some(&magic[..]) {
            return Err(self.error(format!("{what} header (this is not a {what})")));
        }
        self.at += 4;
        Ok(())
    }

    pub fn varint(&mut self, what: &str) -> Result<u32, DecodeError> {
        let start = self.at;
        let mut v = 0u64;
        for i in 0..5 {
            let Some(&b) = self.buf.get(self.at) else {
                self.at = start;
                return Err(self.error(what));
            };
            self.at += 1;
            v |= ((b & 0x7f) as u64) << (7 * i);
            if b < 0x80 {
                return u32::try_from(v).map_err(|_| DecodeError { what: what.to_string(), at: start });
            }
        }
        self.at = start;
        Err(self.error(what))
    }

    /// A count that must fit in what remains (each item needs at least `min_item_bytes`),
    /// so a corrupt length cannot make the caller reserve gigabytes.
    pub fn count(&mut self, what: &str, min_item_bytes: usize) -> Result<usize, DecodeError> {
        let n = self.varint(what)? as usize;
        if n.saturating_mul(min_item_bytes.max(1)) > self.remaining() && min_item_bytes > 0 {
            return Err(self.error(format!("{what} ({n} does not fit in the file)")));
        }
        Ok(n)
    }

    pub fn bytes(&mut self, len: usize, what: &str) -> Result<&'a [u8], DecodeError> {
        let end = self.at.checked_add(len).filter(|&e| e <= self.buf.len()).ok_or_else(|| self.error(what))?;
        let out = &self.buf[self.at..end];
        self.at = end;
        Ok(out)
    }

    pub fn u8(&mut self, what: &str) -> Result<u8, DecodeError> {
        Ok(self.bytes(1, what)?[0])
    }

    pub fn string(&mut self, what: &str) -> Result<String, DecodeError> {
        let len = self.varint(what)? as usize;
        let at = self.at;
        let bytes = self.bytes(len, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError { what: format!("{what} (not UTF-8)"), at })
    }

    pub fn rest(&mut self) -> &'a [u8] {
        let out = &self.buf[self.at..];
        self.at = self.buf.len();
        out
    }

    pub fn finish(&self, what: &str) -> Result<(), DecodeError> {
        if self.at == self.buf.len() {
            Ok(())
        } else {
            Err(self.error(format!("end of the {what} (unexpected bytes after it)")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_truncation_is_an_error() {
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
        let mut buf = Vec::new();
        for v in values {
            put_varint(&mut buf, v);
        }
        let mut r = Reader::new(&buf);
        for v in values {
            assert_eq!(r.varint("v").unwrap(), v);
        }
        r.finish("test").unwrap();
        let mut at = 0;
        for v in values {
            assert_eq!(get_varint(&buf, &mut at), v);
        }
        // Truncated: an error that names what was read, and the cursor does not move.
        let mut r = Reader::new(&[0xff, 0xff]);
        let e = r.varint("document count").unwrap_err();
        assert_eq!(e.to_string(), "cannot read the document count at byte 0");
        // Too large for u32.
        assert!(Reader::new(&[0xff, 0xff, 0xff, 0xff, 0x7f]).varint("v").is_err());
        // A count that cannot fit is refused before anything is allocated.
        let mut buf = Vec::new();
        put_varint(&mut buf, 1_000_000);
        assert!(Reader::new(&buf).count("terms", 1).is_err());
    }

    #[test]
    fn strings_and_magic() {
        let mut buf = b"TEST".to_vec();
        put_str(&mut buf, "양강도");
        let mut r = Reader::new(&buf);
        r.magic(b"TEST", "test file").unwrap();
        assert_eq!(r.string("name").unwrap(), "양강도");
        assert!(Reader::new(b"NOPE").magic(b"TEST", "postings shard").unwrap_err().what.contains("not a postings shard"));
        assert!(Reader::new(&[5, b'a']).string("name").is_err());
        assert!(Reader::new(&[2, 0xff, 0xfe]).string("name").unwrap_err().what.contains("UTF-8"));
    }
}
