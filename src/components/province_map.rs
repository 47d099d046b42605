//! The province map: each province shaded by how many of the current results
//! concern it, with a legend in numbers. A click, Enter or Space on a province
//! toggles it in the Province filter exactly as its checkbox does (the URL
//! follows). Nampo and Kaesong, which the boundary data draws inside their
//! neighbours, are markers of their own. The cities and counties the results
//! name are points sized by how many results name them; a point toggles that
//! place in the Entity filter.

use std::collections::HashMap;

use leptos::prelude::*;
use tumen_core::geo::{province_map, Shape};
use tumen_core::index::Query;

use crate::client::use_client;
use crate::components::chart_export::{Picture, SaveChart};
use crate::i18n::{text, use_strings};
use crate::url_state::{navigator, use_url_view};
use crate::view_model::{map_bounds, map_class, map_legend, value_label, FacetKind};

#[component]
pub fn ProvinceMap() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let navigate = navigator();
    let navigate_place = navigator();
    let t = use_strings();
    let map = province_map();
    // The same counts as the Province facet: one answer, two views of it.
    let counts = Memo::new(move |_| {
        client.results.with(|r| {
            r.as_ref().map(|r| r.facet(FacetKind::Province).iter().map(|v| (v.id.clone(), v.count)).collect::<HashMap<String, u32>>()).unwrap_or_default()
        })
    });
    let bounds = Memo::new(move |_| map_bounds(counts.with(|c| c.values().copied().max().unwrap_or(0))));
    let selected = Memo::new(move |_| view_state.search.with(|q| FacetKind::Province.selected(q)));
    // The province under the pointer or the keyboard focus, named under the map.
    let pointed = RwSignal::new(None::<usize>);
    let toggle = move |id: &str| {
        let mut query: Query = view_state.query.get_untracked();
        query.article = None;
        FacetKind::Province.toggle(&mut query, id);
        navigate(&query, 1, false);
    };
    let describe = move |i: usize| -> String {
        let p = &map.provinces[i];
        let n = counts.with(|c| c.get(&p.id).copied().unwrap_or(0)) as usize;
        (t.get().map_province)(&p.id, &p.name, &p.name_ko, n)
    };
    let shapes = map
        .provinces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let id = p.id.clone();
            let class = {
                let id = id.clone();
                move || {
                    let n = counts.with(|c| c.get(&id).copied().unwrap_or(0));
                    let shade = bounds.with(|b| map_class(n, b));
                    let on = selected.with(|s| s.contains(&id));
                    format!("province shade-{shade}{}", if on { " selected" } else { "" })
                }
            };
            let pressed = {
                let id = id.clone();
                move || selected.with(|s| s.contains(&id)).to_string()
            };
            let on_click = {
                let (id, toggle) = (id.clone(), toggle.clone());
                move |_| toggle(&id)
            };
            let on_key = {
                let (id, toggle) = (id.clone(), toggle.clone());
                move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        toggle(&id);
                    }
                }
            };
            let shape = match &p.shape {
                Shape::Area(d) => view! { <path d=d.clone()></path> }.into_any(),
                Shape::Point { x, y } => view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="7"></circle> }.into_any(),
            };
            view! {
                <g class=class tabindex="0" role="button" aria-pressed=pressed aria-label=move || describe(i)
                    on:click=on_click on:keydown=on_key
                    on:pointerenter=move |_| pointed.set(Some(i)) on:pointerleave=move |_| pointed.set(None)
                    on:focus=move |_| pointed.set(Some(i)) on:blur=move |_| pointed.set(None)>
                    <title>{move || describe(i)}</title>
                    {shape}
                </g>
            }
        })
        .collect_view();
    // Cities and counties among the Entity facet's values (the places the results
    // name most), where the map knows their centre.
    let places = Memo::new(move |_| {
        let chosen = view_state.search.with(|q| FacetKind::Entity.selected(q));
        client.results.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.facet(FacetKind::Entity)
                        .iter()
                        .filter(|v| v.count > 0 || chosen.contains(&v.id))
                        .filter_map(|v| {
                            map.place(&v.id).map(|(x, y)| {
                                let label = value_label(t.get(), FacetKind::Entity, &v.id, &v.label, v.hangul.as_deref());
                                (v.id.clone(), label, v.count, x, y, chosen.contains(&v.id))
                            })
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let toggle_place = move |id: &str| {
        let mut query: Query = view_state.query.get_untracked();
        query.article = None;
        FacetKind::Entity.toggle(&mut query, id);
        navigate_place(&query, 1, false);
    };
    let points = move || {
        let list = places.get();
        let most = list.iter().map(|p| p.2).max().unwrap_or(1).max(1) as f64;
        list.into_iter()
            .map(|(id, label, n, x, y, on)| {
                let r = 2.5 + 7.5 * (n as f64 / most).sqrt();
                let name = (t.get().map_place)(&label, n as usize);
                let title = name.clone();
                let (id_click, id_key) = (id.clone(), id.clone());
                let (toggle_click, toggle_key) = (toggle_place.clone(), toggle_place.clone());
                view! {
                    <g class=if on { "place selected" } else { "place" } tabindex="0" role="button"
                        aria-pressed=on.to_string() aria-label=name
                        on:click=move |_| toggle_click(&id_click)
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                toggle_key(&id_key);
                            }
                        }>
                        <title>{title}</title>
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r=format!("{r:.1}")></circle>
                    </g>
                }
            })
            .collect_view()
    };
    let legend = move || {
        let b = bounds.get();
        if b.is_empty() {
            return view! { <p class="map-legend-empty">{text(t, |t| t.map_none)}</p> }.into_any();
        }
        let labels = map_legend(&b);
        view! {
            <ul class="map-legend" aria-label=text(t, |t| t.map_legend)>
                <li><span class="swatch shade-0" aria-hidden="true"></span>"0"</li>
                {labels.into_iter().enumerate().map(|(k, label)| view! {
                    <li><span class=format!("swatch shade-{}", k + 1) aria-hidden="true"></span>{label}</li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <figure class="province-map">
            <svg viewBox=format!("0 0 {:.0} {:.0}", map.width, map.height) role="group" aria-label=text(t, |t| t.province_map)>
                {shapes}
                <g class="places" role="group" aria-label=text(t, |t| t.map_places)>{points}</g>
            </svg>
            <figcaption>
                <p class="map-pointed" aria-hidden="true">
                    {move || pointed.get().map(describe).unwrap_or_else(|| t.get().map_hint.to_string())}
                </p>
                {legend}
                <SaveChart picture=Picture::Page(".province-map > svg") chart=|t| t.chart_map file="province-map"/>
            </figcaption>
        </figure>
    }
}

/// A small map of the places one report names: its provinces shaded, each city
/// or county it names a point. A picture with a name listing the places (the
/// same places are links in the text itself).
#[component]
pub fn ArticleMap(provinces: Vec<String>, places: Vec<(String, String)>) -> impl IntoView {
    let t = use_strings();
    let map = province_map();
    let points: Vec<(String, f64, f64)> = places.iter().filter_map(|(id, name)| map.place(id).map(|(x, y)| (name.clone(), x, y))).collect();
    if points.is_empty() && provinces.is_empty() {
        return ().into_any();
    }
    let names = points.iter().map(|(n, _, _)| n.clone()).collect::<Vec<_>>().join(", ");
    let shapes = map
        .provinces
        .iter()
        .map(|p| {
            let class = if provinces.contains(&p.id) { "province shade-3" } else { "province shade-0" };
            match &p.shape {
                Shape::Area(d) => view! { <g class=class><path d=d.clone()></path></g> }.into_any(),
                Shape::Point { x, y } => view! { <g class=class><circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="5"></circle></g> }.into_any(),
            }
        })
        .collect_view();
    let dots = points
        .into_iter()
        .map(|(name, x, y)| view! { <g class="place"><title>{name}</title><circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="14"></circle></g> })
        .collect_view();
    view! {
        <figure class="article-map">
            <svg viewBox=format!("0 0 {:.0} {:.0}", map.width, map.height) role="img"
                aria-label=move || (t.get().article_map)(&names)>
                {shapes}
                {dots}
            </svg>
        </figure>
    }
    .into_any()
}
