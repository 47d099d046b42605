//! Components render state; they never parse, tag or search.
pub mod article_view;
pub mod corpus_report;
pub mod facets;
pub mod filters_summary;
pub mod import;
pub mod keep_offline;
pub mod keyboard;
pub mod language;
pub mod load_views;
pub mod overview;
pub mod province_map;
pub mod results;
pub mod search_box;
pub mod timeline;
pub mod archive_panel;
pub mod export;
pub mod marks;
pub mod saved_searches;
pub mod chart_export;
pub mod trends;

/// Whether a CSS media query matches now: for choices made once, when a view appears
/// (a phone seldom becomes a desktop). False where it cannot be asked.
pub(crate) fn media_matches(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}
