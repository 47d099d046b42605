//! Small settings kept in localStorage: whether to keep every article offline,
//! the interface language the reader chose, and which charts sit over the results. Also the files an earlier
//! version kept here, read once to move them into the archive (IndexedDB). And, in this
//! tab's sessionStorage, typed text a reload came too soon to find in the URL.

use crate::i18n::Lang;
use crate::protocol::AddedFile;

const ADDED_FILES_KEY: &str = "tumen:added-files";
const KEEP_OFFLINE_KEY: &str = "tumen:keep-offline";
const LANG_KEY: &str = "tumen:lang";
const SHOW_MAP_KEY: &str = "tumen:show-map";
const SHOW_TRENDS_KEY: &str = "tumen:show-trends";
const UNWRITTEN_URL_KEY: &str = "tumen:unwritten-url";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// This tab's sessionStorage: it survives a reload, not the tab.
fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Keeps, for the reload that may follow, the address the page had (`from`) and the one
/// the search box was about to write (`to`): text typed just before a reload is not lost.
pub fn remember_unwritten_url(from: &str, to: &str) {
    if let (Some(s), Ok(value)) = (session(), serde_json::to_string(&(from, to))) {
        let _ = s.set_item(UNWRITTEN_URL_KEY, &value);
    }
}

/// Forgets what [`remember_unwritten_url`] kept. Putting it back is `public/support.js`'s
/// job: it runs before anything reads the URL, the worker's first list included.
pub fn forget_unwritten_url() {
    if let Some(s) = session() {
        let _ = s.remove_item(UNWRITTEN_URL_KEY);
    }
}

/// Files added in earlier visits.
pub fn remembered_files() -> Vec<AddedFile> {
    let Some(text) = storage().and_then(|s| s.get_item(ADDED_FILES_KEY).ok().flatten()) else { return Vec::new() };
    let pairs: Vec<(String, String)> = serde_json::from_str(&text).unwrap_or_default();
    pairs.into_iter().map(|(name, text)| AddedFile { name, text }).collect()
}

/// Forgets the files an earlier version kept here (they have moved to the archive).
pub fn forget_files() {
    if let Some(s) = storage() {
        let _ = s.remove_item(ADDED_FILES_KEY);
    }
}

/// Whether the reader asked to keep every article offline (so an update
/// downloads the files that changed).
pub fn keep_offline() -> bool {
    storage().and_then(|s| s.get_item(KEEP_OFFLINE_KEY).ok().flatten()).is_some_and(|v| v == "1")
}

pub fn set_keep_offline(keep: bool) {
    if let Some(s) = storage() {
        let _ = if keep { s.set_item(KEEP_OFFLINE_KEY, "1") } else { s.remove_item(KEEP_OFFLINE_KEY) };
    }
}

/// The interface language the reader chose with the language control, if any.
pub fn remembered_lang() -> Option<Lang> {
    storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).and_then(|v| Lang::from_code(&v))
}

pub fn remember_lang(lang: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}

/// Which charts the reader chose to see over the results: (map, trends), each `None`
/// until the reader has chosen.
pub fn remembered_charts() -> (Option<bool>, Option<bool>) {
    let read = |key| storage().and_then(|s| s.get_item(key).ok().flatten()).map(|v| v == "1");
    (read(SHOW_MAP_KEY), read(SHOW_TRENDS_KEY))
}

pub fn remember_charts(map: bool, trends: bool) {
    if let Some(s) = storage() {
        let _ = s.set_item(SHOW_MAP_KEY, if map { "1" } else { "0" });
        let _ = s.set_item(SHOW_TRENDS_KEY, if trends { "1" } else { "0" });
    }
}
