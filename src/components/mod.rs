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
pub mod province_map;
pub mod results;
pub mod search_box;
pub mod timeline;
pub mod archive_panel;
pub mod export;
pub mod marks;
pub mod saved_searches;
