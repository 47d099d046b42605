//! The reader's own archive in IndexedDB, read and written by the worker:
//! collections of added files, marks on articles, saved searches. Every write
//! is one transaction, so a closed tab or a full disk leaves the earlier state
//! whole; each failure comes back as a [`StoreTrouble`] the page words.

use std::collections::HashMap;

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tumen_core::desk::{file_key, Collection, Marks, SavedSearch, StoredFile};
use wasm_bindgen::{JsCast, JsValue};

use crate::protocol::StoreTrouble;

const DB_NAME: &str = "tumen";
/// 2: the `work` store (what tagging found in each collection, a cache).
const DB_VERSION: u32 = 2;
const COLLECTIONS: &str = "collections";
const FILES: &str = "files";
const MARKS: &str = "marks";
const SEARCHES: &str = "searches";
/// Per collection, what tagging and fingerprinting found in its articles (bytes of
/// `Library::work_of`): a cache, never part of a backup; lost, the work is redone.
const WORK: &str = "work";
/// What a backup holds.
const ALL: [&str; 4] = [COLLECTIONS, FILES, MARKS, SEARCHES];
/// Every store, created when missing as the archive opens.
const STORES: [&str; 5] = [COLLECTIONS, FILES, MARKS, SEARCHES, WORK];

/// An open archive.
pub struct Archive {
    db: Database,
}

fn trouble(e: idb::Error) -> StoreTrouble {
    let message = e.to_string();
    if message.contains("QuotaExceeded") || message.contains("quota") {
        StoreTrouble::Full
    } else {
        StoreTrouble::Failed { message }
    }
}

fn encode<T: Serialize>(value: &T) -> JsValue {
    JsValue::from_str(&serde_json::to_string(value).unwrap_or_default())
}

fn decode<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    value.as_string().and_then(|s| serde_json::from_str(&s).ok())
}

impl Archive {
    /// Opens (or creates) the archive; `Unavailable` where the browser has no
    /// IndexedDB or refuses it (some private windows).
    pub async fn open() -> Result<Archive, StoreTrouble> {
        let factory = Factory::new().map_err(|e| StoreTrouble::Unavailable { message: e.to_string() })?;
        let mut request = factory.open(DB_NAME, Some(DB_VERSION)).map_err(|e| StoreTrouble::Unavailable { message: e.to_string() })?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let existing = db.store_names();
            for name in STORES {
                if !existing.iter().any(|s| s == name) {
                    // Keys are given with each record (article ids, collection ids).
                    let _ = db.create_object_store(name, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(|e| StoreTrouble::Unavailable { message: e.to_string() })?;
        Ok(Archive { db })
    }

    async fn all<T: DeserializeOwned>(&self, store: &str) -> Result<Vec<T>, StoreTrouble> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly).map_err(trouble)?;
        let values = tx.object_store(store).map_err(trouble)?.get_all(None, None).map_err(trouble)?.await.map_err(trouble)?;
        // A record that no longer reads (written by a future version) is skipped, not fatal.
        Ok(values.into_iter().filter_map(decode).collect())
    }

    async fn all_keyed<T: DeserializeOwned>(&self, store: &str) -> Result<Vec<(String, T)>, StoreTrouble> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly).map_err(trouble)?;
        let os = tx.object_store(store).map_err(trouble)?;
        let keys = os.get_all_keys(None, None).map_err(trouble)?.await.map_err(trouble)?;
        let values = os.get_all(None, None).map_err(trouble)?.await.map_err(trouble)?;
        Ok(keys.into_iter().zip(values).filter_map(|(k, v)| Some((k.as_string()?, decode(v)?))).collect())
    }

    pub async fn collections(&self) -> Result<Vec<Collection>, StoreTrouble> {
        let mut list: Vec<Collection> = self.all(COLLECTIONS).await?;
        list.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        Ok(list)
    }

    pub async fn files(&self) -> Result<Vec<StoredFile>, StoreTrouble> {
        self.all(FILES).await
    }

    pub async fn marks(&self) -> Result<HashMap<String, Marks>, StoreTrouble> {
        Ok(self.all_keyed(MARKS).await?.into_iter().collect())
    }

    pub async fn searches(&self) -> Result<Vec<SavedSearch>, StoreTrouble> {
        let mut list: Vec<SavedSearch> = self.all(SEARCHES).await?;
        list.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        Ok(list)
    }

    /// The work kept for each collection, by collection id (nothing when it cannot be read:
    /// it is only a cache).
    pub async fn work(&self) -> HashMap<String, Vec<u8>> {
        let read = async {
            let tx = self.db.transaction(&[WORK], TransactionMode::ReadOnly).ok()?;
            let os = tx.object_store(WORK).ok()?;
            let keys = os.get_all_keys(None, None).ok()?.await.ok()?;
            let values = os.get_all(None, None).ok()?.await.ok()?;
            Some(
                keys.into_iter()
                    .zip(values)
                    .filter_map(|(k, v)| Some((k.as_string()?, v.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec())))
                    .collect(),
            )
        };
        read.await.unwrap_or_default()
    }

    /// Keeps a collection's work (replacing what was kept); a refusal (a full disk) only
    /// means the next visit works it out again.
    pub async fn put_work(&self, collection: &str, bytes: &[u8]) -> Result<(), StoreTrouble> {
        let value: JsValue = js_sys::Uint8Array::from(bytes).into();
        self.write(&[WORK], vec![(WORK, collection.to_string(), value)], Vec::new()).await
    }

    /// Writes records in one transaction: all of them, or (on any failure) none.
    async fn write(&self, stores: &[&str], puts: Vec<(&str, String, JsValue)>, deletes: Vec<(&str, String)>) -> Result<(), StoreTrouble> {
        let tx = self.db.transaction(stores, TransactionMode::ReadWrite).map_err(trouble)?;
        let mut failed = None;
        for (store, key, value) in &puts {
            let result = match tx.object_store(store) {
                Ok(os) => os.put(value, Some(&JsValue::from_str(key))).map(|_| ()),
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                failed = Some(trouble(e));
                break;
            }
        }
        if failed.is_none() {
            for (store, key) in &deletes {
                let result = match tx.object_store(store) {
                    Ok(os) => os.delete(JsValue::from_str(key)).map(|_| ()),
                    Err(e) => Err(e),
                };
                if let Err(e) = result {
                    failed = Some(trouble(e));
                    break;
                }
            }
        }
        if let Some(t) = failed {
            let _ = tx.abort();
            return Err(t);
        }
        match tx.await {
            Ok(result) if result.is_committed() => Ok(()),
            // An aborted transaction: the browser refused it, most often for want of space.
            Ok(_) => Err(StoreTrouble::Full),
            Err(e) => Err(trouble(e)),
        }
    }

    /// A collection and its files, stored together (or not at all).
    pub async fn put_collection(&self, collection: &Collection, files: &[StoredFile]) -> Result<(), StoreTrouble> {
        let mut puts = vec![(COLLECTIONS, collection.id.clone(), encode(collection))];
        puts.extend(files.iter().map(|f| (FILES, f.key(), encode(f))));
        self.write(&[COLLECTIONS, FILES], puts, Vec::new()).await
    }

    /// A collection and every file in it.
    pub async fn delete_collection(&self, id: &str, file_names: &[String]) -> Result<(), StoreTrouble> {
        let mut deletes = vec![(COLLECTIONS, id.to_string()), (WORK, id.to_string())];
        deletes.extend(file_names.iter().map(|n| (FILES, file_key(id, n))));
        self.write(&[COLLECTIONS, FILES, WORK], Vec::new(), deletes).await
    }

    /// One article's marks (deleted when nothing is marked).
    pub async fn put_marks(&self, article: &str, marks: &Marks) -> Result<(), StoreTrouble> {
        if marks.is_empty() {
            self.write(&[MARKS], Vec::new(), vec![(MARKS, article.to_string())]).await
        } else {
            self.write(&[MARKS], vec![(MARKS, article.to_string(), encode(marks))], Vec::new()).await
        }
    }

    pub async fn put_search(&self, search: &SavedSearch) -> Result<(), StoreTrouble> {
        self.write(&[SEARCHES], vec![(SEARCHES, search.id.clone(), encode(search))], Vec::new()).await
    }

    pub async fn delete_search(&self, id: &str) -> Result<(), StoreTrouble> {
        self.write(&[SEARCHES], Vec::new(), vec![(SEARCHES, id.to_string())]).await
    }

    /// Everything from a backup, in one transaction (records with the same keys are replaced).
    /// Writes a backup in one transaction. `replaced` are the keys of stored files whose
    /// collection the backup brings anew: a restored collection holds the backup's files only,
    /// so they are deleted in the same transaction, never left to come back after a reload.
    pub async fn restore(
        &self,
        collections: &[Collection],
        files: &[StoredFile],
        marks: &[(String, Marks)],
        searches: &[SavedSearch],
        replaced: Vec<String>,
    ) -> Result<(), StoreTrouble> {
        let mut puts: Vec<(&str, String, JsValue)> = Vec::new();
        puts.extend(collections.iter().map(|c| (COLLECTIONS, c.id.clone(), encode(c))));
        puts.extend(files.iter().map(|f| (FILES, f.key(), encode(f))));
        puts.extend(marks.iter().map(|(id, m)| (MARKS, id.clone(), encode(m))));
        puts.extend(searches.iter().map(|s| (SEARCHES, s.id.clone(), encode(s))));
        let kept: std::collections::HashSet<String> = files.iter().map(StoredFile::key).collect();
        let deletes = replaced.into_iter().filter(|k| !kept.contains(k)).map(|k| (FILES, k)).collect();
        self.write(&ALL, puts, deletes).await
    }
}
