//! Offline support: registers the service worker that `cargo xtask build` generates (dist/sw.js),
//! tracks whether the browser is online, and offers an update when a new build is waiting.
//!
//! - [`register_service_worker`] is safe to call more than once and in browsers without
//!   service workers (plain `http://` hosts other than localhost): it then only tracks online/offline.
//! - [`UpdateBanner`] shows "A new version of the reader is available." and a Reload button
//!   (in the reader's language, like every notice here).
//!   It never reloads by itself: the new worker waits until the reader presses Reload, then
//!   takes over (`SKIP_WAITING`) and the page reloads once `controllerchange` fires.
//! - [`OfflineIndicator`] is a quiet note while the browser is offline.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration};

struct OfflineState {
    update_available: ArcRwSignal<bool>,
    online: ArcRwSignal<bool>,
    registration: RefCell<Option<ServiceWorkerRegistration>>,
    /// Set by the Reload button: only then may `controllerchange` reload the page
    /// (on a first visit the new worker claims the page too, and that must not reload).
    reload_requested: Cell<bool>,
    started: Cell<bool>,
}

thread_local! {
    static STATE: OfflineState = OfflineState {
        update_available: ArcRwSignal::new(false),
        online: ArcRwSignal::new(true),
        registration: RefCell::new(None),
        reload_requested: Cell::new(false),
        started: Cell::new(false),
    };
}

/// True while a new version of the reader is installed and waiting for the reader's consent.
pub fn update_available() -> Signal<bool> {
    let s = STATE.with(|s| s.update_available.clone());
    Signal::derive(move || s.get())
}

/// False while the browser reports being offline.
pub fn online() -> Signal<bool> {
    let s = STATE.with(|s| s.online.clone());
    Signal::derive(move || s.get())
}

/// Starts online/offline tracking and registers `sw.js` (relative to the page, scope `./`).
pub fn register_service_worker() {
    if STATE.with(|s| s.started.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    track_online(&window);

    let navigator = window.navigator();
    let supported = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !supported {
        return; // Not a secure context, or a browser without service workers: online only.
    }
    let container = navigator.service_worker();

    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        if STATE.with(|s| s.reload_requested.get()) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    wasm_bindgen_futures::spawn_local(async move {
        match register(&container).await {
            Ok(registration) => watch_registration(&container, registration),
            Err(e) => leptos::logging::warn!("Tumen: the service worker did not register; offline reading is off: {e:?}"),
        }
    });
}

async fn register(container: &ServiceWorkerContainer) -> Result<ServiceWorkerRegistration, JsValue> {
    // container.register("sw.js", { scope: "./" }) without needing web-sys' RegistrationOptions.
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"scope".into(), &"./".into())?;
    let register: js_sys::Function = js_sys::Reflect::get(container, &"register".into())?.dyn_into()?;
    let promise: js_sys::Promise = register.call2(container, &"sw.js".into(), &options)?.dyn_into()?;
    JsFuture::from(promise).await?.dyn_into()
}

fn has_controller(container: &ServiceWorkerContainer) -> bool {
    container.controller().is_some()
}

fn worker_state(worker: &ServiceWorker) -> String {
    js_sys::Reflect::get(worker, &"state".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn watch_registration(container: &ServiceWorkerContainer, registration: ServiceWorkerRegistration) {
    // A worker from an earlier visit may already be waiting, or still installing.
    if registration.waiting().is_some() && has_controller(container) {
        STATE.with(|s| s.update_available.set(true));
    }
    if let Some(installing) = registration.installing() {
        watch_worker(container, installing);
    }
    let reg = registration.clone();
    let container_for_update = container.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        if let Some(installing) = reg.installing() {
            watch_worker(&container_for_update, installing);
        }
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
    STATE.with(|s| *s.registration.borrow_mut() = Some(registration));
}

/// Marks an update as available once `worker` has installed while another worker controls the page.
fn watch_worker(container: &ServiceWorkerContainer, worker: ServiceWorker) {
    let check = {
        let worker = worker.clone();
        let container = container.clone();
        move || {
            // "installed" with a controller present = an update is waiting (not the first install).
            if worker_state(&worker) == "installed" && has_controller(&container) {
                STATE.with(|s| s.update_available.set(true));
            }
        }
    };
    check();
    let on_state_change = Closure::<dyn FnMut()>::new(check);
    worker.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
    on_state_change.forget();
}

fn track_online(window: &web_sys::Window) {
    STATE.with(|s| s.online.set(window.navigator().on_line()));
    for (event, value) in [("online", true), ("offline", false)] {
        let listener = Closure::<dyn FnMut()>::new(move || {
            STATE.with(|s| s.online.set(value));
            if value {
                // Back online: a good moment to look for a new build.
                check_for_update();
            }
        });
        let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        listener.forget();
    }
}

/// Asks the browser to look for a new sw.js now (it also does so on every navigation).
pub fn check_for_update() {
    let registration = STATE.with(|s| s.registration.borrow().clone());
    if let Some(promise) = registration.and_then(|r| r.update().ok()) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await; // Failing offline is expected.
        });
    }
}

/// The Reload button: lets the waiting worker take over; the page reloads on `controllerchange`.
pub fn apply_update() {
    let waiting = STATE.with(|s| s.registration.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) => {
            STATE.with(|s| s.reload_requested.set(true));
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            if worker.post_message(&message).is_err() {
                reload();
            }
        }
        // Nothing waiting any more (another tab took the update): a plain reload shows it.
        None => reload(),
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// "A new version of the reader is available." with a Reload button. Renders nothing otherwise.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let available = update_available();
    let t = crate::i18n::use_strings();
    view! {
        <div class="update-banner-region" aria-live="polite">
            <Show when=move || available.get()>
                <div class="update-banner">
                    <p>{crate::i18n::text(t, |t| t.update_available)}</p>
                    <button type="button" on:click=move |_| apply_update()>{crate::i18n::text(t, |t| t.reload)}</button>
                </div>
            </Show>
        </div>
    }
}

/// A quiet note while the browser is offline. Renders nothing when online.
#[component]
pub fn OfflineIndicator() -> impl IntoView {
    let online = online();
    let t = crate::i18n::use_strings();
    view! {
        <div class="offline-indicator-region" aria-live="polite">
            <Show when=move || !online.get()>
                <p class="offline-indicator">{crate::i18n::text(t, |t| t.offline_notice)}</p>
            </Show>
        </div>
    }
}

/// When a file the reader needs is gone from the server (a new version was
/// published while this page was open): say so and offer a reload.
#[component]
pub fn OutdatedBanner() -> impl IntoView {
    let client = crate::client::use_client();
    let t = crate::i18n::use_strings();
    view! {
        <div class="update-banner-region" aria-live="polite">
            <Show when=move || client.outdated.get()>
                <div class="update-banner">
                    <p>{crate::i18n::text(t, |t| t.corpus_newer)}</p>
                    <button type="button" on:click=move |_| apply_update()>{crate::i18n::text(t, |t| t.reload_now)}</button>
                </div>
            </Show>
        </div>
    }
}
