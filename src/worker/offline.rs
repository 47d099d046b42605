//! Keeping the whole bundle on this device: "Keep all articles offline"
//! downloads every file not yet in the data cache, a few at a time, reporting
//! bytes and files as it goes; it can be stopped and started again and picks
//! up where it was. After a new deployment only the files whose names changed
//! are missing, so only those are downloaded. Files of older builds are
//! removed from the cache once the new manifest is open.

use std::collections::HashSet;
use std::rc::Rc;

use futures::future::join_all;

use super::fetch::{absolute, cached_urls, data_cache, prune};
use super::Engine;
use crate::protocol::{OfflineStatus, Response, Trouble};

/// Downloads at once.
const PARALLEL: usize = 6;
/// Status messages at most this often.
const REPORT_EVERY_MS: f64 = 200.0;

#[derive(Default)]
pub(super) struct Offline {
    status: OfflineStatus,
    stop: bool,
}

/// `(path, bytes)` of every file of the open bundle.
fn bundle_files(engine: &Engine) -> Vec<(String, u64)> {
    engine.state.borrow().library.as_ref().and_then(|l| l.manifest()).map(|m| m.all_files()).unwrap_or_default()
}

/// Counts what the data cache already holds.
async fn measure(engine: &Engine) -> OfflineStatus {
    let files = bundle_files(engine);
    let fetcher = engine.state.borrow().fetcher.clone();
    let mut status = OfflineStatus { files_total: files.len(), bytes_total: files.iter().map(|f| f.1).sum(), ..OfflineStatus::default() };
    let Some(cache) = data_cache().await else { return status };
    status.supported = true;
    let cached: HashSet<String> = cached_urls(&cache).await.into_iter().collect();
    for (path, bytes) in &files {
        if cached.contains(&absolute(&fetcher.url(path))) {
            status.files_kept += 1;
            status.bytes_kept += bytes;
        }
    }
    status
}

pub(super) async fn report(engine: &Engine) {
    let mut status = measure(engine).await;
    {
        let s = engine.state.borrow();
        status.running = s.offline.status.running;
        status.error = s.offline.status.error.clone();
    }
    engine.post(Response::Offline { status });
}

/// Starts (or stops) downloading everything.
pub(super) async fn keep(engine: &Rc<Engine>, keep: bool) {
    if !keep {
        engine.state.borrow_mut().offline.stop = true;
        return;
    }
    if engine.state.borrow().offline.status.running {
        return;
    }
    let mut status = measure(engine).await;
    status.running = true;
    {
        let mut s = engine.state.borrow_mut();
        s.offline = Offline { status: status.clone(), stop: false };
    }
    if !status.supported {
        status.running = false;
        status.error = Some(Trouble::CannotKeep);
        engine.state.borrow_mut().offline.status = status.clone();
        return engine.post(Response::Offline { status });
    }
    engine.post(Response::Offline { status });
    let fetcher = engine.state.borrow().fetcher.clone();
    let cached: HashSet<String> = match data_cache().await {
        Some(cache) => cached_urls(&cache).await.into_iter().collect(),
        None => HashSet::new(),
    };
    let todo: Vec<(String, u64)> = bundle_files(engine).into_iter().filter(|(p, _)| !cached.contains(&absolute(&fetcher.url(p)))).collect();
    let mut last_report = super::now_ms();
    for batch in todo.chunks(PARALLEL) {
        if engine.state.borrow().offline.stop {
            break;
        }
        let results = join_all(batch.iter().map(|(p, _)| fetcher.keep(p))).await;
        let mut failed = None;
        {
            let mut s = engine.state.borrow_mut();
            for ((_, bytes), r) in batch.iter().zip(results) {
                match r {
                    Ok(_) => {
                        s.offline.status.files_kept += 1;
                        s.offline.status.bytes_kept += bytes;
                    }
                    Err(e) => failed = Some(e),
                }
            }
        }
        if let Some(e) = failed {
            let trouble = match e {
                super::fetch::FetchError::NotFound { .. } => Trouble::KeepOutdated,
                e => Trouble::KeepStopped(e),
            };
            engine.state.borrow_mut().offline.status.error = Some(trouble);
            break;
        }
        if super::now_ms() - last_report > REPORT_EVERY_MS {
            last_report = super::now_ms();
            let status = engine.state.borrow().offline.status.clone();
            engine.post(Response::Offline { status });
        }
    }
    let status = {
        let mut s = engine.state.borrow_mut();
        s.offline.status.running = false;
        s.offline.stop = false;
        s.offline.status.clone()
    };
    engine.post(Response::Offline { status });
}

/// Removes files of older builds from the data cache, then reports what is kept.
pub(super) async fn tidy(engine: &Engine) {
    let files = bundle_files(engine);
    if files.is_empty() {
        return;
    }
    let fetcher = engine.state.borrow().fetcher.clone();
    if let Some(cache) = data_cache().await {
        let keep: HashSet<String> = files.iter().map(|(p, _)| absolute(&fetcher.url(p))).collect();
        prune(&cache, &absolute(&fetcher.url("")), &keep).await;
    }
    report(engine).await;
}
