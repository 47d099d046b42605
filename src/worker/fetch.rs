//! Fetching the bundle's files. A file whose name carries its content hash
//! never changes, so once fetched it is kept in the Cache API (`tumen-data-v1`)
//! and read from there ever after, online or offline; the manifest, whose name
//! is fixed, always asks the server (or the service worker) first. Requests
//! for the same file share one download.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheStorage, RequestCache, RequestInit, Response};

/// The cache holding bundle files across builds (names are content hashes).
pub const DATA_CACHE: &str = "tumen-data-v1";

/// Why a file could not be had (in words: the `i18n` catalogues).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FetchError {
    /// No connection (and no saved copy).
    Network { url: String, message: String },
    /// 404: not on the server.
    NotFound { url: String },
    Http { url: String, status: u16 },
}

impl FetchError {
    pub fn url(&self) -> &str {
        match self {
            FetchError::Network { url, .. } | FetchError::NotFound { url } | FetchError::Http { url, .. } => url,
        }
    }
}

#[derive(Default)]
struct Known {
    listed: bool,
    urls: std::collections::HashSet<String>,
}

type Download = Shared<LocalBoxFuture<'static, Result<Rc<Vec<u8>>, FetchError>>>;

/// Downloads files relative to one folder.
#[derive(Clone)]
pub struct Fetcher {
    base: Rc<str>,
    inflight: Rc<RefCell<HashMap<String, Download>>>,
    /// Absolute URLs the data cache holds: once the cache has been listed, a file
    /// not in it is fetched without asking the cache first.
    known: Rc<RefCell<Known>>,
}

fn global() -> JsValue {
    js_sys::global().into()
}

fn js_message(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "the browser gave no reason".to_string())
}

/// `fetch()` of the window or of the worker, whichever this is.
async fn fetch_url(url: &str, revalidate: bool) -> Result<Response, FetchError> {
    let init = RequestInit::new();
    if revalidate {
        init.set_cache(RequestCache::NoCache);
    }
    let fetch: js_sys::Function = js_sys::Reflect::get(&global(), &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| FetchError::Network { url: url.to_string(), message: "this browser has no fetch()".into() })?;
    let promise = fetch
        .call2(&global(), &url.into(), &init)
        .map_err(|e| FetchError::Network { url: url.to_string(), message: js_message(&e) })?;
    answer(url, js_sys::Promise::from(promise)).await
}

/// The request `worker-boot.js` sent ahead for `url` (with `cache: "no-cache"`, as
/// [`Fetcher::fresh`] asks), taken once.
fn prefetched(url: &str) -> Option<js_sys::Promise> {
    let early = js_sys::Reflect::get(&global(), &"__tumenPrefetch".into()).ok().filter(|v| v.is_object())?;
    let key = JsValue::from(absolute(url));
    let promise = js_sys::Reflect::get(&early, &key).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    Some(promise)
}

/// The response a `fetch()` promise gives, as a result.
async fn answer(url: &str, promise: js_sys::Promise) -> Result<Response, FetchError> {
    let response = JsFuture::from(promise)
        .await
        .map_err(|e| FetchError::Network { url: url.to_string(), message: js_message(&e) })?;
    let response: Response = response.unchecked_into();
    match response.status() {
        200..=299 => Ok(response),
        404 => Err(FetchError::NotFound { url: url.to_string() }),
        status => Err(FetchError::Http { url: url.to_string(), status }),
    }
}

async fn body(url: &str, response: &Response) -> Result<Vec<u8>, FetchError> {
    let promise = response.array_buffer().map_err(|e| FetchError::Network { url: url.to_string(), message: js_message(&e) })?;
    let buffer = JsFuture::from(promise).await.map_err(|e| FetchError::Network { url: url.to_string(), message: js_message(&e) })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The data cache, when this is a secure context with the Cache API.
pub async fn data_cache() -> Option<Cache> {
    let storage: CacheStorage = js_sys::Reflect::get(&global(), &"caches".into()).ok()?.dyn_into().ok()?;
    let cache = JsFuture::from(storage.open(DATA_CACHE)).await.ok()?;
    cache.dyn_into().ok()
}

/// A copy of `url` in any of this origin's caches (the service worker keeps the manifest).
async fn any_cached(url: &str) -> Option<Vec<u8>> {
    let storage: CacheStorage = js_sys::Reflect::get(&global(), &"caches".into()).ok()?.dyn_into().ok()?;
    let hit = JsFuture::from(storage.match_with_str(url)).await.ok()?;
    let response: Response = hit.dyn_into().ok()?;
    body(url, &response).await.ok()
}

async fn cached(url: &str) -> Option<Vec<u8>> {
    let cache = data_cache().await?;
    let hit = JsFuture::from(cache.match_with_str(url)).await.ok()?;
    let response: Response = hit.dyn_into().ok()?;
    body(url, &response).await.ok()
}

impl Fetcher {
    /// `base` ends with `/` (or is empty: the page's own folder).
    pub fn new(base: &str) -> Fetcher {
        let base = if base.is_empty() || base.ends_with('/') { base.to_string() } else { format!("{base}/") };
        let fetcher = Fetcher { base: base.into(), inflight: Rc::new(RefCell::new(HashMap::new())), known: Rc::new(RefCell::new(Known::default())) };
        let known = fetcher.known.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(cache) = data_cache().await {
                let urls = cached_urls(&cache).await;
                let mut known = known.borrow_mut();
                known.urls.extend(urls);
                known.listed = true;
            }
        });
        fetcher
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A file with a content-hashed name: from the data cache, else downloaded and kept.
    pub async fn immutable(&self, path: &str) -> Result<Rc<Vec<u8>>, FetchError> {
        let url = self.url(path);
        let existing = self.inflight.borrow().get(&url).cloned();
        let download = match existing {
            Some(d) => d,
            None => {
                let u = url.clone();
                let known = self.known.clone();
                let d: Download = async move {
                    // The cache is asked only for files it may hold: a lookup costs a few
                    // milliseconds, which every new word would pay.
                    // The cache lists absolute URLs; `u` may be relative to the worker.
                    let key = absolute(&u);
                    let maybe_cached = {
                        let known = known.borrow();
                        !known.listed || known.urls.contains(&key)
                    };
                    if maybe_cached {
                        if let Some(bytes) = cached(&u).await {
                            return Ok(Rc::new(bytes));
                        }
                    }
                    let response = fetch_url(&u, false).await?;
                    if let Some(copy) = response.clone().ok() {
                        // Kept in the background: the caller does not wait for the disk. A
                        // full disk only means the file is downloaded again next time.
                        let url = u.clone();
                        known.borrow_mut().urls.insert(key);
                        wasm_bindgen_futures::spawn_local(async move {
                            if let Some(cache) = data_cache().await {
                                let _ = JsFuture::from(cache.put_with_str(&url, &copy)).await;
                            }
                        });
                    }
                    let bytes = body(&u, &response).await?;
                    Ok(Rc::new(bytes))
                }
                .boxed_local()
                .shared();
                self.inflight.borrow_mut().insert(url.clone(), d.clone());
                d
            }
        };
        let out = download.await;
        self.inflight.borrow_mut().remove(&url);
        out
    }

    /// A file with a fixed name (the manifest): asks the server (or the
    /// service worker, which keeps the one of the running build) every time.
    pub async fn fresh(&self, path: &str) -> Result<Vec<u8>, FetchError> {
        let url = self.url(path);
        let response = match prefetched(&url) {
            Some(early) => answer(&url, early).await,
            None => fetch_url(&url, true).await,
        };
        match response {
            Ok(response) => body(&url, &response).await,
            // Offline and not answered by a service worker: any cached copy will do.
            Err(e @ FetchError::Network { .. }) => match any_cached(&url).await {
                Some(bytes) => Ok(bytes),
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// Makes sure a file is in the data cache (for "Keep all articles offline"): downloads
    /// it if it is not, and waits until the cache holds it.
    pub async fn keep(&self, path: &str) -> Result<(), FetchError> {
        let url = self.url(path);
        let Some(cache) = data_cache().await else { return Ok(()) };
        if JsFuture::from(cache.match_with_str(&url)).await.ok().is_some_and(|v| !v.is_undefined()) {
            return Ok(());
        }
        let response = fetch_url(&url, false).await?;
        JsFuture::from(cache.put_with_str(&url, &response))
            .await
            .map_err(|e| FetchError::Network { url: url.clone(), message: format!("the browser would not keep it: {}", js_message(&e)) })?;
        Ok(())
    }

}

/// Every URL in the data cache.
pub async fn cached_urls(cache: &Cache) -> Vec<String> {
    let Ok(keys) = JsFuture::from(cache.keys()).await else { return Vec::new() };
    js_sys::Array::from(&keys)
        .iter()
        .filter_map(|r| r.dyn_into::<web_sys::Request>().ok())
        .map(|r| r.url())
        .collect()
}

/// Removes cached files under `prefix` that are not in `keep` (files of older builds).
pub async fn prune(cache: &Cache, prefix: &str, keep: &std::collections::HashSet<String>) -> usize {
    let mut removed = 0;
    for url in cached_urls(cache).await {
        if url.starts_with(prefix) && !keep.contains(&url) && JsFuture::from(cache.delete_with_str(&url)).await.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The absolute URL of a path relative to this global's location.
pub fn absolute(path: &str) -> String {
    let location = js_sys::Reflect::get(&global(), &"location".into()).ok();
    let href = location.and_then(|l| js_sys::Reflect::get(&l, &"href".into()).ok()).and_then(|h| h.as_string()).unwrap_or_default();
    web_sys::Url::new_with_base(path, &href).map(|u| u.href()).unwrap_or_else(|_| path.to_string())
}

/// Inflates a deflated bundle file with the browser's own `DecompressionStream`
/// (native code, and off the wasm module's back). None where the browser has none;
/// the library then inflates it itself.
pub async fn inflate_natively(bytes: &[u8]) -> Option<Vec<u8>> {
    let ctor: js_sys::Function = js_sys::Reflect::get(&global(), &"DecompressionStream".into()).ok()?.dyn_into().ok()?;
    let args = js_sys::Array::of1(&"deflate-raw".into());
    let decompress = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let stream = blob.stream();
    let pipe: js_sys::Function = js_sys::Reflect::get(&stream, &"pipeThrough".into()).ok()?.dyn_into().ok()?;
    let inflated: web_sys::ReadableStream = pipe.call1(&stream, &decompress).ok()?.dyn_into().ok()?;
    let response = Response::new_with_opt_readable_stream(Some(&inflated)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[cfg(test)]
mod tests {
    /// `worker-boot.js` spells the manifest's name itself (it runs before the worker's
    /// code exists); if the two ever differ, the early request is wasted and the worker
    /// asks again.
    #[test]
    fn worker_boot_fetches_ahead_the_manifest_the_worker_reads() {
        let boot = include_str!("../../public/worker-boot.js");
        let asked = format!("open.base + \"{}\"", tumen_core::bundle::MANIFEST);
        assert!(boot.contains(&asked), "public/worker-boot.js does not fetch {asked}");
    }
}
