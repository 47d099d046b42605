//! The search box: typing changes the view at once and the URL once typing
//! pauses (replacing, not pushing, history); the URL updates the box, so Back
//! and shared links restore the text. A reload during the pause keeps the text.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::{text, use_lang, use_strings};
use crate::storage;
use crate::url_state::{address, navigator, use_url_view};

/// The URL follows the typed text once typing pauses this long (or at once when the box
/// is left or Enter is pressed).
const URL_DELAY: Duration = Duration::from_millis(250);
/// Screens where the full search hint does not fit in the box (a 360-480 px phone).
const NARROW_SCREEN: &str = "(max-width: 480px)";

#[component]
pub fn SearchBox() -> impl IntoView {
    let view_state = use_url_view();
    let client = crate::client::use_client();
    let t = use_strings();
    let navigate = navigator();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel_pending = move || {
        if let Some(handle) = pending.try_get_value().flatten() {
            handle.clear();
            pending.set_value(None);
        }
    };
    // Writes the typed text to the URL (the query already has it), unless the URL changed
    // meanwhile and settled it.
    let write_url = move || {
        cancel_pending();
        if view_state.typed.try_with_untracked(Option::is_some).unwrap_or(false) {
            navigate(&view_state.query.get_untracked(), 1, true);
        }
    };
    let on_input = {
        let write_url = write_url.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            // The view this text makes: the URL's, with this text, on page 1.
            if let Some(mut search) = view_state.search.try_get_untracked() {
                search.text = text.clone();
                crate::url_state::send_ahead(client, view_state, search, 1);
            }
            view_state.typed.set(Some(text));
            cancel_pending();
            pending.set_value(set_timeout_with_handle(write_url.clone(), URL_DELAY).ok());
        }
    };
    // A reload reopens the address the page had: a write still waiting would be lost, and a
    // write now comes too late (the reload's address is already chosen). Kept for the next
    // page in this tab instead: `public/support.js`, the first script, puts it back.
    let lang = use_lang();
    let page_hidden = window_event_listener_untyped("pagehide", move |_| {
        let waiting = pending.try_get_value().flatten().is_some();
        if waiting && view_state.typed.try_with_untracked(Option::is_some).unwrap_or(false) {
            if let Ok(from) = window().location().href() {
                storage::remember_unwritten_url(&from, &address(&view_state.query.get_untracked(), 1, lang.get_untracked()));
            }
        }
    });
    // Back from the back-forward cache, this page lives on and its waiting write goes ahead:
    // nothing is to be put back on a later reload (the text may have changed by then).
    let page_shown = window_event_listener_untyped("pageshow", |_| {
        storage::forget_unwritten_url();
    });
    on_cleanup({
        let write_url = write_url.clone();
        move || {
            page_hidden.remove();
            page_shown.remove();
            if pending.try_get_value().flatten().is_some() {
                write_url();
            }
        }
    });
    let on_submit = {
        let write_url = write_url.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            write_url();
        }
    };
    // The full hint (with the phrase and exclusion syntax) is cut off on a phone; there the
    // box says less. Chosen when the box appears: a phone seldom becomes a desktop.
    let narrow = super::media_matches(NARROW_SCREEN);
    view! {
        <form class="search" role="search" on:submit=on_submit>
            <label for="search-input" class="visually-hidden">{text(t, |t| t.search_label)}</label>
            <input
                id="search-input"
                type="search"
                autocomplete="off"
                spellcheck="false"
                maxlength="2000"
                placeholder=move || if narrow { t.get().search_placeholder_short } else { t.get().search_placeholder }
                prop:value=move || view_state.query.with(|q| q.text.clone())
                on:input=on_input
                on:blur=move |_| write_url()
            />
        </form>
    }
}
