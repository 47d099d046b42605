//! Plain `.txt` files are articles: a title line and text are enough. The
//! source and date come from a byline or dateline near the top when there is
//! one, else the file name and no date (each with a warning); the id is the
//! file's stem and a hash of its text. Real files from `../shared/real-corpus/raw-txt`
//! when this machine has them (skipped cleanly when not), and hand-made ones.

use proptest::prelude::*;
use tumen_core::ingest::{ingest_bytes, ingest_file, text_id};
use tumen_core::{Date, Loaded, Severity};

fn one(name: &str, text: &str) -> Loaded {
    let loaded = ingest_file(name, text).unwrap();
    assert_eq!(loaded.articles.len(), 1, "{name}: {:#?}", loaded.problems);
    assert_eq!(loaded.rejected(), 0, "{name}: {:#?}", loaded.problems);
    loaded
}

fn warning<'a>(loaded: &'a Loaded, field: &str) -> Option<&'a str> {
    loaded.problems.iter().find(|p| p.field == field && p.severity == Severity::Warning).map(|p| p.message.as_str())
}

fn date(year: u16, month: u8, day: u8) -> Option<Date> {
    Some(Date { year, month, day })
}

/// `../shared/real-corpus/raw-txt` beside the workspace, if this machine has it (never bundled).
fn real_txt(name: &str) -> Option<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-corpus/raw-txt").join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("skipped: {} is not on this machine", path.display());
            None
        }
    }
}

#[test]
fn the_real_korean_new_year_files_are_articles() {
    // (file, title, source, date): 1999 names its papers and date under the title; the
    // addresses of 2016 and 2019 name neither (their years appear only inside sentences).
    let table: &[(&str, &str, &str, Option<Date>)] = &[
        ("nkny-1999.txt", "올해를 강성대국건설의 위대한 전환의 해로 빛내이자", "Rodong Sinmun", date(1999, 1, 1)),
        ("nkny-2016.txt", "친애하는 동지들！", "nkny-2016.txt", None),
        ("nkny-2019.txt", "사랑하는 온 나라 인민들과 인민군장병들!", "nkny-2019.txt", None),
    ];
    for &(file, title, source, when) in table {
        let Some(bytes) = real_txt(file) else { continue };
        let parts = ingest_bytes(&format!("raw-txt/{file}"), &bytes);
        assert_eq!(parts.len(), 1);
        let loaded = &parts[0];
        assert_eq!((loaded.articles.len(), loaded.rejected()), (1, 0), "{file}: {:#?}", loaded.problems);
        let a = &loaded.articles[0];
        assert_eq!((a.title.as_str(), a.source.as_str(), a.date), (title, source, when), "{file}");
        assert!(a.id.starts_with(&format!("{}-", file.trim_end_matches(".txt"))), "{}", a.id);
        assert!(a.body.len() > 20, "{file}: {} paragraphs", a.body.len());
        assert_eq!(warning(loaded, "source").is_some(), source.ends_with(".txt"), "{file}: {:#?}", loaded.problems);
        assert_eq!(warning(loaded, "date").is_some(), when.is_none(), "{file}: {:#?}", loaded.problems);
    }
}

#[test]
fn a_korean_byline_gives_the_source_and_date() {
    let text = "혜산 장마당 쌀값 또 올라\n\n2024년 3월 5일 데일리NK\n\n양강도 혜산시 장마당에서 쌀값이 한주 사이에 또 올랐다고 소식통이 전했다.\n";
    let loaded = one("혜산.txt", text);
    let a = &loaded.articles[0];
    assert_eq!((a.title.as_str(), a.source.as_str(), a.date), ("혜산 장마당 쌀값 또 올라", "Daily NK", date(2024, 3, 5)));
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    // The byline is kept as text: the reader sees what the file says.
    assert_eq!(a.body[0].text(), "2024년 3월 5일 데일리NK");
}

#[test]
fn datelines_give_the_source_and_a_date_only_when_it_has_a_year() {
    let yonhap = one("y.txt", "N. Korea fires missile\n\nSEOUL, March 5, 2024 (Yonhap) -- North Korea fired a short-range ballistic missile toward the East Sea on Tuesday, the military said.\n");
    assert_eq!((yonhap.articles[0].source.as_str(), yonhap.articles[0].date), ("Yonhap", date(2024, 3, 5)));
    let kcna = one("k.txt", "Farmers step up rice transplanting\n\nPyongyang, May 20 (KCNA) -- Farmers across the country are stepping up rice transplanting.\n");
    assert_eq!((kcna.articles[0].source.as_str(), kcna.articles[0].date), ("KCNA", None));
    assert!(warning(&kcna, "date").is_some_and(|m| m.contains("kept undated")), "{:#?}", kcna.problems);
    let korean = one("kk.txt", "모내기 본격화\n\n(평양 5월 20일발 조선중앙통신) 전국의 농업근로자들이 모내기를 본격적으로 벌리고있다.\n");
    assert_eq!(korean.articles[0].source, "KCNA");
    let rodong = one("r.txt", "사설\n\n로동신문 2019년 1월 1일\n\n본문이다.\n");
    assert_eq!((rodong.articles[0].source.as_str(), rodong.articles[0].date), ("Rodong Sinmun", date(2019, 1, 1)));
}

#[test]
fn a_name_or_date_inside_the_story_is_not_taken() {
    // A Daily NK-style story quoting the Rodong Sinmun, with the date of an event further down.
    let text = "Markets react to new rules\n\nThe Rodong Sinmun said on Tuesday that the new market rules would protect consumers, a claim traders in Hyesan doubted.\n\nTraders said prices rose.\n\nOne recalled the floods.\n\nAnother said little.\n\nOn August 30, 2016 the river rose.\n";
    let loaded = one("markets.txt", text);
    let a = &loaded.articles[0];
    assert_eq!((a.source.as_str(), a.date), ("markets.txt", None));
    assert!(warning(&loaded, "source").is_some() && warning(&loaded, "date").is_some());
}

#[test]
fn the_aggregators_format_is_not_warned_about_its_missing_date() {
    let seed = include_str!("fixtures/seed_article.txt");
    let loaded = one("data/seeds/000_b090cfe6db353073.txt", seed);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.articles[0].date, None);
}

#[test]
fn ids_are_the_stem_and_a_hash_of_the_text() {
    let a = text_id("dir/My notes.txt", "Title\n\nText.\n");
    assert!(a.starts_with("My-notes-") && a.len() == "My-notes-".len() + 8, "{a}");
    assert_eq!(a, text_id("other/My notes.txt", "\u{feff}Title\r\n\r\nText.\r\n"), "line ends and a BOM do not change it");
    assert_ne!(a, text_id("dir/My notes.txt", "Title\n\nOther text.\n"));
    assert_eq!(one("dir/My notes.txt", "Title\n\nText.\n").articles[0].id, a);
    let long = text_id(&format!("{}.txt", "x".repeat(500)), "T\n\nx\n");
    assert!(long.chars().count() <= 200, "ids travel in links");
    assert_eq!(text_id(".txt", "T\n\nx\n").len(), 8, "no stem: the hash alone");
}

#[test]
fn a_file_that_is_one_paragraph_is_still_an_article() {
    let text = "Rain flooded parts of Sinuiju overnight, and residents of riverside neighbourhoods were moved to schools on higher ground while the Yalu kept rising through the morning, officials said. More rain is expected.";
    let loaded = one("rain.txt", text);
    assert_eq!(loaded.articles[0].title, "Rain flooded parts of Sinuiju overnight, and residents of riverside neighbourhoods were moved to schools on higher ground while the Yalu kept rising…");
    assert_eq!(loaded.articles[0].body.len(), 1);
}

proptest! {
    /// Whatever the text under a title line, a plain file is one article, never
    /// rejected for lacking a source or a date.
    #[test]
    fn a_title_and_any_text_is_one_article(title in "[A-Za-z가-힣][A-Za-z가-힣0-9 ,.'-]{0,60}", body in "(?s)[^\u{0}]{1,400}") {
        prop_assume!(body.chars().any(|c| !c.is_whitespace() && !c.is_control()));
        let text = format!("{title}\n\n{body}\n");
        let loaded = ingest_file("p.txt", &text).unwrap();
        let errors: Vec<_> = loaded.problems.iter().filter(|p| p.severity == Severity::Error).collect();
        prop_assert!(errors.iter().all(|p| p.field != "source" && p.field != "date"), "{:?}", errors);
        if errors.is_empty() {
            prop_assert_eq!(loaded.articles.len(), 1);
        }
    }
}
