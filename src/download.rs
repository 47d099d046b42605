//! Handing the reader a file the worker made (an export, a backup): a Blob,
//! a temporary object URL and a click on a link with `download`, as browsers
//! expect; the URL is released once the download has started.

use wasm_bindgen::JsCast;

/// Offers `text` as a file called `name`; false where the browser refused.
pub fn save(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    offer(name, url)
}

/// Clicks a hidden `<a download>` to the object URL `url`, revoked a minute later.
fn offer(name: &str, url: String) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Some(link) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else { return false };
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    let Some(body) = document.body() else { return false };
    let _ = body.append_child(&link);
    link.click();
    let _ = body.remove_child(&link);
    // Revoked later: some browsers read the URL after click() returns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    true
}

/// Offers a Blob (a picture a canvas made) as a file called `name`; false where the browser refused.
pub fn save_blob(name: &str, blob: &web_sys::Blob) -> bool {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return false };
    offer(name, url)
}
