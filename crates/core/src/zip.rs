//! Reading `.zip` archives a reader drops on the page: the central directory,
//! then each entry stored or deflated (inflated with `miniz_oxide`, already used
//! for the bundle), checked against its CRC-32 and held to the limits in [`crate::limits`].
//!
//! A small reader of our own rather than the `zip` crate: we need only the central
//! directory, two methods and hard limits, and it adds a few kilobytes of wasm where the
//! crate and its dependencies would add far more. Every offset and size comes from
//! outside, so every read is bounds-checked and nothing is allocated from a declared size:
//! inflating stops at the limit, and entries whose bytes overlap (the trick behind
//! "overlapping" zip bombs, where thousands of entries share one compressed block) are refused.

use crate::limits::ZipLimits;
use std::fmt;
use thiserror::Error;

const END_SIGNATURE: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
const END_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;
/// The end record sits in the last 22 bytes plus a comment of at most 65,535 bytes.
const MAX_COMMENT: usize = 0xFFFF;

/// General-purpose flag bits.
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_UTF8_NAME: u16 = 1 << 11;

/// Why an archive, or one entry of it, was not read. Each says so in plain words
/// and what to do; `file` is the archive's name or the entry's.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{file}: {reason}")]
pub struct ZipError {
    pub file: String,
    pub reason: ZipReason,
}

/// The reason alone (problem reports name the file beside it). Its words are
/// [`Issue`](crate::error::Issue)'s, which the reader also has in Korean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipReason {
    NotAZip,
    Damaged(String),
    Zip64,
    Split,
    Encrypted,
    UnsupportedMethod { method: u16, name: &'static str },
    Zip64Entry,
    TooLarge { bytes: u64, limit: u64 },
    OverTotal { limit: u64 },
    Overlaps,
    EntryDamaged(String),
}

impl fmt::Display for ZipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::error::Issue::from(self).fmt(f)
    }
}

impl std::error::Error for ZipReason {}

/// One entry of the central directory, as declared (nothing here is trusted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the archive, `/`-separated ("folder/a.txt").
    pub name: String,
    /// A folder rather than a file (its name ends in `/`).
    pub is_dir: bool,
    /// Declared size once unpacked, in bytes.
    pub size: u64,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    local_offset: u64,
    /// Set while opening: a reason this entry cannot be read at all.
    refused: Option<ZipReason>,
}

/// An opened archive: its entries in directory order, and what was left unread.
#[derive(Clone, Debug)]
pub struct Archive<'a> {
    name: String,
    bytes: &'a [u8],
    /// Added to every declared offset: the bytes before the archive proper
    /// (a self-extracting program, a header some tools prepend).
    shift: u64,
    pub entries: Vec<Entry>,
    /// Entries the directory lists past [`ZipLimits::entries`], not read.
    pub entries_left_out: usize,
    /// The directory is damaged part way: the entries before the damage are kept.
    pub damage: Option<ZipError>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// Whether these bytes start like a zip archive (a local file header).
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    u32_at(bytes, 0) == Some(LOCAL_SIGNATURE) || u32_at(bytes, 0) == Some(END_SIGNATURE)
}

/// Opens an archive: finds its end record and reads the central directory.
/// A damaged directory keeps the entries before the damage (see [`Archive::damage`]).
pub fn open<'a>(name: &str, bytes: &'a [u8], limits: &ZipLimits) -> Result<Archive<'a>, ZipError> {
    let fail = |reason| ZipError { file: name.to_string(), reason };
    let Some(end) = find_end(bytes) else {
        return Err(fail(if looks_like_zip(bytes) {
            ZipReason::Damaged("its table of contents, at the end of the file, is missing: the file may be cut short".into())
        } else {
            ZipReason::NotAZip
        }));
    };
    // A zip64 archive puts a locator just before the end record.
    if end >= 20 && u32_at(bytes, end - 20) == Some(ZIP64_LOCATOR_SIGNATURE) {
        return Err(fail(ZipReason::Zip64));
    }
    let field16 = |at| u16_at(bytes, end + at).unwrap_or(0);
    let field32 = |at| u32_at(bytes, end + at).unwrap_or(0);
    let (disk, cd_disk, on_disk, total) = (field16(4), field16(6), field16(8), field16(10));
    let (cd_size, cd_offset) = (field32(12) as u64, field32(16) as u64);
    if disk != 0 || cd_disk != 0 || on_disk != total {
        return Err(fail(ZipReason::Split));
    }
    if total == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        return Err(fail(ZipReason::Zip64));
    }
    // The directory ends where the end record starts; anything before the
    // declared start is data some tool put in front of the archive.
    let shift = (end as u64).checked_sub(cd_size).and_then(|s| s.checked_sub(cd_offset));
    let Some(shift) = shift else {
        return Err(fail(ZipReason::Damaged("its table of contents points past the end of the file".into())));
    };
    let cd_start = (cd_offset + shift) as usize;
    let directory = &bytes[cd_start..end];
    let mut archive = Archive { name: name.to_string(), bytes, shift, entries: Vec::new(), entries_left_out: 0, damage: None };
    let listed = total as usize;
    archive.entries_left_out = listed.saturating_sub(limits.entries);
    let mut at = 0usize;
    for number in 0..listed.min(limits.entries) {
        match read_central(directory, at) {
            Some((entry, next)) => {
                archive.entries.push(entry);
                at = next;
            }
            None => {
                let detail = format!(
                    "its table of contents breaks off at entry {} of {listed}; the entries before it were read",
                    number + 1
                );
                archive.damage = Some(fail(ZipReason::Damaged(detail)));
                archive.entries_left_out = 0;
                break;
            }
        }
    }
    archive.check_spans();
    Ok(archive)
}

/// The offset of the end-of-central-directory record: the last signature whose
/// record and comment end the file exactly. Not merely "fit": an archive cut
/// short whose last entry is itself a stored zip would otherwise be read as
/// that inner zip.
fn find_end(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(END_LEN)?;
    let first = last.saturating_sub(MAX_COMMENT);
    (first..=last).rev().find(|&at| {
        u32_at(bytes, at) == Some(END_SIGNATURE)
            && u16_at(bytes, at + 20).is_some_and(|comment| at + END_LEN + comment as usize == bytes.len())
    })
}

/// One central-directory record at `at`: the entry and where the next starts.
fn read_central(dir: &[u8], at: usize) -> Option<(Entry, usize)> {
    if u32_at(dir, at)? != CENTRAL_SIGNATURE {
        return None;
    }
    let flags = u16_at(dir, at + 8)?;
    let method = u16_at(dir, at + 10)?;
    let crc = u32_at(dir, at + 16)?;
    let compressed = u32_at(dir, at + 20)?;
    let size = u32_at(dir, at + 24)?;
    let name_len = u16_at(dir, at + 28)? as usize;
    let extra_len = u16_at(dir, at + 30)? as usize;
    let comment_len = u16_at(dir, at + 32)? as usize;
    let local_offset = u32_at(dir, at + 42)?;
    let name_start = at + CENTRAL_LEN;
    let raw_name = dir.get(name_start..name_start + name_len)?;
    let next = name_start + name_len + extra_len + comment_len;
    if next > dir.len() {
        return None;
    }
    let name = entry_name(raw_name, flags & FLAG_UTF8_NAME != 0);
    let is_dir = name.ends_with('/');
    let refused = if flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) != 0 {
        Some(ZipReason::Encrypted)
    } else if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF || local_offset == 0xFFFF_FFFF {
        Some(ZipReason::Zip64Entry)
    } else if method != 0 && method != 8 {
        Some(ZipReason::UnsupportedMethod { method, name: method_name(method) })
    } else {
        None
    };
    let entry = Entry { name, is_dir, size: size as u64, flags, method, crc, compressed: compressed as u64, local_offset: local_offset as u64, refused };
    Some((entry, next))
}

/// Names are UTF-8 when the flag says so (or when they simply are valid UTF-8,
/// as many tools write them without the flag), else code page 437, as the
/// format specifies. Backslashes (some Windows tools) become slashes, and a
/// leading "./" or "/" is dropped.
fn entry_name(raw: &[u8], utf8_flag: bool) -> String {
    let name = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) if utf8_flag => String::from_utf8_lossy(raw).into_owned(),
        Err(_) => raw.iter().map(|&b| cp437(b)).collect(),
    };
    let name = name.replace('\\', "/");
    let trimmed = name.trim_start_matches("./").trim_start_matches('/');
    trimmed.to_string()
}

/// Code page 437, the zip format's default for names without the UTF-8 flag.
fn cp437(b: u8) -> char {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";
    if b < 0x80 {
        b as char
    } else {
        HIGH.chars().nth((b - 0x80) as usize).unwrap_or('\u{FFFD}')
    }
}

fn method_name(method: u16) -> &'static str {
    match method {
        1..=6 => "an old method (shrink, reduce or implode)",
        9 => "Deflate64",
        12 => "bzip2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "XZ",
        98 => "PPMd",
        99 => "AES encryption",
        _ => "an unknown method",
    }
}

impl Archive<'_> {
    /// Where an entry's data lies: after its local header, which repeats the
    /// name and has its own extra field.
    /// Returns (local header start, data start, data end).
    fn data_range(&self, entry: &Entry) -> Result<(usize, usize, usize), ZipReason> {
        let damaged = |what: &str| ZipReason::EntryDamaged(what.to_string());
        let local = entry.local_offset.checked_add(self.shift).and_then(|o| usize::try_from(o).ok()).ok_or_else(|| damaged("its position is past the end of the archive"))?;
        if u32_at(self.bytes, local) != Some(LOCAL_SIGNATURE) {
            return Err(damaged("its header is missing"));
        }
        let name_len = u16_at(self.bytes, local + 26).ok_or_else(|| damaged("its header is cut short"))? as usize;
        let extra_len = u16_at(self.bytes, local + 28).ok_or_else(|| damaged("its header is cut short"))? as usize;
        let start = local + LOCAL_LEN + name_len + extra_len;
        let end = usize::try_from(entry.compressed).ok().and_then(|c| start.checked_add(c)).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| damaged("its data runs past the end of the archive"))?;
        Ok((local, start, end))
    }

    /// Refuses entries whose bytes (local header to end of data) overlap an
    /// earlier entry's: a real archive never shares bytes between entries, and a
    /// bomb that points thousands of entries at one compressed block does.
    fn check_spans(&mut self) {
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        let mut refusals: Vec<(usize, ZipReason)> = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            if entry.refused.is_some() {
                continue;
            }
            match self.data_range(entry) {
                Ok((start, _, end)) => spans.push((start, end, i)),
                Err(reason) => refusals.push((i, reason)),
            }
        }
        spans.sort_unstable();
        let mut reach = 0usize;
        for (k, &(start, end, i)) in spans.iter().enumerate() {
            if k > 0 && start < reach {
                refusals.push((i, ZipReason::Overlaps));
            }
            reach = reach.max(end);
        }
        for (i, reason) in refusals {
            self.entries[i].refused.get_or_insert(reason);
        }
    }

    /// Unpacks one entry. `budget` is what the archive may still unpack in all
    /// (it is charged for this entry); `limits.entry_bytes` bounds each entry.
    /// An entry whose header declares more than either is not inflated at all,
    /// and inflating stops at the declared size: a header that lies (a zip bomb
    /// declaring 1 kB of 4 GB) costs at most what it declared. The output buffer
    /// grows with the data, never allocated at the declared size up front.
    pub fn read(&self, entry: &Entry, budget: &mut u64, limits: &ZipLimits) -> Result<Vec<u8>, ZipError> {
        self.read_reason(entry, budget, limits).map_err(|reason| ZipError { file: entry.name.clone(), reason })
    }

    fn read_reason(&self, entry: &Entry, budget: &mut u64, limits: &ZipLimits) -> Result<Vec<u8>, ZipReason> {
        if let Some(reason) = &entry.refused {
            return Err(reason.clone());
        }
        if entry.size > limits.entry_bytes {
            return Err(ZipReason::TooLarge { bytes: entry.size, limit: limits.entry_bytes });
        }
        if entry.size > *budget {
            return Err(ZipReason::OverTotal { limit: limits.total_bytes });
        }
        let (_, start, end) = self.data_range(entry)?;
        let data = self.bytes.get(start..end).unwrap_or_default();
        let out = match entry.method {
            0 => data.to_vec(),
            8 => match miniz_oxide::inflate::decompress_to_vec_with_limit(data, usize::try_from(entry.size).unwrap_or(usize::MAX)) {
                Ok(out) => out,
                Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    return Err(ZipReason::EntryDamaged(format!("it unpacks to more than the {} bytes its header says", entry.size)))
                }
                Err(_) => return Err(ZipReason::EntryDamaged("its compressed data is broken".into())),
            },
            method => return Err(ZipReason::UnsupportedMethod { method, name: method_name(method) }),
        };
        if out.len() as u64 != entry.size {
            return Err(ZipReason::EntryDamaged(format!("it unpacks to {} bytes where its header says {}", out.len(), entry.size)));
        }
        if crc32(&out) != entry.crc {
            return Err(ZipReason::EntryDamaged("its checksum does not match its contents".into()));
        }
        *budget -= out.len() as u64;
        Ok(out)
    }

    /// The archive's name, as given to [`open`].
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The CRC-32 the zip format stores for each entry (IEEE 802.3, reflected).
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8))
}

#[cfg(test)]
#[path = "../tests/common/zip_writer.rs"]
mod zip_writer;

#[cfg(test)]
mod tests {
    use super::zip_writer::{build, build_with, ZipEntry};
    use super::*;

    const LIMITS: ZipLimits = ZipLimits::DEFAULT;

    fn read_all(bytes: &[u8], limits: &ZipLimits) -> Vec<(String, Result<Vec<u8>, ZipReason>)> {
        let archive = open("a.zip", bytes, limits).expect("opens");
        let mut budget = limits.total_bytes;
        archive.entries.iter().map(|e| (e.name.clone(), archive.read(e, &mut budget, limits).map_err(|e| e.reason))).collect()
    }

    #[test]
    fn crc32_is_the_zip_checksum() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"Hyesan"), zip_writer::crc32(b"Hyesan"));
    }

    #[test]
    fn stored_and_deflated_entries_read_back() {
        let text = "Smugglers in Hyesan. ".repeat(50);
        let bytes = build(&[ZipEntry::stored("a.txt", b"plain"), ZipEntry::folder("dir/"), ZipEntry::deflated("dir/b.txt", text.as_bytes())]);
        let got = read_all(&bytes, &LIMITS);
        assert_eq!(got[0], ("a.txt".into(), Ok(b"plain".to_vec())));
        assert_eq!(got[1].0, "dir/");
        assert_eq!(got[2], ("dir/b.txt".into(), Ok(text.into_bytes())));
        assert!(open("a.zip", &bytes, &LIMITS).unwrap().entries[1].is_dir);
    }

    #[test]
    fn a_comment_or_bytes_before_the_archive_do_not_hide_it() {
        let bytes = build_with(&[ZipEntry::deflated("a.txt", b"hello")], b"a comment with PK\x05\x06 inside", b"#!/bin/sh\nexit 0\n");
        assert_eq!(read_all(&bytes, &LIMITS)[0].1, Ok(b"hello".to_vec()));
    }

    #[test]
    fn not_a_zip_and_a_cut_archive_are_told_apart() {
        assert_eq!(open("x.zip", b"just text", &LIMITS).unwrap_err().reason, ZipReason::NotAZip);
        assert_eq!(open("x.zip", b"", &LIMITS).unwrap_err().reason, ZipReason::NotAZip);
        let bytes = build(&[ZipEntry::stored("a.txt", b"hello")]);
        let cut = open("x.zip", &bytes[..bytes.len() - 10], &LIMITS).unwrap_err();
        assert!(matches!(&cut.reason, ZipReason::Damaged(d) if d.contains("cut short")), "{cut}");
        assert!(cut.to_string().starts_with("x.zip: the zip archive is damaged"), "{cut}");
    }

    #[test]
    fn a_cut_archive_is_not_mistaken_for_the_zip_stored_inside_it() {
        let inner = build(&[ZipEntry::stored("inner.txt", b"inside")]);
        let outer = build(&[ZipEntry::stored("a.txt", b"outside"), ZipEntry::stored("inner.zip", &inner)]);
        let cut = open("x.zip", &outer[..outer.len() - 30], &LIMITS).unwrap_err();
        assert!(matches!(&cut.reason, ZipReason::Damaged(d) if d.contains("cut short")), "{cut}");
        // Whole, it is the outer archive.
        let names: Vec<String> = open("x.zip", &outer, &LIMITS).unwrap().entries.into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["a.txt", "inner.zip"]);
    }

    #[test]
    fn a_directory_that_breaks_off_keeps_the_entries_before() {
        let mut bytes = build(&[ZipEntry::stored("a.txt", b"one"), ZipEntry::stored("b.txt", b"two")]);
        // Break the second central record's signature.
        let second = bytes.windows(4).rposition(|w| w == [0x50, 0x4b, 0x01, 0x02]).unwrap();
        bytes[second] = b'X';
        let archive = open("a.zip", &bytes, &LIMITS).unwrap();
        assert_eq!(archive.entries.len(), 1);
        let damage = archive.damage.unwrap();
        assert!(damage.reason.to_string().contains("breaks off at entry 2 of 2"), "{damage}");
    }

    #[test]
    fn each_refusal_is_named() {
        let mut encrypted = ZipEntry::stored("secret.txt", b"x");
        encrypted.flags = 1;
        let mut bzip = ZipEntry::stored("b.txt", b"x");
        bzip.method = 12;
        let mut bad_crc = ZipEntry::stored("crc.txt", b"hello");
        bad_crc.crc = Some(7);
        let mut liar = ZipEntry::deflated("liar.txt", b"hello hello");
        liar.size = Some(3);
        let bytes = build(&[encrypted, bzip, bad_crc, liar, ZipEntry::stored("ok.txt", b"fine")]);
        let got = read_all(&bytes, &LIMITS);
        assert_eq!(got[0].1, Err(ZipReason::Encrypted));
        assert_eq!(got[1].1, Err(ZipReason::UnsupportedMethod { method: 12, name: "bzip2" }));
        assert!(got[1].1.as_ref().unwrap_err().to_string().contains("bzip2 (zip method 12)"));
        assert!(matches!(&got[2].1, Err(ZipReason::EntryDamaged(d)) if d.contains("checksum")), "{:?}", got[2]);
        // Unpacked, it is longer than its header says: damaged, and said how.
        assert!(matches!(&got[3].1, Err(ZipReason::EntryDamaged(d)) if d.contains("more than the 3 bytes")), "{:?}", got[3]);
        assert_eq!(got[4].1, Ok(b"fine".to_vec()));
    }

    #[test]
    fn inflating_stops_at_the_declared_size_and_the_declared_size_at_the_limit() {
        let limits = ZipLimits { entries: 10, entry_bytes: 1_000, total_bytes: 10_000 };
        let mut bomb = ZipEntry::deflated("bomb.txt", &vec![b'a'; 100_000]);
        bomb.size = Some(10); // lies: small enough to pass the declared-size check
        let honest = ZipEntry::deflated("big.txt", &vec![b'a'; 2_000]);
        let mut empty = ZipEntry::deflated("empty.txt", b"not empty");
        empty.size = Some(0);
        let got = read_all(&build(&[bomb, honest, empty]), &limits);
        assert_eq!(got[0].1, Err(ZipReason::EntryDamaged("it unpacks to more than the 10 bytes its header says".into())));
        assert_eq!(got[1].1, Err(ZipReason::TooLarge { bytes: 2_000, limit: 1_000 }));
        assert!(got[1].1.as_ref().unwrap_err().to_string().contains("a file may be at most 0.0 MB"));
        assert!(matches!(&got[2].1, Err(ZipReason::EntryDamaged(_))), "{:?}", got[2]);
    }

    #[test]
    fn the_total_is_charged_entry_by_entry() {
        let limits = ZipLimits { entries: 10, entry_bytes: 1_000, total_bytes: 1_500 };
        let entries: Vec<ZipEntry> = (0..3).map(|i| ZipEntry::deflated(&format!("{i}.txt"), &[b'x'; 600])).collect();
        let got = read_all(&build(&entries), &limits);
        assert!(got[0].1.is_ok() && got[1].1.is_ok());
        assert_eq!(got[2].1, Err(ZipReason::OverTotal { limit: 1_500 }));
        // What a refused entry would have cost is not charged: a smaller one still fits.
        let small = ZipEntry::deflated("3.txt", &[b'x'; 200]);
        let got = read_all(&build(&[entries[0].clone(), entries[1].clone(), entries[2].clone(), small]), &limits);
        assert_eq!(got[2].1, Err(ZipReason::OverTotal { limit: 1_500 }));
        assert!(got[3].1.is_ok());
    }

    #[test]
    fn entries_sharing_one_block_are_refused() {
        let mut entries = vec![ZipEntry::deflated("0.txt", &[b'z'; 5_000])];
        for i in 1..50 {
            let mut e = ZipEntry::deflated(&format!("{i}.txt"), &[b'z'; 5_000]);
            e.share_with = Some(0);
            entries.push(e);
        }
        let got = read_all(&build(&entries), &LIMITS);
        assert!(got[0].1.is_ok());
        assert!(got[1..].iter().all(|(_, r)| *r == Err(ZipReason::Overlaps)));
    }

    #[test]
    fn entries_past_the_count_limit_are_left_out() {
        let limits = ZipLimits { entries: 3, ..ZipLimits::DEFAULT };
        let entries: Vec<ZipEntry> = (0..5).map(|i| ZipEntry::stored(&format!("{i}.txt"), b"x")).collect();
        let bytes = build(&entries);
        let archive = open("a.zip", &bytes, &limits).unwrap();
        assert_eq!((archive.entries.len(), archive.entries_left_out), (3, 2));
    }

    #[test]
    fn zip64_and_split_archives_are_refused_by_name() {
        let mut bytes = build(&[ZipEntry::stored("a.txt", b"x")]);
        let end = bytes.len() - END_LEN;
        let mut split = bytes.clone();
        split[end + 4] = 1; // this disk's number
        assert_eq!(open("s.zip", &split, &LIMITS).unwrap_err().reason, ZipReason::Split);
        // A zip64 locator just before the end record.
        let mut locator = 0x0706_4b50u32.to_le_bytes().to_vec();
        locator.extend([0u8; 16]);
        let tail = bytes.split_off(end);
        bytes.extend(locator);
        bytes.extend(tail);
        assert_eq!(open("z.zip", &bytes, &LIMITS).unwrap_err().reason, ZipReason::Zip64);
        let mut big = ZipEntry::stored("big.txt", b"x");
        big.size = Some(0xFFFF_FFFF);
        assert_eq!(read_all(&build(&[big]), &LIMITS)[0].1, Err(ZipReason::Zip64Entry));
    }

    #[test]
    fn names_are_utf8_or_code_page_437() {
        assert_eq!(entry_name("폴더/기사.txt".as_bytes(), false), "폴더/기사.txt");
        assert_eq!(entry_name(b"caf\x82.txt", false), "café.txt");
        assert_eq!(entry_name(b"dir\\a.txt", false), "dir/a.txt");
        assert_eq!(entry_name(b"./a.txt", false), "a.txt");
        assert_eq!(entry_name(b"\xff.txt", true), "\u{FFFD}.txt");
        assert_eq!((cp437(0x80), cp437(0xFF), cp437(b'a')), ('Ç', '\u{A0}', 'a'));
    }

    #[test]
    fn data_past_the_end_is_damage_not_a_panic() {
        let mut bytes = build(&[ZipEntry::stored("a.txt", b"hello world")]);
        // Declare a compressed size far past the end, in the central record.
        let central = bytes.windows(4).position(|w| w == [0x50, 0x4b, 0x01, 0x02]).unwrap();
        bytes[central + 20..central + 24].copy_from_slice(&0x7FFF_0000u32.to_le_bytes());
        let got = read_all(&bytes, &LIMITS);
        assert!(matches!(&got[0].1, Err(ZipReason::EntryDamaged(d)) if d.contains("past the end")), "{:?}", got[0]);
    }
}
