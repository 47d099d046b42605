//! The language control: English or 한국어. The choice is remembered on this
//! device (`tumen:lang`) and the address follows (`lang=ko`), so a link shared
//! from the Korean interface opens in Korean. Its label names it in both
//! languages, so a reader who cannot read the one on screen still finds it.

use leptos::prelude::*;

use crate::i18n::{Lang, text, use_lang, use_strings};
use crate::storage::remember_lang;
use crate::url_state::{navigator_in, use_url_view};

#[component]
pub fn LanguageSelect() -> impl IntoView {
    let lang = use_lang();
    let t = use_strings();
    let view_state = use_url_view();
    let navigate = navigator_in();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(chosen) = Lang::from_code(&event_target_value(&ev)) else { return };
        remember_lang(chosen);
        lang.set(chosen);
        // The same view, its address now in the chosen language (no new history entry).
        navigate(&view_state.query.get_untracked(), view_state.page.get_untracked(), true, chosen);
    };
    view! {
        <label class="language">
            <span class="language-label">{text(t, |t| t.language)}</span>
            <select prop:value=move || lang.get().code() on:change=on_change>
                {Lang::ALL.map(|l| view! {
                    <option value=l.code() lang=l.code() prop:selected=move || lang.get() == l>{l.native_name()}</option>
                })}
            </select>
        </label>
    }
}
