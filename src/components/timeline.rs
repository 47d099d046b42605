//! The date filter: From/To inputs, whether to include undated articles, and a
//! timeline of the current results (articles per month, or per year over long
//! spans) where clicking a bar, or dragging across bars, selects that range.

use leptos::prelude::*;
use tumen_core::Date;

use crate::client::use_client;
use crate::components::chart_export::{Picture, SaveChart};
use crate::i18n::{count, text, use_strings};
use crate::url_state::{navigator, use_url_view};
use crate::view_model::{timeline_buckets, Bucket};

const CHART_WIDTH: f64 = 320.0;
const CHART_HEIGHT: f64 = 72.0;

#[component]
pub fn DateFilter() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let t = use_strings();
    let navigate = navigator();
    let set_range = {
        let navigate = navigate.clone();
        move |from: Option<Date>, to: Option<Date>| {
            let mut query = view_state.query.get_untracked();
            query.article = None;
            query.date_from = from;
            query.date_to = to;
            navigate(&query, 1, false);
        }
    };
    let on_from = {
        let set_range = set_range.clone();
        move |ev: leptos::ev::Event| {
            let to = view_state.query.get_untracked().date_to;
            set_range(Date::parse_iso(&event_target_value(&ev)), to);
        }
    };
    let on_to = {
        let set_range = set_range.clone();
        move |ev: leptos::ev::Event| {
            let from = view_state.query.get_untracked().date_from;
            set_range(from, Date::parse_iso(&event_target_value(&ev)));
        }
    };
    let on_undated = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::Event| {
            let mut query = view_state.query.get_untracked();
            query.undated = event_target_checked(&ev);
            navigate(&query, 1, false);
        }
    };
    let undated_count = Memo::new(move |_| client.results.with(|r| r.as_ref().map_or(0, |r| r.undated)));
    let has_range = Memo::new(move |_| view_state.search.with(|q| q.date_from.is_some() || q.date_to.is_some()));
    view! {
        <fieldset class="facet date-filter">
            <legend>{text(t, |t| t.date_title)}</legend>
            <Timeline on_select=set_range.clone()/>
            <SaveChart picture=Picture::Page(".timeline > svg") chart=|t| t.chart_timeline file="timeline"/>
            <div class="date-inputs">
                <label>
                    <span>{text(t, |t| t.from)}</span>
                    <input type="date" min="1945-01-01" max="2100-12-31"
                        prop:value=move || view_state.search.with(|q| q.date_from.map(|d| d.to_string()).unwrap_or_default())
                        on:change=on_from/>
                </label>
                <label>
                    <span>{text(t, |t| t.to)}</span>
                    <input type="date" min="1945-01-01" max="2100-12-31"
                        prop:value=move || view_state.search.with(|q| q.date_to.map(|d| d.to_string()).unwrap_or_default())
                        on:change=on_to/>
                </label>
            </div>
            {move || has_range.get().then(|| {
                let set_range = set_range.clone();
                view! { <button type="button" class="link-button" on:click=move |_| set_range(None, None)>{text(t, |t| t.any_date)}</button> }
            })}
            <label class="facet-value undated-toggle">
                <input type="checkbox" prop:checked=move || view_state.search.with(|q| q.undated) on:change=on_undated/>
                <span class="facet-label">{text(t, |t| t.include_undated)}</span>
                " "<span class="count">{move || count(undated_count.get())}</span>
            </label>
        </fieldset>
    }
}

#[component]
fn Timeline<F>(on_select: F) -> impl IntoView
where
    F: Fn(Option<Date>, Option<Date>) + Clone + Send + Sync + 'static,
{
    let client = use_client();
    let view_state = use_url_view();
    let t = use_strings();
    let buckets = Memo::new(move |_| client.results.with(|r| r.as_ref().map(|r| timeline_buckets(t.get(), &r.timeline)).unwrap_or_default()));
    let drag_start = RwSignal::new(None::<usize>);
    let hover = RwSignal::new(None::<usize>);
    let selected = move |bucket: &Bucket| {
        view_state.search.with(|q| match (q.date_from, q.date_to) {
            (None, None) => false,
            (from, to) => from.is_none_or(|f| bucket.last >= f) && to.is_none_or(|t| bucket.first <= t),
        })
    };
    view! {
        {move || {
            let list = buckets.get();
            if list.is_empty() {
                if client.results.with(Option::is_none) {
                    return view! { <div class="timeline-placeholder" aria-hidden="true"></div> }.into_any();
                }
                return view! { <p class="facet-empty">{text(t, |t| t.no_dated)}</p> }.into_any();
            }
            let max = list.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
            let n = list.len() as f64;
            let slot = CHART_WIDTH / n;
            let bar_width = (slot * 0.8).max(1.0);
            let first_label = list.first().map(|b| b.label.clone()).unwrap_or_default();
            let last_label = list.last().map(|b| b.label.clone()).unwrap_or_default();
            let total: u32 = list.iter().map(|b| b.count).sum();
            let summary = (t.get_untracked().timeline_summary)(total, &first_label, &last_label);
            let bars = list.clone().into_iter().enumerate().map(|(i, bucket)| {
                let height = if bucket.count == 0 { 0.0 } else { (bucket.count as f64 / max * (CHART_HEIGHT - 4.0)).max(2.0) };
                let x = i as f64 * slot + (slot - bar_width) / 2.0;
                let y = CHART_HEIGHT - height;
                let bucket_range = bucket.clone();
                let on_select_up = on_select.clone();
                let on_select_key = on_select.clone();
                let list_up = list.clone();
                let (first, last) = (bucket.first, bucket.last);
                let title = (t.get_untracked().bar_title)(&bucket.label, bucket.count);
                // Reactive per bar, so a new query restyles bars instead of rebuilding the chart.
                let class = move || {
                    let in_drag = match (drag_start.get(), hover.get()) {
                        (Some(a), Some(b)) => (a.min(b)..=a.max(b)).contains(&i),
                        _ => false,
                    };
                    match (in_drag, selected(&bucket_range)) {
                        (true, _) => "bar dragging",
                        (false, true) => "bar selected",
                        _ => "bar",
                    }
                };
                view! {
                    <g class=class
                        on:pointerdown=move |ev| { ev.prevent_default(); drag_start.set(Some(i)); hover.set(Some(i)); }
                        on:pointerenter=move |_| hover.set(Some(i))
                        on:pointerup=move |_| {
                            let start = drag_start.get_untracked().unwrap_or(i);
                            drag_start.set(None);
                            let (a, b) = (start.min(i), start.max(i));
                            if let (Some(from), Some(to)) = (list_up.get(a), list_up.get(b)) {
                                on_select_up(Some(from.first), Some(to.last));
                            }
                        }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                on_select_key(Some(first), Some(last));
                            }
                        }
                        tabindex="0" role="button" aria-label=title>
                        <title>{title.clone()}</title>
                        // A full-height hit area, so thin or empty bars are still easy to click.
                        <rect class="hit" x=(i as f64 * slot).to_string() y="0" width=slot.to_string() height=CHART_HEIGHT.to_string()></rect>
                        <rect class="fill" x=x.to_string() y=y.to_string() width=bar_width.to_string() height=height.to_string() rx="1"></rect>
                    </g>
                }
            }).collect_view();
            view! {
                <figure class="timeline">
                    <svg viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") preserveAspectRatio="none"
                        role="group" aria-label=summary
                        on:pointerleave=move |_| { drag_start.set(None); hover.set(None); }>
                        {bars}
                    </svg>
                    <figcaption><span>{first_label}</span><span>{last_label}</span></figcaption>
                </figure>
            }.into_any()
        }}
    }
}
