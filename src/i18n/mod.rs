//! The interface in English and Korean: every word the page shows comes from one
//! catalogue per language ([`en::EN`], [`ko::KO`]), a [`Strings`] whose fields a
//! catalogue cannot leave out. The language follows a link's `lang=`, then the reader's choice, then the browser.

pub mod en;
pub mod ko;

use std::cell::Cell;

use leptos::prelude::*;
use tumen_core::tags::EntityKind;
use tumen_core::Date;

use crate::protocol::{LoadError, Stage, StoreTrouble, Trouble};
use crate::view_model::{EntityRef, FacetKind};

pub use en::EN;
pub use ko::KO;

/// The interface's languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The code in links (`lang=ko`), in storage and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// "en", "ko", or a language tag whose primary language is one of them
    /// ("ko-KR", "en_GB", "KO"); anything else is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// The browser's preference (`navigator.languages`, most wanted first): the first
    /// language the interface has, English when none is Korean or English.
    pub fn from_browser<'a>(languages: impl IntoIterator<Item = &'a str>) -> Lang {
        languages.into_iter().find_map(Lang::from_code).unwrap_or_default()
    }

    /// The language's name in itself, for the language control.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Ko => &KO,
        }
    }
}

/// Every word of the interface in one language. Fixed text is a `&'static str`; text with
/// numbers, names or dates is a function, so each language orders and inflects it itself.
/// Data (article text, titles, sources, the core's problem messages) is never translated.
#[derive(Debug)]
pub struct Strings {
    pub lang: Lang,
    /// In Korean, entities are named by their Hangul name where the gazetteer has one.
    pub hangul_names: bool,

    // The page: masthead, footer, layout.
    pub document_title: &'static str,
    pub skip_to_content: &'static str,
    pub tagline: &'static str,
    /// The language control's label (its accessible name always contains "Language").
    pub language: &'static str,
    pub footer_privacy: &'static str,
    pub footer_places: &'static str,
    pub footer_map_credit: &'static str,
    pub filters: &'static str,
    pub show_filters: &'static str,
    pub filters_active: fn(usize) -> String,
    pub no_such_article: fn(&str) -> String,
    pub where_and_when: &'static str,
    /// The toggles over the results that show or hide the province map and the trends.
    pub charts_shown: &'static str,
    pub show_map: &'static str,
    pub show_trends: &'static str,

    // Search box.
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    /// The placeholder where the full one would be cut off (phones).
    pub search_placeholder_short: &'static str,

    // The result list.
    pub searching: &'static str,
    pub count_all: fn(usize) -> String,
    pub count_none: &'static str,
    pub count_match: fn(usize, usize) -> String,
    pub results_heading: &'static str,
    /// No article has every word: (words the results have, words searched).
    pub relaxed: fn(usize, usize) -> String,
    /// The close spellings also searched, already listed ("smugling → smuggling").
    pub corrections: fn(&str) -> String,
    /// Over the articles listed after the results, that have every word searched but one.
    pub near_heading: &'static str,
    pub nothing_matches: &'static str,
    pub nothing_matches_hint: &'static str,
    pub show_all_articles: &'static str,
    pub undated: &'static str,
    pub provinces_and_topics: &'static str,
    pub pages_of_results: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub page_of: fn(usize, usize) -> String,
    pub sort: &'static str,
    pub most_relevant: &'static str,
    pub newest_first: &'static str,
    pub oldest_first: &'static str,

    // Facets and the active filters.
    pub facet_title: fn(FacetKind) -> &'static str,
    pub nothing_to_filter: &'static str,
    pub show_fewer: &'static str,
    pub show_all_values: fn(usize) -> String,
    pub active_filters: &'static str,
    /// The chip's accessible name: (facet, value).
    pub remove_filter: fn(&str, &str) -> String,
    pub clear_all: &'static str,
    pub chip_search: &'static str,
    pub quoted: fn(&str) -> String,
    pub date_title: &'static str,
    pub date_range: fn(&str, &str) -> String,
    pub date_from_only: fn(&str) -> String,
    pub date_until_only: fn(&str) -> String,
    pub dated_only: &'static str,

    // Dates.
    pub date: fn(Date) -> String,
    /// A timeline bar's month: (year, month from 1).
    pub month: fn(u32, u32) -> String,
    pub year: fn(u32) -> String,

    // The date filter and its timeline.
    pub from: &'static str,
    pub to: &'static str,
    pub any_date: &'static str,
    pub include_undated: &'static str,
    pub no_dated: &'static str,
    /// (dated articles, first bar's label, last bar's label).
    pub timeline_summary: fn(u32, &str, &str) -> String,
    /// (bar's label, articles).
    pub bar_title: fn(&str, u32) -> String,

    // The province map.
    pub province_map: &'static str,
    /// A province's accessible name: (id, English name, Hangul name as the map has it, reports).
    pub map_province: fn(&str, &str, &str, usize) -> String,
    pub map_hint: &'static str,
    pub map_none: &'static str,
    pub map_legend: &'static str,
    /// The group of city and county points on the map.
    pub map_places: &'static str,
    /// A point's accessible name: (the place's name, reports naming it).
    pub map_place: fn(&str, usize) -> String,
    /// The article's small map: (the places it names, as one list).
    pub article_map: fn(&str) -> String,

    // Names of things (data ids in the reader's language).
    /// A DPRK province by id, or `None` to keep the data's name.
    pub province_name: fn(&str) -> Option<&'static str>,
    /// A topic by id, or `None` to keep the data's name.
    pub topic_name: fn(&str) -> Option<&'static str>,
    pub kind_name: fn(EntityKind) -> &'static str,
    /// A highlighted name's title: "Hyesan — city in Ryanggang".
    pub entity_title: fn(&EntityRef) -> String,
    /// The entity panel's heading and detail line.
    pub entity_name: fn(&EntityRef) -> String,
    pub entity_detail: fn(&EntityRef) -> String,

    // The article.
    pub article_nav: &'static str,
    pub back_to_results: &'static str,
    pub article_unavailable: &'static str,
    pub opening_article: &'static str,
    pub read_original: &'static str,
    pub opens_new_tab: &'static str,
    pub all_reports_about: fn(&str) -> String,
    pub why_topic: fn(&str) -> String,
    pub why_topics: &'static str,
    pub site_tags: &'static str,
    pub image_label: &'static str,
    pub finding_others: &'static str,
    pub no_others: &'static str,
    pub named_in_others: fn(usize) -> String,
    pub show_every_report: &'static str,
    pub close: &'static str,
    pub legend_label: &'static str,
    pub highlighted: &'static str,
    pub search_match: &'static str,
    pub legend_hint: &'static str,

    // The corpus report.
    /// (articles rejected, warnings).
    pub report_title: fn(usize, usize) -> String,
    pub report_more: fn(usize) -> String,
    pub report_heading: &'static str,
    pub problem_file: &'static str,
    /// Around an article's id: "Article “" and "”".
    pub problem_article: (&'static str, &'static str),
    /// An article without an id, by position from 1.
    pub problem_index: fn(usize) -> String,
    pub problem_rejected: &'static str,
    pub problem_kept: &'static str,
    pub problem_in: &'static str,
    pub problem_field: &'static str,
    /// What is wrong with an article or a file (the core's [`tumen_core::Issue`]).
    pub problem: fn(&tumen_core::Issue) -> String,

    // Adding articles.
    pub add_articles: &'static str,
    pub reading_files: &'static str,
    pub remove_added: &'static str,
    pub added: fn(usize) -> String,
    pub added_problems: &'static str,
    /// Problems that kept their article (and no record lost).
    pub added_warnings: fn(usize) -> String,
    pub added_kept: &'static str,
    pub added_not_kept: &'static str,
    /// (file, its size, the limit).
    pub refused_file: fn(&str, &str, &str) -> String,
    /// (file, the limit for one addition).
    pub refused_total: fn(&str, &str) -> String,

    // The desk: importing into collections.
    /// (files read, files).
    pub reading_progress: fn(usize, usize) -> String,
    /// Articles being written to the archive.
    pub storing_progress: fn(usize) -> String,
    /// Articles being tagged and indexed.
    pub indexing_progress: fn(usize) -> String,
    /// (articles, collection name).
    pub added_to: fn(usize, &str) -> String,
    pub duplicates_merged: fn(usize) -> String,
    /// Why the files were not kept (a worded [`StoreTrouble`]).
    pub added_not_kept_why: fn(&str) -> String,
    pub store_trouble: fn(&StoreTrouble) -> String,
    pub drop_files: &'static str,
    /// A collection made of several files.
    pub files_collection: fn(usize) -> String,

    // The desk: the archive panel.
    pub your_archive: &'static str,
    /// (collections, articles).
    pub archive_summary: fn(usize, usize) -> String,
    pub archive_empty: &'static str,
    /// (articles, files).
    pub collection_size: fn(usize, usize) -> String,
    pub show_collection: fn(&str) -> String,
    pub rename: &'static str,
    pub rename_collection: fn(&str) -> String,
    pub collection_name: &'static str,
    pub save_name: &'static str,
    pub cancel: &'static str,
    pub delete: &'static str,
    pub delete_collection: fn(&str) -> String,
    pub confirm_delete: fn(&str) -> String,
    pub confirm_remove_all: &'static str,
    pub remove: &'static str,
    pub storage_persisted: &'static str,
    pub storage_not_persisted: &'static str,
    /// (used, available), worded sizes.
    pub storage_used: fn(&str, &str) -> String,
    pub desk_unavailable: fn(&str) -> String,
    pub not_stored: fn(&str) -> String,
    pub backup: &'static str,
    pub restore: &'static str,
    pub backup_hint: &'static str,
    /// (collections, marked articles, saved searches).
    pub restored: fn(usize, usize, usize) -> String,
    pub restore_refused: fn(&tumen_core::desk::BackupError) -> String,
    /// (file name, records in it).
    pub downloaded: fn(&str, usize) -> String,

    // The desk: copies of one story.
    pub also_at: &'static str,
    pub show_copies: &'static str,

    // The desk: exporting the results.
    pub export: &'static str,
    pub export_corpus: &'static str,
    pub export_csv: &'static str,
    pub export_citations: &'static str,
    pub exporting: &'static str,

    // The desk: marks and notes.
    pub mark_save: &'static str,
    pub mark_read: &'static str,
    pub save_article: fn(&str) -> String,
    pub read_article: fn(&str) -> String,
    pub marked_read: &'static str,
    pub mark_unread: &'static str,
    pub note: &'static str,
    pub note_label: &'static str,
    pub note_hint: &'static str,
    pub note_saving: &'static str,
    pub note_saved: &'static str,
    pub has_note: &'static str,
    pub your_marks: &'static str,
    pub facet_unread: &'static str,
    pub facet_saved: &'static str,
    pub facet_noted: &'static str,

    // The desk: saved searches.
    pub saved_searches: &'static str,
    pub save_search: &'static str,
    pub search_name: &'static str,
    pub no_saved_searches: &'static str,
    pub new_matches: fn(usize) -> String,
    pub search_matches: fn(usize) -> String,
    pub delete_search: fn(&str) -> String,

    // Keeping articles offline.
    pub saving_offline: fn(f64) -> String,
    pub all_kept: &'static str,
    pub keep_all: &'static str,
    pub offline_copy: &'static str,
    pub cannot_keep_https: &'static str,
    /// (bytes kept, bytes in all, files kept, files in all).
    pub kept_summary: fn(&str, &str, usize, usize) -> String,
    pub saved_progress: &'static str,
    pub stop: &'static str,
    pub every_article_offline: &'static str,
    pub download_rest: fn(&str) -> String,
    pub browser_keeps: &'static str,
    pub browser_may_remove: &'static str,
    pub stop_keeping: &'static str,

    // Loading and failing.
    pub stage: fn(Stage) -> &'static str,
    pub loading_note: &'static str,
    pub nothing_lost: &'static str,
    pub add_own_articles: &'static str,
    pub showing_archive_only: &'static str,
    /// A headline and what to do.
    pub load_error: fn(&LoadError) -> (&'static str, String),
    pub trouble: fn(&Trouble) -> String,
    pub worker_could_not_start: fn(&str) -> String,
    pub crash: fn(&str) -> String,

    // Banners.
    pub update_available: &'static str,
    pub reload: &'static str,
    pub offline_notice: &'static str,
    pub corpus_newer: &'static str,
    pub reload_now: &'static str,

    // Keyboard: the shortcuts dialog and its button (components/keyboard.rs).
    /// The dialog's heading, which names it.
    pub keys_title: &'static str,
    /// The button that opens the dialog, for mouse and touch readers.
    pub keys_button: &'static str,
    pub keys_intro: &'static str,
    pub keys_key: &'static str,
    pub keys_action: &'static str,
    /// Between two keys that do the same ("Enter or o").
    pub keys_or: &'static str,
    pub key_next: &'static str,
    pub key_previous: &'static str,
    pub key_open: &'static str,
    pub key_back: &'static str,
    pub key_save: &'static str,
    pub key_read: &'static str,
    pub key_note: &'static str,
    pub key_search: &'static str,
    pub key_help: &'static str,
    pub key_escape: &'static str,

    // Trends and chart export
    /// The trends' heading.
    pub trends_title: &'static str,
    /// The matrix table's caption.
    pub matrix_caption: &'static str,
    /// The matrix's corner header (over the province names).
    pub matrix_corner: &'static str,
    /// When no result has both a province and a topic.
    pub matrix_none: &'static str,
    /// A matrix cell's name: (province id, English name, Hangul name, topic in the reader's language, reports).
    pub matrix_cell: fn(&str, &str, &str, &str, usize) -> String,
    /// The small multiples' heading.
    pub multiples_title: &'static str,
    /// The group of the toggle between topics and provinces.
    pub multiples_by: &'static str,
    pub multiples_topics: &'static str,
    pub multiples_provinces: &'static str,
    /// A small multiple's name: (topic or province, reports on the timeline).
    pub multiple_name: fn(&str, u32) -> String,
    /// In place of a chart with fewer than ten reports.
    pub too_few_reports: &'static str,
    /// The charts, as "Save ___ as SVG" names them.
    pub chart_map: &'static str,
    pub chart_timeline: &'static str,
    pub chart_matrix: &'static str,
    pub chart_multiples: &'static str,
    /// (a chart's name).
    pub save_svg: fn(&str) -> String,
    pub save_png: fn(&str) -> String,
    /// Under a saved picture: (the active filters).
    pub export_filters: fn(&str) -> String,
    pub export_no_filters: &'static str,
    /// Under a saved picture: (the date).
    pub export_made: fn(&str) -> String,
    pub export_failed: &'static str,
}

/// 12345 -> "12,345" (both languages group by thousands with commas).
pub fn count(n: impl Into<u64>) -> String {
    tumen_core::error::thousands(n.into())
}

/// A file refused before it is read, in the reader's language; `None` if it may be read.
/// The decision is the core's (`check_import`); only the words are the catalogue's.
pub fn import_refusal(t: &Strings, name: &str, bytes: u64, total_before: u64) -> Option<String> {
    use tumen_core::limits::{check_import, megabytes, ImportRefusal, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_TOTAL_BYTES};
    Some(match check_import(bytes, total_before)? {
        ImportRefusal::FileTooLarge { bytes } => (t.refused_file)(name, &megabytes(bytes), &megabytes(MAX_IMPORT_FILE_BYTES)),
        ImportRefusal::TooMuchAtOnce => (t.refused_total)(name, &megabytes(MAX_IMPORT_TOTAL_BYTES)),
    })
}

// ---- In the page ----

thread_local! {
    /// The language on screen, for code outside the reactive tree (the crash notice).
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language on screen now (not reactive).
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// The page's language, given to every component by context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

const LANG_PARAM: &str = "lang";

/// Decides the language (a link's `lang=` first, then the reader's stored choice, then
/// the browser's), provides it, and keeps `<html lang>`, the title and [`current`]
/// in step. A link's `lang=` is followed while the reader moves about, but only the
/// language control stores a choice. Call inside the router.
pub fn provide_i18n() -> I18n {
    let params = leptos_router::hooks::use_query_map();
    let from_link = move || params.with(|p| p.get_str(LANG_PARAM).and_then(Lang::from_code));
    let first = from_link().or_else(crate::storage::remembered_lang).unwrap_or_else(browser_lang);
    let lang = RwSignal::new(first);
    CURRENT.with(|c| c.set(first));
    Effect::new(move |_| {
        if let Some(l) = from_link() {
            if lang.get_untracked() != l {
                lang.set(l);
            }
        }
    });
    Effect::new(move |_| {
        let l = lang.get();
        CURRENT.with(|c| c.set(l));
        let document = document();
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", l.code());
        }
        document.set_title(l.strings().document_title);
    });
    let i18n = I18n { lang };
    provide_context(i18n);
    i18n
}

/// The language from the browser's settings.
pub fn browser_lang() -> Lang {
    let navigator = window().navigator();
    let listed: Vec<String> = navigator.languages().iter().filter_map(|v| v.as_string()).collect();
    let single = navigator.language();
    Lang::from_browser(listed.iter().map(String::as_str).chain(single.as_deref()))
}

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<I18n>().lang
}

/// The catalogue of the language on screen: read it in a closure (`move || t.get().search_label`)
/// so the text follows a change of language.
pub fn use_strings() -> Signal<&'static Strings> {
    let lang = use_lang();
    Signal::derive(move || lang.get().strings())
}

/// A fixed text that follows the language: `{text(t, |t| t.tagline)}`, or as an
/// attribute. Every use is the same closure type, so the page's wasm carries the code
/// that renders and updates it once, not once per text.
pub fn text(t: Signal<&'static Strings>, pick: fn(&'static Strings) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(t.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tumen_core::gazetteer::Gazetteer;
    use tumen_core::topics::Taxonomy;

    #[test]
    fn codes_and_browser_preferences() {
        assert_eq!(Lang::from_code("ko"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("KO_kr"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("kok"), None, "Konkani is not Korean");
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::from_code("fr"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
            assert_eq!(l.strings().lang, l);
        }
        assert_eq!(Lang::from_browser(["ko-KR", "en-US"]), Lang::Ko);
        assert_eq!(Lang::from_browser(["fr-FR", "ko"]), Lang::Ko, "the first language the reader has");
        assert_eq!(Lang::from_browser(["en-US", "ko"]), Lang::En);
        assert_eq!(Lang::from_browser(["de", "fr"]), Lang::En);
        assert_eq!(Lang::from_browser([]), Lang::En);
    }

    #[test]
    fn numbers_are_grouped_the_same_in_both() {
        assert_eq!(count(0u32), "0");
        assert_eq!(count(999u32), "999");
        assert_eq!(count(12_345u32), "12,345");
        assert_eq!(count(1_000_000u64), "1,000,000");
        assert_eq!((EN.count_all)(12_345), "12,345 articles");
        assert_eq!((KO.count_all)(12_345), "기사 12,345건");
        assert_eq!((EN.count_match)(3, 1_200), "3 of 1,200 articles match");
        assert_eq!((KO.count_match)(3, 1_200), "기사 1,200건 중 3건 일치");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let d = Date::parse_iso("2024-03-01").unwrap();
        assert_eq!((EN.date)(d), "1 Mar 2024");
        assert_eq!((KO.date)(d), "2024년 3월 1일");
        assert_eq!((EN.month)(2024, 3), "Mar 2024");
        assert_eq!((KO.month)(2024, 3), "2024년 3월");
        assert_eq!((EN.year)(2024), "2024");
        assert_eq!((KO.year)(2024), "2024년");
        assert_eq!((KO.date_range)("2024년 3월 1일", "2024년 3월 31일"), "2024년 3월 1일 – 2024년 3월 31일");
    }

    /// `name: "text"` for every fixed text of a catalogue (read from its `Debug`, so a
    /// field added later is checked without being listed here).
    fn texts(t: &Strings) -> Vec<(String, String)> {
        let debug = format!("{t:#?}");
        debug
            .lines()
            .filter_map(|line| {
                let (name, value) = line.trim().split_once(": \"")?;
                Some((name.to_string(), value.trim_end_matches(',').trim_end_matches('"').to_string()))
            })
            .collect()
    }

    #[test]
    fn the_korean_catalogue_is_korean() {
        // Fixed texts the same in both languages on purpose (none so far).
        const SAME: [&str; 0] = [];
        let en = texts(&EN);
        let ko = texts(&KO);
        assert!(en.len() > 80, "{} texts read from the English catalogue", en.len());
        assert_eq!(en.iter().map(|(n, _)| n).collect::<Vec<_>>(), ko.iter().map(|(n, _)| n).collect::<Vec<_>>());
        let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
        for ((name, e), (_, k)) in en.iter().zip(&ko) {
            assert!(!e.trim().is_empty() && !k.trim().is_empty(), "{name} is empty");
            if SAME.contains(&name.as_str()) {
                continue;
            }
            assert_ne!(e, k, "{name} is not translated");
            assert!(hangul(k), "{name} has no Hangul: {k}");
        }
        // The language control is found by its English name in either language.
        assert!(EN.language.contains("Language") && KO.language.contains("Language") && KO.language.contains("언어"));
        // And the texts with numbers, names and dates.
        for line in [
            (KO.filters_active)(2),
            (KO.no_such_article)("x"),
            (KO.relaxed)(1, 3),
            (KO.corrections)("a → b"),
            (KO.page_of)(1, 3),
            (KO.show_all_values)(12),
            (KO.remove_filter)("시·도", "량강도"),
            (KO.date_from_only)("2024년 3월 1일"),
            (KO.timeline_summary)(3, "2024년 1월", "2024년 3월"),
            (KO.bar_title)("2024년 1월", 2),
            (KO.map_province)("ryanggang", "Ryanggang", "량강도", 3),
            (KO.all_reports_about)("량강도"),
            (KO.why_topic)("smugglers"),
            (KO.named_in_others)(2),
            (KO.report_title)(1, 2),
            (KO.report_more)(5),
            (KO.problem_index)(3),
            (KO.added)(2),
            (KO.refused_file)("a.json", "70.0 MB", "64.0 MB"),
            (KO.refused_total)("a.json", "256.0 MB"),
            (KO.saving_offline)(42.0),
            (KO.kept_summary)("1 MB", "2 MB", 1, 2),
            (KO.download_rest)("1 MB"),
            (KO.worker_could_not_start)("x"),
            (KO.crash)("x"),
        ] {
            assert!(hangul(&line), "{line}");
        }
    }

    #[test]
    fn every_province_topic_kind_and_place_has_a_korean_name() {
        let gazetteer = Gazetteer::builtin();
        for p in gazetteer.provinces() {
            let ko = (KO.province_name)(&p.id).unwrap_or_else(|| panic!("no Korean name for {}", p.id));
            assert!(ko.chars().all(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "{ko}");
            assert_eq!((EN.province_name)(&p.id), None, "English keeps the gazetteer's name");
        }
        // The North's spellings.
        assert_eq!((KO.province_name)("ryanggang"), Some("량강도"));
        assert_eq!((KO.province_name)("rason"), Some("라선"));
        for topic in Taxonomy::builtin().topics() {
            assert!((KO.topic_name)(&topic.id).is_some(), "no Korean name for the topic {}", topic.id);
        }
        for kind in EntityKind::ALL {
            assert_eq!((EN.kind_name)(kind), kind.label(), "the English kind names are the core's");
            assert_ne!((KO.kind_name)(kind), kind.label());
        }
        for kind in FacetKind::ALL {
            assert_ne!((EN.facet_title)(kind), (KO.facet_title)(kind));
        }
        // Every place's finer kind and every foreign place's country reads in Korean (the
        // name itself may stay romanized where the gazetteer has no Hangul for it).
        for e in gazetteer.entities() {
            let title = (KO.entity_title)(&crate::view_model::entity_info(&e.id));
            let (name, words) = title.split_once(" — ").unwrap_or_else(|| panic!("{} reads “{title}”", e.id));
            assert!(!words.chars().any(|c| c.is_ascii_alphabetic()), "{} reads “{title}”", e.id);
            if e.hangul.is_some() {
                assert!(!name.chars().any(|c| c.is_ascii_alphabetic()), "{} reads “{title}”", e.id);
            }
        }
    }

    #[test]
    fn entities_are_described_in_both_languages() {
        let hyesan = crate::view_model::entity_info("hyesan");
        assert_eq!((EN.entity_title)(&hyesan), "Hyesan — city in Ryanggang");
        assert_eq!((KO.entity_title)(&hyesan), "혜산시 — 량강도 시");
        assert_eq!((EN.entity_name)(&hyesan), "Hyesan");
        assert_eq!((EN.entity_detail)(&hyesan), "city in Ryanggang · 혜산시");
        assert_eq!((KO.entity_name)(&hyesan), "혜산시");
        assert_eq!((KO.entity_detail)(&hyesan), "량강도 시 · Hyesan");
        let ryanggang = crate::view_model::entity_info("ryanggang");
        assert_eq!((KO.entity_name)(&ryanggang), "량강도", "provinces in the North's spelling, not the gazetteer's 양강도");
        let unknown = crate::view_model::entity_info("atlantis");
        assert_eq!((EN.entity_title)(&unknown), "atlantis — place");
        assert_eq!((EN.entity_detail)(&unknown), "Place");
        assert_eq!((KO.entity_name)(&unknown), "atlantis");
        let wpk = crate::view_model::entity_info("wpk");
        assert_eq!((EN.entity_detail)(&wpk), "Organisation · 조선로동당");
        assert_eq!((KO.entity_name)(&wpk), "조선로동당");
    }

    #[test]
    fn facet_values_are_named_in_the_readers_language() {
        use crate::view_model::value_label;
        assert_eq!(value_label(&EN, FacetKind::Province, "ryanggang", "Ryanggang", None), "Ryanggang");
        assert_eq!(value_label(&KO, FacetKind::Province, "ryanggang", "Ryanggang", None), "량강도");
        assert_eq!(value_label(&KO, FacetKind::Topic, "smuggling", "Smuggling", None), "밀수");
        assert_eq!(value_label(&KO, FacetKind::Kind, "organization", "Organisation", None), "기관·단체");
        assert_eq!(value_label(&KO, FacetKind::Source, "Daily NK", "Daily NK", None), "Daily NK");
        assert_eq!(value_label(&KO, FacetKind::Entity, "hyesan", "Hyesan", Some("혜산시")), "혜산시");
        assert_eq!(value_label(&EN, FacetKind::Entity, "hyesan", "Hyesan", Some("혜산시")), "Hyesan");
        assert_eq!(value_label(&KO, FacetKind::Topic, "new-topic", "New topic", None), "New topic", "an unknown id keeps the data's name");
    }

    #[test]
    fn import_refusals_say_the_cores_decision_in_either_language() {
        use tumen_core::limits::{import_refusal as core, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_TOTAL_BYTES};
        for (name, bytes, before) in [("a.json", 1_000, 0), ("big.json", MAX_IMPORT_FILE_BYTES + 1, 0), ("late.jsonl", 10, MAX_IMPORT_TOTAL_BYTES - 5)] {
            assert_eq!(import_refusal(&EN, name, bytes, before), core(name, bytes, before), "English is the core's own words");
            assert_eq!(import_refusal(&KO, name, bytes, before).is_some(), core(name, bytes, before).is_some());
        }
        assert!(import_refusal(&KO, "big.json", MAX_IMPORT_FILE_BYTES + 1, 0).unwrap().contains("64.0 MB"));
    }

    #[test]
    fn problems_are_worded_in_korean_with_the_files_values_kept() {
        use tumen_core::error::Skipped;
        use tumen_core::Issue as I;
        let skipped = Skipped { hidden: 1, other: 4, examples: vec!["photo.jpg".into(), "notes.docx".into(), "a.pdf".into()] };
        let every = [
            I::NotAnObject, I::Empty, I::Missing, I::NotAString, I::NotAStringIgnored, I::Invisible,
            I::IdTooLong { chars: 300, max: 200 }, I::Cut { chars: 1200, max: 500 }, I::FieldTooDeep { max: 32 },
            I::BadDate { value: "2024-13-45".into() }, I::DateNotAString, I::NotAWebAddress, I::UrlNotAString,
            I::TagsNotStrings, I::TooManyTags { count: 80, max: 50 }, I::TagsNotAList, I::BlockWithoutHeading, I::BadBlock,
            I::BodyNotAList, I::NoText, I::TooManyParagraphs { count: 20_000, max: 10_000 }, I::ArticleTooLarge { bytes: 9 << 20, max: 8 << 20 },
            I::DuplicateId, I::DuplicateInAnotherInput, I::AlreadyInCorpus, I::SourceFromFileName { name: "혜산 소식.txt".into() },
            I::NoDateFound, I::InvalidJson { line: 3, column: 7, detail: "expected value".into() },
            I::JsonTooDeep { line: 1, column: 129, max: 128 }, I::InvalidJsonLine { line: 2, column: 1, detail: "expected value".into() },
            I::JsonLineTooDeep { line: 2, column: 129, max: 128 }, I::NotACorpus, I::UnsupportedVersion { found: "9".into(), expected: 1 },
            I::ArticlesNotAList, I::EmptyFile, I::UnsupportedInput, I::Unreadable { detail: "NotReadableError".into() }, I::NotUtf8 { count: 3 },
            I::NotAZip, I::ZipDamaged { detail: "bad table".into() }, I::Zip64, I::ZipSplit, I::ZipEncrypted,
            I::ZipMethod { method: 14, name: "LZMA".into() }, I::Zip64Entry, I::ZipEntryTooLarge { bytes: 70 << 20, limit: 64 << 20 },
            I::ZipOverTotal { limit: 256 << 20 }, I::ZipOverlaps, I::ZipEntryDamaged { detail: "bad deflate".into() },
            I::ZipTooManyEntries { listed: 20_000, read: 10_000 }, I::ZipInZip, I::ZipHasNoArticles { skipped: Some(skipped.clone()) },
            I::ZipHasNoArticles { skipped: None }, I::ZipSkipped(skipped),
        ];
        let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        for issue in &every {
            assert_eq!((EN.problem)(issue), issue.to_string(), "English is the core's own words");
            let ko = (KO.problem)(issue);
            assert!(hangul(&ko) && ko != issue.to_string(), "{issue:?} in Korean: {ko}");
        }
        // What the file or the browser said stays as it was written.
        assert!((KO.problem)(&I::BadDate { value: "2024-13-45".into() }).contains("2024-13-45"));
        assert!((KO.problem)(&I::SourceFromFileName { name: "혜산 소식.txt".into() }).contains("혜산 소식.txt"));
        assert!((KO.problem)(&I::ZipSkipped(Skipped { hidden: 0, other: 4, examples: vec!["photo.jpg".into()] })).contains("photo.jpg, …"));
        assert_eq!((KO.problem)(&I::Io { detail: "Permission denied".into() }), "Permission denied");
        // The core gives every problem its kind, so none falls back to English.
        let lines = tumen_core::ingest::parse_json_lines("x.jsonl", "{\"id\": \"a\", \"date\": \"2024-02-31\"}\nnot json\n");
        assert_eq!(lines.problems.len(), 5, "title, source, date, text and the bad line: {:?}", lines.problems);
        assert!(lines.problems.iter().all(|p| p.issue.is_some()), "{:?}", lines.problems);
    }

    #[test]
    fn broken_json_is_worded_in_korean_with_what_the_parser_found() {
        use tumen_core::Issue as I;
        // serde_json's own phrases, none of which may reach a Korean reader.
        let english = |s: &str| ["EOF", "expected", "invalid", "trailing", "out of range", "control character", "must be", "surrogate", "escape"].iter().any(|w| s.contains(w));
        let broken = [
            "{", "[1,", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "{\"a\": tru}", "{\"a\": \"\\x\"}", "{\"a\": \"\u{1}\"}",
            "{\"version\": 1, \"articles\": []} x", "{1: 2}", "{\"a\": \"abc", "{\"title\": \"\\ud800\"}", "{\"title\": \"\\u12\"}", "{\"a\": -}", "{\"a\": [}",
        ];
        for text in broken {
            // As a corpus file, and as a line of a .jsonl file.
            let whole = match tumen_core::parse_corpus("x.json", text) {
                Err(e) => I::from(&e),
                Ok(l) => panic!("{text:?} was read: {:?}", l.articles),
            };
            let lines = tumen_core::ingest::parse_json_lines("x.jsonl", text);
            let line = lines.problems.iter().find_map(|p| p.issue.clone()).expect("a problem for the line");
            for issue in [whole, line] {
                let en = (EN.problem)(&issue);
                let ko = (KO.problem)(&issue);
                assert!(english(&en), "{text:?}: the English names what was found: {en}");
                assert!(!english(&ko), "{text:?}: serde_json's words left in Korean: {ko}");
            }
        }
        // A wording the table does not know is kept rather than lost.
        let unknown = I::InvalidJson { line: 1, column: 2, detail: "something new".into() };
        assert!((KO.problem)(&unknown).ends_with("something new"));
    }

    #[test]
    fn a_damaged_backup_is_named_in_korean_without_serde_words() {
        use tumen_core::desk::{Backup, BackupError, Collection, SavedSearch, StoredFile};
        let mut marks = std::collections::HashMap::new();
        marks.insert("a".to_string(), tumen_core::desk::Marks { read: true, saved: false, note: "n".into(), updated: 1 });
        let good = Backup::new(
            "2026-12-03".into(),
            vec![Collection { id: "c1".into(), name: "KCNA".into(), enabled: true, created: 1 }],
            vec![StoredFile { collection: "c1".into(), name: "a.json".into(), text: "{}".into(), articles: None }],
            marks,
            vec![SavedSearch { id: "s1".into(), name: "Hyesan".into(), query: "q=x".into(), created: 2, seen: vec![] }],
        )
        .to_json();
        let edits = [
            ("\"text\": ", "\"txet\": ", "\"text\" 필드가 없습니다"),
            ("\"name\": \"Hyesan\"", "\"name\": 5", "문자열이어야 할 자리에 정수 `5`이(가) 있습니다"),
            ("\"enabled\": true", "\"enabled\": \"yes\"", "참/거짓 값이어야 할 자리에 문자열 \"yes\"이(가) 있습니다"),
            ("\"created\": 1", "\"created\": 1.5", "정수여야 할 자리에 소수 `1.5`이(가) 있습니다"),
            ("\"created\": 1", "\"created\": null", "정수여야 할 자리에 null이(가) 있습니다"),
            ("\"seen\": []", "\"seen\": {}", "목록이어야 할 자리에 객체가 있습니다"),
            ("\"a\",\n      {", "{", "문자열이어야 할 자리에 객체가 있습니다"),
            ("\"a\",\n      {\n        \"read\": true,\n        \"saved\": false,\n        \"note\": \"n\",\n        \"updated\": 1\n      }", "\"a\"", "항목 수(1개)가 맞지 않습니다"),
            ("\"collections\": [", "\"collections\": 3, \"x\": [", "목록이어야 할 자리에 정수 `3`이(가) 있습니다"),
        ];
        let serde_words = ["invalid", "expected", "missing", "field", "integer", "string", "sequence", "boolean", "struct", "tuple", "map", "floating", "length"];
        for (from, to, said) in edits {
            assert!(good.contains(from), "{from:?} not in {good}");
            let error = Backup::parse("b.json", &good.replacen(from, to, 1)).expect_err(to);
            assert!(matches!(error, BackupError::Damaged { .. }), "{error:?}");
            let ko = (KO.restore_refused)(&error);
            assert!(ko.ends_with(said), "{to}: {ko}");
            assert!(!serde_words.iter().any(|w| ko.contains(w)), "serde's words left in Korean: {ko}");
            assert!((EN.restore_refused)(&error).contains("a Tumen backup, but"), "{error}");
        }
    }

    #[test]
    fn a_refused_backup_is_worded_in_both() {
        use tumen_core::desk::BackupError as B;
        let file = || "백업 2026.json".to_string();
        for error in [
            B::Unreadable { file: file(), detail: "NotReadableError".into() },
            B::NotJson { file: file(), message: "expected value".into() },
            B::NotABackup { file: file() },
            B::Version { file: file(), found: 9, supported: 1 },
            B::Orphan { file: file(), name: "a.jsonl".into(), collection: "c-1".into() },
            B::Damaged { file: file(), section: "files".into(), entry: Some(2), damage: tumen_core::desk::Damage::Missing { field: "text".into() } },
        ] {
            assert_eq!((EN.restore_refused)(&error), format!("Nothing was restored: {error}"));
            let ko = (KO.restore_refused)(&error);
            assert!(ko.starts_with("복원하지 않았습니다: ") && ko.contains("백업 2026.json"), "{ko}");
            assert!(!["not a", "browser", "belongs", "this reader"].iter().any(|w| ko.contains(w)), "English left in {ko}");
        }
    }

    #[test]
    fn troubles_and_load_errors_are_worded_in_both() {
        use crate::worker::fetch::FetchError;
        let http = FetchError::Http { url: "corpus/x.bin".into(), status: 503 };
        assert_eq!((EN.trouble)(&Trouble::Fetch(http.clone())), "the server answered 503 for corpus/x.bin");
        assert_eq!(
            (EN.trouble)(&Trouble::KeepStopped(http.clone())),
            "The download stopped: the server answered 503 for corpus/x.bin. What was saved stays; start again to continue."
        );
        assert!((KO.trouble)(&Trouble::KeepStopped(http)).contains("503"));
        assert_eq!((KO.trouble)(&Trouble::Other { message: "as given".into() }), "as given");
        let (head, detail) = (KO.load_error)(&LoadError::Missing { url: "corpus/manifest.json".into() });
        assert!(head.contains("기사 모음") && detail.contains("404") && detail.contains("corpus/manifest.json"));
        for stage in [Stage::Starting, Stage::Manifest, Stage::Table, Stage::Reading, Stage::Tagging] {
            assert_ne!((EN.stage)(stage), (KO.stage)(stage));
        }
    }

    #[test]
    fn a_damaged_file_and_a_file_that_is_no_corpus_are_sentences_in_the_readers_language() {
        // The sentence is the catalogue's; only the file's name and the tools' technical detail are kept.
        let damaged = Trouble::Bundle { file: "corpus/dict-1a2b.bin".into(), message: "checksum mismatch".into() };
        let ko = (KO.trouble)(&damaged);
        assert!(ko.contains("손상") && ko.contains("corpus/dict-1a2b.bin") && ko.contains("checksum mismatch"), "{ko}");
        assert!(!["damaged", "another build", "Reload"].iter().any(|w| ko.contains(w)), "English left in {ko}");
        assert!((EN.trouble)(&damaged).starts_with("corpus/dict-1a2b.bin is damaged or from another build: checksum mismatch."));
        let not_corpus = LoadError::NotACorpus { file: "corpus.json".into() };
        let (head, detail) = (KO.load_error)(&not_corpus);
        assert!(head.contains("기사 모음") && detail.contains("corpus.json") && detail.contains("articles"), "{head} {detail}");
        assert!(!["must", "needs", "object with"].iter().any(|w| detail.contains(w)), "English left in {detail}");
        let (head, _) = (EN.load_error)(&not_corpus);
        assert_eq!(head, "The corpus file is not a corpus");
    }
}
