//! Work kept beside a collection (bytes in IndexedDB, read back on the next visit): that of
//! eight sample articles, overwritten, cut, spliced or replaced. Damaged bytes are refused
//! whole (without a panic); bytes used give the library one built without them. With the selector's high bit
//! the checksum is made right again after the edit, so the decoder behind it is fuzzed too:
//! then it must only never panic and keep every article.
//! Input: [edit kind, offset lo, offset hi, bytes...].
#![no_main]
use libfuzzer_sys::fuzz_target;
use tumen_core::bundle::library::{AddedGroup, Library};
use tumen_core::index::Query;

fuzz_target!(|data: &[u8]| {
    let [edit, lo, hi, bytes @ ..] = data else { return };
    let sample = tumen_fuzz::sample_work();
    let resealed = edit & 0x80 != 0;
    let mut file = sample.bytes.clone();
    if resealed {
        file.truncate(file.len().saturating_sub(8));
    }
    tumen_fuzz::damage(&mut file, *edit, u16::from_le_bytes([*lo, *hi]) as usize, bytes);
    if resealed {
        tumen_core::bundle::work::seal(&mut file);
    }
    let mut library = Library::from_articles(Vec::new(), Vec::new());
    if library.keep_work("k", &file, &sample.stamp).is_err() {
        // Refused: the library is built as without it (no need to run that each time).
        return;
    }
    let group = AddedGroup { key: "k".into(), articles: sample.articles.clone() };
    let library = library.with_added_groups(vec![group], Vec::new(), &[]);
    assert_eq!(library.summary().added, sample.articles.len());
    if !resealed {
        assert_eq!(library.run(&Query::default()), sample.fresh, "kept work that was used changed the library");
    }
});
