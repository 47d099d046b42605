//! A tiny zip writer for tests: stored or deflated entries, and knobs to build
//! the damaged and hostile archives the reader must refuse (a lying size, a bad
//! checksum, encryption flags, other methods, entries sharing one block of data).
//! Independent of the reader on purpose: its own (bitwise) CRC-32, its own layout.
//! Included by path from the unit tests in `src/zip.rs`, from integration tests, and from the
//! CLI's tests (`crates/cli/tests/cli.rs`): one copy for all.
#![allow(dead_code)]

/// One entry to write.
#[derive(Clone, Debug)]
pub struct ZipEntry {
    pub name: Vec<u8>,
    pub data: Vec<u8>,
    /// 0 stored, 8 deflated; anything else is written as stored bytes under that number.
    pub method: u16,
    pub flags: u16,
    /// Overrides of what the headers declare.
    pub size: Option<u32>,
    pub crc: Option<u32>,
    /// Point the directory at another entry's local header instead of writing one.
    pub share_with: Option<usize>,
}

impl ZipEntry {
    pub fn stored(name: &str, data: &[u8]) -> ZipEntry {
        ZipEntry { name: name.as_bytes().to_vec(), data: data.to_vec(), method: 0, flags: 0, size: None, crc: None, share_with: None }
    }

    pub fn deflated(name: &str, data: &[u8]) -> ZipEntry {
        ZipEntry { method: 8, ..ZipEntry::stored(name, data) }
    }

    pub fn folder(name: &str) -> ZipEntry {
        ZipEntry::stored(name, b"")
    }

    fn packed(&self) -> Vec<u8> {
        if self.method == 8 {
            miniz_oxide::deflate::compress_to_vec(&self.data, 6)
        } else {
            self.data.clone()
        }
    }
}

/// The CRC-32 of the zip format, bit by bit (the reader uses a table).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Writes the archive: local headers and data, the central directory, the end record.
pub fn build(entries: &[ZipEntry]) -> Vec<u8> {
    build_with(entries, b"", b"")
}

/// [`build`] with a comment after the end record and bytes before the archive
/// (as a self-extracting program has).
pub fn build_with(entries: &[ZipEntry], comment: &[u8], prefix: &[u8]) -> Vec<u8> {
    let mut out = prefix.to_vec();
    let mut offsets = Vec::new();
    let mut packed = Vec::new();
    for e in entries {
        let data = e.packed();
        if let Some(other) = e.share_with {
            offsets.push(offsets[other]);
            packed.push(data);
            continue;
        }
        // Offsets are relative to the archive's start, as a self-extractor's are.
        offsets.push((out.len() - prefix.len()) as u32);
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, 20);
        put16(&mut out, e.flags);
        put16(&mut out, e.method);
        put32(&mut out, 0); // time and date
        put32(&mut out, e.crc.unwrap_or_else(|| crc32(&e.data)));
        put32(&mut out, data.len() as u32);
        put32(&mut out, e.size.unwrap_or(e.data.len() as u32));
        put16(&mut out, e.name.len() as u16);
        put16(&mut out, 0);
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&data);
        packed.push(data);
    }
    let start = (out.len() - prefix.len()) as u32;
    for (i, e) in entries.iter().enumerate() {
        // A shared entry declares the sizes of the data it points at.
        let (data, source) = match e.share_with {
            Some(other) => (&packed[other], &entries[other]),
            None => (&packed[i], e),
        };
        put32(&mut out, 0x0201_4b50);
        put16(&mut out, 20);
        put16(&mut out, 20);
        put16(&mut out, e.flags);
        put16(&mut out, e.method);
        put32(&mut out, 0);
        put32(&mut out, e.crc.unwrap_or_else(|| crc32(&source.data)));
        put32(&mut out, data.len() as u32);
        put32(&mut out, e.size.unwrap_or(source.data.len() as u32));
        put16(&mut out, e.name.len() as u16);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put32(&mut out, 0);
        put32(&mut out, offsets[i]);
        out.extend_from_slice(&e.name);
    }
    let size = (out.len() - prefix.len()) as u32 - start;
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, entries.len() as u16);
    put16(&mut out, entries.len() as u16);
    put32(&mut out, size);
    put32(&mut out, start);
    put16(&mut out, comment.len() as u16);
    out.extend_from_slice(comment);
    out
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
