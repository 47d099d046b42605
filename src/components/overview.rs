//! Where and when, over the results: the date chart always, and the province map and
//! the trends when the reader asks for them. Two toggle buttons choose; the choice is
//! remembered on this device, so the list stays on the first screen for whoever wants it.

use leptos::prelude::*;

use crate::components::province_map::ProvinceMap;
use crate::components::timeline::DateFilter;
use crate::components::trends::Trends;
use crate::i18n::{text, use_strings};
use crate::storage::{remember_charts, remembered_charts};

/// Screens at least this wide show the map by default: beside the date chart it costs
/// no height. Narrower, it would push the first result below the fold.
const MAP_BY_DEFAULT_MIN_WIDTH: &str = "(min-width: 641px)";

#[component]
pub fn Overview() -> impl IntoView {
    let t = use_strings();
    let (map, trends) = remembered_charts();
    let show_map = RwSignal::new(map.unwrap_or_else(|| super::media_matches(MAP_BY_DEFAULT_MIN_WIDTH)));
    // The trends redraw with every change of the results: shown only when asked for.
    let show_trends = RwSignal::new(trends.unwrap_or(false));
    let toggle = move |which: RwSignal<bool>| {
        which.update(|on| *on = !*on);
        remember_charts(show_map.get_untracked(), show_trends.get_untracked());
    };
    view! {
        <section class="overview" class:with-map=move || show_map.get() aria-label=text(t, |t| t.where_and_when)>
            <div class="chart-toggles" role="group" aria-label=text(t, |t| t.charts_shown)>
                <button type="button" class="chart-toggle" aria-pressed=move || show_map.get().to_string()
                    on:click=move |_| toggle(show_map)>
                    {text(t, |t| t.show_map)}
                </button>
                <button type="button" class="chart-toggle" aria-pressed=move || show_trends.get().to_string()
                    on:click=move |_| toggle(show_trends)>
                    {text(t, |t| t.show_trends)}
                </button>
            </div>
            {move || show_map.get().then(|| view! { <ProvinceMap/> })}
            <DateFilter/>
            {move || show_trends.get().then(|| view! { <Trends/> })}
        </section>
    }
}
