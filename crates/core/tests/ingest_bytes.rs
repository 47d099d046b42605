//! `ingest_bytes`: a dropped file's bytes in, articles and named problems out,
//! for text files and `.zip` archives of them (built here with a tiny writer:
//! no binary fixtures). Every refusal says what and why, and never stops the
//! rest of the archive; nothing panics, whatever the bytes (proptest below,
//! libFuzzer in `fuzz/fuzz_targets/zip.rs`).

#[path = "common/zip_writer.rs"]
mod zip_writer;

use proptest::prelude::*;
use tumen_core::ingest::{ingest_bytes, ingest_bytes_with, ingest_file, merge};
use tumen_core::limits::ZipLimits;
use tumen_core::{Loaded, Problem, Severity};
use zip_writer::{build, ZipEntry};

const PLAIN: &str = "Rice prices climb in Hyesan\n\nTraders in Hyesan said rice rose again this week.\n";
const LINES: &str = concat!(
    r#"{"id": "l1", "title": "One", "date": "2024-03-05", "source": "Daily NK", "summary": "First."}"#,
    "\n",
    r#"{"id": "l2", "title": "Two", "date": null, "source": "Daily NK", "summary": "Second."}"#,
    "\n"
);
const CORPUS: &str = r#"{"version": 1, "articles": [{"id": "c1", "title": "Three", "source": "NK News", "summary": "Third."}]}"#;

fn file_problems(parts: &[Loaded]) -> Vec<&Problem> {
    parts.iter().flat_map(|l| &l.problems).filter(|p| p.field == "(file)").collect()
}

fn problem_for<'a>(parts: &'a [Loaded], file: &str) -> &'a Problem {
    file_problems(parts).into_iter().find(|p| p.file == file).unwrap_or_else(|| panic!("no problem for {file}: {parts:#?}"))
}

#[test]
fn a_zip_of_folders_gives_every_article_and_skips_the_rest_with_one_warning() {
    let bytes = build(&[
        ZipEntry::folder("reports/"),
        ZipEntry::deflated("reports/hyesan.txt", PLAIN.as_bytes()),
        ZipEntry::stored("reports/lines.jsonl", LINES.as_bytes()),
        ZipEntry::deflated("corpus.json", CORPUS.as_bytes()),
        ZipEntry::stored("__MACOSX/reports/._hyesan.txt", b"\x00\x05\x16\x07"),
        ZipEntry::stored(".DS_Store", b"\x00\x00\x00\x01Bud1"),
        ZipEntry::stored("reports/photo.jpg", b"\xff\xd8\xff\xe0"),
        ZipEntry::stored("reports/inner.zip", &build(&[ZipEntry::stored("x.txt", PLAIN.as_bytes())])),
    ]);
    let parts = ingest_bytes("Reports.ZIP", &bytes);
    let (corpus, problems) = merge(parts.clone());
    let mut ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids.len(), 4, "{problems:#?}");
    assert!(ids.contains(&"c1") && ids.contains(&"l1") && ids.contains(&"l2") && ids.iter().any(|id| id.starts_with("hyesan-")), "{ids:?}");
    // Entries are named by their path inside the archive.
    assert!(parts.iter().any(|l| l.file == "reports/hyesan.txt" && l.articles.len() == 1));
    assert!(problems.iter().any(|p| p.file == "reports/hyesan.txt" && p.field == "source"), "{problems:#?}");
    // One warning on the archive counts what was skipped; folders are not counted.
    let skipped = problem_for(&parts, "Reports.ZIP");
    assert_eq!(skipped.severity, Severity::Warning);
    assert_eq!(skipped.message, "3 entries skipped, as not article files: 1 file of another type (photo.jpg), 2 hidden or Mac system files");
    // A zip inside is skipped with its own warning, by its path.
    let inner = problem_for(&parts, "reports/inner.zip");
    assert_eq!((inner.severity, inner.message.as_str()), (Severity::Warning, "a zip inside the zip is not opened: unzip it and add what is inside"));
}

#[test]
fn an_entry_that_cannot_be_read_is_named_and_the_rest_still_load() {
    let mut encrypted = ZipEntry::deflated("secret.txt", PLAIN.as_bytes());
    encrypted.flags = 1;
    let mut lzma = ZipEntry::stored("lzma.jsonl", LINES.as_bytes());
    lzma.method = 14;
    let mut damaged = ZipEntry::deflated("damaged.txt", PLAIN.as_bytes());
    damaged.crc = Some(1);
    let bytes = build(&[encrypted, lzma, damaged, ZipEntry::stored("ok.json", CORPUS.as_bytes())]);
    let parts = ingest_bytes("mixed.zip", &bytes);
    let (corpus, _) = merge(parts.clone());
    assert_eq!(corpus.articles.len(), 1);
    let expect = [
        ("secret.txt", "not read: it is encrypted (password-protected); unzip it and add the files themselves"),
        ("lzma.jsonl", "not read: it is compressed with LZMA (zip method 14), which this reader does not unpack; zip it again with ordinary compression (deflate)"),
        ("damaged.txt", "not read: the entry is damaged (its checksum does not match its contents)"),
    ];
    for (file, message) in expect {
        let p = problem_for(&parts, file);
        assert_eq!((p.severity, p.message.as_str(), p.article_id.as_ref()), (Severity::Error, message, None));
    }
}

#[test]
fn an_archive_that_cannot_be_opened_is_one_named_problem() {
    let not_zip = ingest_bytes("notes.zip", b"This is not an archive at all.");
    assert_eq!(not_zip.len(), 1);
    assert!(not_zip[0].articles.is_empty());
    assert_eq!(not_zip[0].problems.len(), 1);
    let p = &not_zip[0].problems[0];
    assert_eq!((p.file.as_str(), p.field.as_str(), p.severity), ("notes.zip", "(file)", Severity::Error));
    assert_eq!(p.message, "not a zip archive: it has no zip table of contents");

    let whole = build(&[ZipEntry::stored("a.txt", PLAIN.as_bytes())]);
    let cut = ingest_bytes("cut.zip", &whole[..whole.len() / 2]);
    assert!(cut[0].problems[0].message.starts_with("the zip archive is damaged"), "{:?}", cut[0].problems);
    assert!(!cut[0].problems[0].message.contains("cut.zip"), "the report names the file already");

    let images = ingest_bytes("photos.zip", &build(&[ZipEntry::stored("a.png", b"png"), ZipEntry::folder("d/")]));
    assert_eq!(images.len(), 1);
    let p = &images[0].problems[0];
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.message, "the archive has no article files (.txt, .json, .jsonl or .ndjson) inside; 1 entry skipped, as not article files: 1 file of another type (a.png)");
}

#[test]
fn limits_refuse_by_name_and_keep_what_fits() {
    // PLAIN is 79 bytes: one fits in the total, two do not.
    let limits = ZipLimits { entries: 3, entry_bytes: 200, total_bytes: 120 };
    let big = "x".repeat(300);
    let bytes = build(&[
        ZipEntry::deflated("big.txt", format!("Big\n\n{big}\n").as_bytes()),
        ZipEntry::stored("a.txt", PLAIN.as_bytes()),
        ZipEntry::stored("b.txt", PLAIN.as_bytes()),
        ZipEntry::stored("c.txt", PLAIN.as_bytes()),
    ]);
    let parts = ingest_bytes_with("many.zip", &bytes, &limits);
    let (corpus, _) = merge(parts.clone());
    // big.txt is over the entry limit, b.txt over what is left of the total, c.txt past the count.
    assert_eq!(corpus.articles.len(), 1, "{parts:#?}");
    assert!(problem_for(&parts, "big.txt").message.starts_with("not read: it is 0.0 MB once unzipped, and a file may be at most 0.0 MB"));
    assert!(problem_for(&parts, "b.txt").message.starts_with("not read: the archive's files come to more than 0.0 MB once unzipped"));
    let count = problem_for(&parts, "many.zip");
    assert_eq!((count.severity, count.message.as_str()), (Severity::Error, "the archive lists 4 entries; only the first 3 were read (split it into smaller archives)"));
}

#[test]
fn a_bomb_is_refused_without_being_unpacked() {
    // 64 MB of one letter deflates to about 64 kB; its header says so honestly: refused before inflating.
    let mut honest = ZipEntry::stored("huge.txt", b"");
    honest.size = Some(65 * 1024 * 1024);
    // A liar says 100 bytes: inflating stops there.
    let mut liar = ZipEntry::deflated("liar.txt", &vec![b'a'; 1024 * 1024]);
    liar.size = Some(100);
    let bytes = build(&[honest, liar]);
    let started = std::time::Instant::now();
    let parts = ingest_bytes("bomb.zip", &bytes);
    assert!(started.elapsed().as_secs_f64() < 0.5, "took {:?}", started.elapsed());
    assert_eq!(problem_for(&parts, "huge.txt").message, "not read: it is 65.0 MB once unzipped, and a file may be at most 64.0 MB");
    assert_eq!(problem_for(&parts, "liar.txt").message, "not read: the entry is damaged (it unpacks to more than the 100 bytes its header says)");
}

#[test]
fn text_files_are_decoded_and_dispatched_by_extension() {
    let plain = ingest_bytes("a.txt", PLAIN.as_bytes());
    assert_eq!(plain, vec![ingest_file("a.txt", PLAIN).unwrap()]);
    // A UTF-8 byte-order mark changes nothing; a UTF-16 file (with its mark) reads the same.
    let bom = [b"\xEF\xBB\xBF".as_slice(), PLAIN.as_bytes()].concat();
    assert_eq!(ingest_bytes("a.txt", &bom), plain);
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(PLAIN.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(ingest_bytes("a.txt", &utf16), plain);
    let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("혜산\n\n장마당".encode_utf16().flat_map(u16::to_be_bytes)).collect();
    assert_eq!(ingest_bytes("k.txt", &utf16be)[0].articles[0].title, "혜산");
    // Bytes that are not UTF-8 read as U+FFFD, with the existing warning first.
    let latin1 = ingest_bytes("l.txt", b"Sin\xfbiju\n\nText.\n");
    assert_eq!(latin1[0].articles.len(), 1);
    assert!(latin1[0].problems[0].message.starts_with("1 character could not be read as UTF-8"), "{:?}", latin1[0].problems);
    assert_eq!(ingest_bytes("lines.NDJSON", LINES.as_bytes())[0].articles.len(), 2);
}

#[test]
fn a_file_that_cannot_be_read_does_not_repeat_its_name() {
    let broken = ingest_bytes("broken.json", b"{\"version\": 1,\n \"articles\": [");
    let p = &broken[0].problems[0];
    assert_eq!((p.file.as_str(), p.field.as_str(), p.severity), ("broken.json", "(file)", Severity::Error));
    assert!(p.message.starts_with("not valid JSON at line 2, column"), "{}", p.message);
    let other = ingest_bytes("notes.docx", b"PK\x03\x04");
    assert_eq!(other[0].problems[0].message, "not a file this reader reads: it reads .txt, .json, .jsonl, .ndjson and .zip files");
    let empty = ingest_bytes("empty.json", b"");
    assert_eq!(empty[0].problems[0].message, "the file is empty: it has no articles");
}

#[test]
fn entry_names_in_korean_or_an_old_code_page_are_kept() {
    let mut cp437 = ZipEntry::stored("x", PLAIN.as_bytes());
    cp437.name = b"caf\x82.txt".to_vec();
    let bytes = build(&[ZipEntry::stored("기사/혜산.txt", "혜산 장마당\n\n쌀값이 올랐다.\n".as_bytes()), cp437]);
    let parts = ingest_bytes("k.zip", &bytes);
    let files: Vec<&str> = parts.iter().map(|l| l.file.as_str()).collect();
    assert_eq!(files, ["기사/혜산.txt", "café.txt"]);
    assert!(parts[0].articles[0].id.starts_with("혜산-"), "{}", parts[0].articles[0].id);
}

#[test]
fn the_same_archive_gives_the_same_result_and_ids_do_not_collide() {
    // Two different files of one name in two folders: two articles, two ids.
    let bytes = build(&[
        ZipEntry::stored("a/notes.txt", b"Notes one\n\nFirst text.\n"),
        ZipEntry::stored("b/notes.txt", b"Notes two\n\nSecond text.\n"),
        ZipEntry::stored("c/notes.txt", b"Notes one\n\nFirst text.\n"),
    ]);
    let one = ingest_bytes("n.zip", &bytes);
    assert_eq!(one, ingest_bytes("n.zip", &bytes));
    let (corpus, problems) = merge(one);
    assert_eq!(corpus.articles.len(), 2);
    // The same text again is the same article: its repeat is named where it is.
    assert!(problems.iter().any(|p| p.file == "c/notes.txt" && p.message.starts_with("duplicate id")), "{problems:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_zip_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        for loaded in ingest_bytes("p.zip", &bytes) {
            prop_assert!(!loaded.file.is_empty());
            for p in &loaded.problems {
                prop_assert!(!p.message.is_empty());
            }
        }
    }

    #[test]
    fn a_damaged_archive_never_panics_and_names_every_problem(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        cut_it in any::<bool>(),
    ) {
        let mut bytes = build(&[
            ZipEntry::deflated("a/one.txt", PLAIN.as_bytes()),
            ZipEntry::stored("two.jsonl", LINES.as_bytes()),
            ZipEntry::folder("a/"),
            ZipEntry::deflated("three.json", CORPUS.as_bytes()),
        ]);
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if cut_it {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let limits = ZipLimits { entries: 10, entry_bytes: 4_096, total_bytes: 8_192 };
        let parts = ingest_bytes_with("p.zip", &bytes, &limits);
        let articles: usize = parts.iter().map(|l| l.articles.len()).sum();
        prop_assert!(articles <= 4);
        for loaded in &parts {
            for p in &loaded.problems {
                prop_assert!(!p.file.is_empty());
                if p.field == "(file)" {
                    prop_assert!(!p.message.starts_with(&format!("{}:", p.file)), "{}", p.message);
                }
            }
        }
    }
}
