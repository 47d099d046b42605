//! Trends over the current results: a province × topic matrix (an HTML table whose cells
//! are buttons filtering to that pair) and small multiples, one small bar chart per top
//! topic or province on the timeline's months, each a button filtering to its value. The
//! counts come from the core (`Results::province_topics`, `topic_series`,
//! `province_series`) through the worker; this only lays them out, once the results have
//! settled ([`SETTLE_MS`]).

use std::sync::Arc;

use leptos::prelude::*;
use tumen_core::geo::province_map;
use wasm_bindgen::JsCast;

use crate::client::use_client;
use crate::components::chart_export::{Picture, SaveChart};
use crate::i18n::{text, use_strings};
use crate::url_state::{navigator, use_url_view};
use crate::view_model::{
    format_count, map_class, ResultsView, matrix, matrix_svg, multiples_svg, series_buckets, value_label, Bucket, FacetKind,
    TOO_FEW_REPORTS,
};

const CHART_WIDTH: f64 = 320.0;
const CHART_HEIGHT: f64 = 40.0;

/// How long the results must stay the same before the trends redraw: while the reader
/// types, every letter's list comes first and the charts follow once typing pauses
/// (redrawing the table on every keystroke doubled the interaction p95 in `cargo xtask bench`).
const SETTLE_MS: i32 = 150;

type Answer = Option<Arc<ResultsView>>;

#[component]
pub fn Trends() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let settled: RwSignal<Answer> = RwSignal::new(client.results.get_untracked());
    let timer = RwSignal::new(None::<i32>);
    Effect::new(move |first: Option<()>| {
        client.results.track();
        if first.is_none() {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        if let Some(id) = timer.get_untracked() {
            window.clear_timeout_with_handle(id);
        }
        let settle = wasm_bindgen::closure::Closure::once_into_js(move || settled.set(client.results.get_untracked()));
        timer.set(window.set_timeout_with_callback_and_timeout_and_arguments_0(settle.unchecked_ref(), SETTLE_MS).ok());
    });
    view! {
        <section class="trends" aria-labelledby="trends-title">
            <h2 id="trends-title" class="trends-title">{text(t, |t| t.trends_title)}</h2>
            <TrendsMatrix results=settled/>
            <SmallMultiples results=settled/>
        </section>
    }
}

#[component]
fn TrendsMatrix(results: RwSignal<Answer>) -> impl IntoView {
    let view_state = use_url_view();
    let navigate = navigator();
    let t = use_strings();
    let m = Memo::new(move |_| results.with(|r| r.as_ref().map(|r| matrix(t.get(), r))));
    let selected = Memo::new(move |_| view_state.search.with(|q| (q.provinces.clone(), q.topics.clone())));
    let draw = Arc::new(move |palette: &crate::view_model::Palette| {
        let m = m.get_untracked()?;
        (!m.rows.is_empty()).then(|| matrix_svg(&m, t.get_untracked().matrix_caption, palette))
    });
    let table = move || {
        let Some(m) = m.get() else { return ().into_any() };
        if m.rows.is_empty() {
            return view! { <p class="facet-empty">{text(t, |t| t.matrix_none)}</p> }.into_any();
        }
        let geo = province_map();
        let header = m.columns.iter().map(|(_, label)| view! { <th scope="col"><span>{label.clone()}</span></th> }).collect_view();
        let rows = m
            .rows
            .iter()
            .enumerate()
            .map(|(r, (province, province_label))| {
                let (name, name_ko) = geo
                    .provinces
                    .iter()
                    .find(|p| &p.id == province)
                    .map(|p| (p.name.clone(), p.name_ko.clone()))
                    .unwrap_or_else(|| (province_label.clone(), province_label.clone()));
                let cells = m
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(c, (topic, topic_label))| {
                        let n = m.cells[r][c];
                        if n == 0 {
                            return view! { <td class="empty"></td> }.into_any();
                        }
                        let shade = map_class(n, &m.bounds);
                        let label = (t.get_untracked().matrix_cell)(province, &name, &name_ko, topic_label, n as usize);
                        let (p, tp) = (province.clone(), topic.clone());
                        let (p_on, tp_on) = (province.clone(), topic.clone());
                        let navigate = navigate.clone();
                        let on_click = move |_| {
                            let mut query = view_state.query.get_untracked();
                            query.article = None;
                            query.provinces = vec![p.clone()];
                            query.topics = vec![tp.clone()];
                            navigate(&query, 1, false);
                        };
                        let pressed = move || selected.with(|(ps, ts)| (ps == std::slice::from_ref(&p_on) && ts == std::slice::from_ref(&tp_on)).to_string());
                        view! {
                            <td class=format!("cell shade-{shade}")>
                                <button type="button" aria-label=label.clone() title=label aria-pressed=pressed on:click=on_click>
                                    {format_count(n as usize)}
                                </button>
                            </td>
                        }
                        .into_any()
                    })
                    .collect_view();
                view! { <tr><th scope="row">{province_label.clone()}</th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <div class="matrix-scroll" tabindex="0" role="region" aria-label=text(t, |t| t.matrix_caption)>
                <table class="matrix">
                    <caption>{text(t, |t| t.matrix_caption)}</caption>
                    <thead><tr><th scope="col">{text(t, |t| t.matrix_corner)}</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="trends-matrix">
            {table}
            <SaveChart picture=Picture::Drawn(draw) chart=|t| t.chart_matrix file="province-topic-table"/>
        </div>
    }
}

/// One small multiple: the value's id, its name in the reader's language, its reports on
/// the timeline, its bars.
type Multiple = (String, String, u32, Vec<Bucket>);

#[component]
fn SmallMultiples(results: RwSignal<Answer>) -> impl IntoView {
    let view_state = use_url_view();
    let navigate = navigator();
    let t = use_strings();
    let by_province = RwSignal::new(false);
    let kind = move || if by_province.get() { FacetKind::Province } else { FacetKind::Topic };
    let series = Memo::new(move |_| {
        let kind = kind();
        results.with(|r| {
            let Some(r) = r.as_ref() else { return Vec::new() };
            let list = if kind == FacetKind::Province { &r.trends.provinces } else { &r.trends.topics };
            list.iter()
                .map(|s| {
                    let label = match r.value(kind, &s.id) {
                        Some(v) => value_label(t.get(), kind, &v.id, &v.label, v.hangul.as_deref()),
                        None => value_label(t.get(), kind, &s.id, r.trends.label(&s.id), None),
                    };
                    (s.id.clone(), label, s.total, series_buckets(t.get(), &r.timeline, &s.months))
                })
                .collect::<Vec<Multiple>>()
        })
    });
    let draw = Arc::new(move |palette: &crate::view_model::Palette| {
        let list: Vec<(String, u32, Vec<Bucket>)> = series.get_untracked().into_iter().map(|(_, label, total, b)| (label, total, b)).collect();
        (!list.is_empty()).then(|| multiples_svg(t.get_untracked(), &list, t.get_untracked().multiples_title, palette))
    });
    let charts = move || {
        let list = series.get();
        if list.is_empty() {
            return ().into_any();
        }
        let kind = kind();
        list.into_iter()
            .map(|(id, label, total, buckets)| {
                let name = (t.get_untracked().multiple_name)(&label, total);
                let navigate = navigate.clone();
                let on_click = move |_| {
                    let mut query = view_state.query.get_untracked();
                    query.article = None;
                    match kind {
                        FacetKind::Province => query.provinces = vec![id.clone()],
                        _ => query.topics = vec![id.clone()],
                    }
                    navigate(&query, 1, false);
                };
                let chart = if total < TOO_FEW_REPORTS {
                    view! { <span class="too-few">{t.get_untracked().too_few_reports}</span> }.into_any()
                } else {
                    let max = buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
                    let slot = CHART_WIDTH / buckets.len().max(1) as f64;
                    let bars = buckets
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| b.count > 0)
                        .map(|(i, b)| {
                            let h = (b.count as f64 / max * (CHART_HEIGHT - 2.0)).max(1.5);
                            view! {
                                <rect x=format!("{:.2}", i as f64 * slot + slot * 0.1) y=format!("{:.2}", CHART_HEIGHT - h)
                                    width=format!("{:.2}", (slot * 0.8).max(0.5)) height=format!("{h:.2}")></rect>
                            }
                        })
                        .collect_view();
                    view! {
                        <svg viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") preserveAspectRatio="none" aria-hidden="true">
                            <line x1="0" x2=CHART_WIDTH.to_string() y1=CHART_HEIGHT.to_string() y2=CHART_HEIGHT.to_string()></line>
                            {bars}
                        </svg>
                    }
                    .into_any()
                };
                view! {
                    <li>
                        <button type="button" class="multiple" on:click=on_click>
                            <span class="multiple-name">{name}</span>
                            {chart}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="small-multiples">
            <div class="multiples-head">
                <h3>{text(t, |t| t.multiples_title)}</h3>
                <div class="multiples-toggle" role="group" aria-label=text(t, |t| t.multiples_by)>
                    <button type="button" class="button button-quiet" aria-pressed=move || (!by_province.get()).to_string()
                        on:click=move |_| by_province.set(false)>{text(t, |t| t.multiples_topics)}</button>
                    <button type="button" class="button button-quiet" aria-pressed=move || by_province.get().to_string()
                        on:click=move |_| by_province.set(true)>{text(t, |t| t.multiples_provinces)}</button>
                </div>
            </div>
            <ul class="multiples">{charts}</ul>
            <SaveChart picture=Picture::Drawn(draw) chart=|t| t.chart_multiples file="charts-over-time"/>
        </div>
    }
}
