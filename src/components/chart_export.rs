//! "Save as SVG" and "Save as PNG" for a chart: the chart and, written under it, the
//! active filters and the date made, as one standalone picture. A chart drawn in SVG on
//! the page is copied with every colour resolved from the style sheet into presentation
//! attributes (the copy needs no CSS); the matrix, an HTML table, and the small multiples are drawn afresh from their
//! data in the page's colours. The PNG is that SVG drawn on a canvas at twice its size;
//! the image is loaded from a `data:` URL, which the Content-Security-Policy allows.

use std::sync::Arc;

use leptos::prelude::*;
use tumen_core::Date;
use wasm_bindgen::{JsCast, JsValue};

use crate::client::use_client;
use crate::i18n::{use_strings, Strings};
use crate::url_state::use_url_view;
use crate::view_model::{export_lines, export_svg, Palette};

/// Draws a picture `(svg, width, height)` from data in the given colours.
pub type Draw = Arc<dyn Fn(&Palette) -> Option<(String, f64, f64)> + Send + Sync>;

/// Where a picture comes from.
#[derive(Clone)]
pub enum Picture {
    /// The SVG element a CSS selector finds on the page.
    Page(&'static str),
    /// Markup `(svg, width, height)` drawn from data in the given colours.
    Drawn(Draw),
}

/// What a copy keeps of the style sheet, as presentation attributes.
const PROPERTIES: [&str; 14] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linejoin",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "visibility",
    "display",
];

/// The page's colours, from its CSS custom properties (light or dark as shown).
fn palette() -> Palette {
    let mut p = Palette::default();
    let Some(window) = web_sys::window() else { return p };
    let Some(root) = window.document().and_then(|d| d.document_element()) else { return p };
    let Ok(Some(style)) = window.get_computed_style(&root) else { return p };
    let read = |name: &str, into: &mut String| {
        let v = style.get_property_value(name).unwrap_or_default();
        let v = v.trim();
        if !v.is_empty() {
            *into = v.to_string();
        }
    };
    read("--surface", &mut p.background);
    read("--ink", &mut p.ink);
    read("--muted", &mut p.muted);
    read("--accent", &mut p.accent);
    read("--rule", &mut p.rule);
    read("--paper", &mut p.on_dark);
    for (k, shade) in p.shades.iter_mut().enumerate() {
        read(&format!("--shade-{k}"), shade);
    }
    p
}

/// A copy of the SVG element `selector` finds, its computed styles written inline, at the
/// size it is drawn.
fn page_svg(selector: &str) -> Option<(String, f64, f64)> {
    let window = web_sys::window()?;
    let svg = window.document()?.query_selector(selector).ok()??;
    let rect = svg.get_bounding_client_rect();
    let (width, height) = (rect.width().max(1.0).round(), rect.height().max(1.0).round());
    let copy: web_sys::Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let originals = svg.query_selector_all("*").ok()?;
    let copies = copy.query_selector_all("*").ok()?;
    for i in 0..originals.length().min(copies.length()) {
        let (Some(o), Some(c)) = (originals.item(i), copies.item(i)) else { continue };
        let (Ok(o), Ok(c)) = (o.dyn_into::<web_sys::Element>(), c.dyn_into::<web_sys::Element>()) else { continue };
        let Ok(Some(style)) = window.get_computed_style(&o) else { continue };
        // As presentation attributes, not a style attribute: the page's CSP forbids inline
        // style, and attributes render the same in the file.
        for p in PROPERTIES {
            if let Some(v) = style.get_property_value(p).ok().filter(|v| !v.is_empty()) {
                let _ = c.set_attribute(p, &v);
            }
        }
        for name in ["class", "tabindex", "role", "aria-pressed"] {
            let _ = c.remove_attribute(name);
        }
    }
    for name in ["class", "style", "role", "aria-label"] {
        let _ = copy.remove_attribute(name);
    }
    let _ = copy.set_attribute("width", &format!("{width}"));
    let _ = copy.set_attribute("height", &format!("{height}"));
    Some((copy.outer_html(), width, height))
}

fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date { year: now.get_full_year() as u16, month: (now.get_month() + 1) as u8, day: now.get_date() as u8 }
}

/// Draws `svg` (`width` × `height`) on a canvas at twice its size and offers it as a PNG;
/// `failed` is set when the browser refuses.
fn save_png(svg: String, width: f64, height: f64, name: String, failed: RwSignal<bool>) {
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        failed.set(true);
        return;
    };
    let src = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&svg)));
    let loaded = image.clone();
    let on_load = wasm_bindgen::closure::Closure::once_into_js(move || {
        let drawn = (|| -> Option<()> {
            let document = web_sys::window()?.document()?;
            let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
            canvas.set_width((width * 2.0).ceil() as u32);
            canvas.set_height((height * 2.0).ceil() as u32);
            let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
            context.draw_image_with_html_image_element_and_dw_and_dh(&loaded, 0.0, 0.0, width * 2.0, height * 2.0).ok()?;
            let on_blob = wasm_bindgen::closure::Closure::once_into_js(move |blob: JsValue| match blob.dyn_into::<web_sys::Blob>() {
                Ok(blob) => {
                    if !crate::download::save_blob(&name, &blob) {
                        failed.set(true);
                    }
                }
                Err(_) => failed.set(true),
            });
            canvas.to_blob(on_blob.unchecked_ref()).ok()?;
            Some(())
        })();
        if drawn.is_none() {
            failed.set(true);
        }
    });
    let on_error = wasm_bindgen::closure::Closure::once_into_js(move || failed.set(true));
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_onerror(Some(on_error.unchecked_ref()));
    image.set_src(&src);
}

/// The two buttons under a chart. `chart` names it ("the province map"); `file` is the
/// saved file's name before the date and extension.
#[component]
pub fn SaveChart(picture: Picture, chart: fn(&'static Strings) -> &'static str, file: &'static str) -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let t = use_strings();
    let failed = RwSignal::new(false);
    // The finished picture and the file name without extension.
    let make = move || -> Option<(String, f64, f64, String)> {
        let palette = palette();
        let (svg, width, height) = match &picture {
            Picture::Page(selector) => page_svg(selector)?,
            Picture::Drawn(draw) => draw(&palette)?,
        };
        let date = today();
        let lines = view_state.search.with_untracked(|q| client.results.with_untracked(|r| export_lines(t.get_untracked(), q, r.as_deref(), date)));
        let (out, w, h) = export_svg(&svg, width, height, &palette, &lines);
        Some((out, w, h, format!("tumen-{file}-{date}")))
    };
    let make_png = make.clone();
    let on_svg = move |_| match make() {
        Some((svg, _, _, name)) => failed.set(!crate::download::save(&format!("{name}.svg"), "image/svg+xml", &svg)),
        None => failed.set(true),
    };
    let on_png = move |_| match make_png() {
        Some((svg, w, h, name)) => {
            failed.set(false);
            save_png(svg, w, h, format!("{name}.png"), failed)
        }
        None => failed.set(true),
    };
    view! {
        <div class="chart-save">
            <button type="button" class="button button-quiet" on:click=on_svg
                aria-label=move || (t.get().save_svg)(chart(t.get()))>"SVG"</button>
            <button type="button" class="button button-quiet" on:click=on_png
                aria-label=move || (t.get().save_png)(chart(t.get()))>"PNG"</button>
            {move || failed.get().then(|| view! { <span class="chart-save-failed" role="status">{move || t.get().export_failed}</span> })}
        </div>
    }
}
