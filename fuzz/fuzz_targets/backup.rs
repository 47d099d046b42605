//! A backup file handed to "Restore a backup": any bytes are either refused with
//! an error naming the file, or read into a backup whose every file belongs to a
//! collection it has, and which reads back as itself once written again.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tumen_core::desk::{Backup, BACKUP_FORMAT, BACKUP_VERSION};

fuzz_target!(|data: &[u8]| {
    let text = tumen_fuzz::text(data);
    match Backup::parse("fuzz.json", &text) {
        Err(e) => assert!(e.to_string().starts_with("fuzz.json"), "an error that does not name the file: {e}"),
        Ok(backup) => {
            assert_eq!((backup.format.as_str(), backup.version), (BACKUP_FORMAT, BACKUP_VERSION));
            for f in &backup.files {
                assert!(backup.collections.iter().any(|c| c.id == f.collection), "file {:?} without its collection", f.name);
                assert!(f.articles.is_some(), "file {:?} not counted", f.name);
            }
            let again = Backup::parse("again.json", &backup.to_json());
            assert_eq!(again.as_ref(), Ok(&backup), "a restored backup, written again, reads back otherwise");
        }
    }
});
