//! Keeping the reader's own files on this device (localStorage): they are
//! read again at every visit. Best effort: a full quota only means they are
//! not restored next time, which the reader is told. Also kept: whether to keep
//! every article offline, and the interface language the reader chose.

use crate::i18n::Lang;
use crate::protocol::AddedFile;

const ADDED_FILES_KEY: &str = "tumen:added-files";
const KEEP_OFFLINE_KEY: &str = "tumen:keep-offline";
const LANG_KEY: &str = "tumen:lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Files added in earlier visits.
pub fn remembered_files() -> Vec<AddedFile> {
    let Some(text) = storage().and_then(|s| s.get_item(ADDED_FILES_KEY).ok().flatten()) else { return Vec::new() };
    let pairs: Vec<(String, String)> = serde_json::from_str(&text).unwrap_or_default();
    pairs.into_iter().map(|(name, text)| AddedFile { name, text }).collect()
}

/// Adds files to those remembered (a file of the same name is replaced);
/// returns the whole set, and whether it could be stored.
pub fn remember_files(files: Vec<AddedFile>) -> (Vec<AddedFile>, bool) {
    let mut all = remembered_files();
    for file in files {
        all.retain(|f| f.name != file.name);
        all.push(file);
    }
    let pairs: Vec<(&str, &str)> = all.iter().map(|f| (f.name.as_str(), f.text.as_str())).collect();
    let stored = serde_json::to_string(&pairs).ok().zip(storage()).is_some_and(|(json, s)| s.set_item(ADDED_FILES_KEY, &json).is_ok());
    (all, stored)
}

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
