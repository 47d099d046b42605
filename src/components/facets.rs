//! Facet checkboxes: one group per facet, each value with its live count.
//! Values that would give nothing stay listed, greyed, with a count of 0.

use leptos::prelude::*;
use tumen_core::index::Query;

use crate::client::use_client;
use crate::i18n::{count, text, use_strings};
use crate::url_state::{navigator, use_url_view};
use crate::view_model::{value_label, FacetKind};

/// How many values a long facet shows before "Show all".
const COLLAPSED: usize = 8;

#[component]
pub fn FacetPanel() -> impl IntoView {
    let t = use_strings();
    view! {
        <div class="facets">
            <h2 class="visually-hidden">{text(t, |t| t.filters)}</h2>
            <crate::components::marks::MarkFacet/>
            {FacetKind::ALL.into_iter().map(|kind| view! { <FacetGroup kind=kind/> }).collect_view()}
        </div>
    }
}

#[component]
fn FacetGroup(kind: FacetKind) -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let navigate = navigator();
    let t = use_strings();
    let expanded = RwSignal::new(false);
    let values = Memo::new(move |_| {
        let selected = view_state.search.with(|q| kind.selected(q));
        let t = t.get();
        client.results.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.facet(kind)
                        .iter()
                        .map(|v| (v.id.clone(), value_label(t, kind, &v.id, &v.label, v.hangul.as_deref()), v.count, selected.contains(&v.id)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let toggle = move |value: String| {
        let mut query: Query = view_state.query.get_untracked();
        query.article = None;
        kind.toggle(&mut query, &value);
        navigate(&query, 1, false);
    };
    view! {
        <fieldset class="facet">
            <legend>{move || (t.get().facet_title)(kind)}</legend>
            {move || {
                let all = values.get();
                if all.is_empty() {
                    return view! { <p class="facet-empty">{text(t, |t| t.nothing_to_filter)}</p> }.into_any();
                }
                let total = all.len();
                // Selected values always stay visible, even past the fold.
                let show: Vec<_> = if expanded.get() || total <= COLLAPSED + 2 {
                    all
                } else {
                    all.into_iter().enumerate().filter(|(i, v)| *i < COLLAPSED || v.3).map(|(_, v)| v).collect()
                };
                let hidden = total - show.len();
                view! {
                    <ul class="facet-values">
                        {show.into_iter().map(|(value, label, count_of, checked)| {
                            let toggle = toggle.clone();
                            let class = if count_of == 0 && !checked { "facet-value zero" } else { "facet-value" };
                            view! {
                                <li class=class>
                                    <label>
                                        <input type="checkbox" prop:checked=checked
                                            on:change=move |_| toggle(value.clone())/>
                                        <span class="facet-label">{label}</span>
                                        " "<span class="count">{count(count_of)}</span>
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(hidden > 0 || expanded.get()).then(|| view! {
                        <button type="button" class="link-button" on:click=move |_| expanded.update(|e| *e = !*e)>
                            {move || if expanded.get() { t.get().show_fewer.to_string() } else { (t.get().show_all_values)(total) }}
                        </button>
                    })}
                }.into_any()
            }}
        </fieldset>
    }
}
