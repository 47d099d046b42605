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
    bars_path, format_count, map_class, Matrix, ResultsView, matrix, matrix_svg, multiples_svg, series_buckets, value_label, Bucket, FacetKind,
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

/// The matrix as drawn: its counts, and the cell the filters select (one province and one
/// topic), taken when the results settle so that the two never disagree.
type Drawn = (Matrix, Option<(usize, usize)>);

#[component]
fn TrendsMatrix(results: RwSignal<Answer>) -> impl IntoView {
    let view_state = use_url_view();
    let navigate = navigator();
    let t = use_strings();
    // Tracks the settled results only: the selection is read with them, so a click redraws
    // the table once, when its results arrive, not also at the click.
    let m: Memo<Option<Drawn>> = Memo::new(move |_| {
        results.with(|r| {
            let r = r.as_ref()?;
            let m = matrix(t.get(), r);
            let pressed = view_state.search.with_untracked(|q| match (q.provinces.as_slice(), q.topics.as_slice()) {
                ([p], [tp]) => m.rows.iter().position(|(id, _)| id == p).zip(m.columns.iter().position(|(id, _)| id == tp)),
                _ => None,
            });
            Some((m, pressed))
        })
    });
    let draw = Arc::new(move |palette: &crate::view_model::Palette| {
        let (m, _) = m.get_untracked()?;
        (!m.rows.is_empty()).then(|| matrix_svg(&m, t.get_untracked().matrix_caption, palette))
    });
    // One handler for the whole table (a cell's button says which pair it is): a closure per
    // cell made redrawing the matrix's few hundred cells measurably slower.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("button[data-cell]").ok().flatten()) else {
            return;
        };
        let Some((r, c)) = button.get_attribute("data-cell").and_then(|cell| {
            let (r, c) = cell.split_once(' ')?;
            Some((r.parse::<usize>().ok()?, c.parse::<usize>().ok()?))
        }) else {
            return;
        };
        let Some((province, topic)) = m.with_untracked(|m| {
            let (m, _) = m.as_ref()?;
            Some((m.rows.get(r)?.0.clone(), m.columns.get(c)?.0.clone()))
        }) else {
            return;
        };
        let mut query = view_state.query.get_untracked();
        query.article = None;
        query.provinces = vec![province];
        query.topics = vec![topic];
        navigate(&query, 1, false);
    };
    let table = move || {
        let Some((m, pressed)) = m.get() else { return ().into_any() };
        if m.rows.is_empty() {
            return view! { <p class="facet-empty">{text(t, |t| t.matrix_none)}</p> }.into_any();
        }
        let geo = province_map();
        let strings = t.get_untracked();
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
                    .map(|p| (p.name.as_str(), p.name_ko.as_str()))
                    .unwrap_or((province_label.as_str(), province_label.as_str()));
                let cells = m
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(c, (_, topic_label))| {
                        let n = m.cells[r][c];
                        if n == 0 {
                            return view! { <td class="empty"></td> }.into_any();
                        }
                        let shade = map_class(n, &m.bounds);
                        let label = (strings.matrix_cell)(province, name, name_ko, topic_label, n as usize);
                        let is_pressed = if pressed == Some((r, c)) { "true" } else { "false" };
                        view! {
                            <td class=format!("cell shade-{shade}")>
                                <button type="button" data-cell=format!("{r} {c}") aria-label=label.clone() title=label aria-pressed=is_pressed>
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
                <table class="matrix" on:click=on_click.clone()>
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
                    view! {
                        <svg viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") preserveAspectRatio="none" aria-hidden="true">
                            <line x1="0" x2=CHART_WIDTH.to_string() y1=CHART_HEIGHT.to_string() y2=CHART_HEIGHT.to_string()></line>
                            <path d=bars_path(&buckets, CHART_WIDTH, CHART_HEIGHT, 0.0)></path>
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
