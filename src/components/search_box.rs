//! The search box: typing updates the URL (replacing, not pushing, history),
//! and the URL updates the box, so Back and shared links restore the text.

use leptos::prelude::*;

use crate::i18n::{text, use_strings};
use crate::url_state::{navigator, use_url_view};

#[component]
pub fn SearchBox() -> impl IntoView {
    let view_state = use_url_view();
    let t = use_strings();
    let navigate = navigator();
    let on_input = move |ev: leptos::ev::Event| {
        let mut query = view_state.query.get_untracked();
        query.text = event_target_value(&ev);
        query.article = None;
        navigate(&query, 1, true);
    };
    view! {
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="search-input" class="visually-hidden">{text(t, |t| t.search_label)}</label>
            <input
                id="search-input"
                type="search"
                autocomplete="off"
                spellcheck="false"
                maxlength="2000"
                placeholder=text(t, |t| t.search_placeholder)
                prop:value=move || view_state.query.with(|q| q.text.clone())
                on:input=on_input
            />
        </form>
    }
}
