//! `.zip` archives as the reader drops them: any bytes give the articles of
//! the entries that can be read and a problem naming each one that cannot (or
//! the archive), never a panic, a hang or a buffer the size a header declares;
//! the same bytes always give the same result. Limits are smaller than the
//! reader's so executions stay fast; the code paths are the same.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tumen_core::limits::ZipLimits;

const LIMITS: ZipLimits = ZipLimits { entries: 256, entry_bytes: 256 * 1024, total_bytes: 1024 * 1024 };

fuzz_target!(|data: &[u8]| {
    let parts = tumen_core::ingest::ingest_bytes_with("fuzz.zip", data, &LIMITS);
    tumen_fuzz::check_ingested(&parts);
    let entries = tumen_core::zip::open("fuzz.zip", data, &LIMITS).map_or(0, |a| a.entries.len());
    assert!(parts.len() <= entries + 1, "one part per entry, and one for the archive");
    assert_eq!(parts, tumen_core::ingest::ingest_bytes_with("fuzz.zip", data, &LIMITS), "the same bytes give the same result");
});
