//! One article: title, date, source, link to the original, caption, body or
//! summary, with every entity highlighted (built from text nodes, never HTML
//! strings). Clicking an entity lists the other reports that name it.

use std::sync::Arc;

use leptos::prelude::*;
use tumen_core::index::Query;
use tumen_core::tags::EntityKind;

use crate::client::{use_client, ArticleState};
use crate::components::results::Pieces;
use crate::url_state::{href, use_url_view};
use crate::view_model::{format_date, plural, ArticleView as View, Piece};

#[component]
pub fn ArticleView() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let back = Memo::new(move |_| view_state.search.with(|q| href(q, view_state.page.get())));
    view! {
        <article class="article" aria-labelledby="article-title">
            <nav class="article-nav" aria-label="Article">
                <a href=move || back.get() class="back-link">"← Back to results"</a>
            </nav>
            {move || match client.article.get() {
                ArticleState::Ready(view) => view! { <ArticleBody view=view/> }.into_any(),
                ArticleState::Failed(_, message) => view! {
                    <div class="error-card" role="alert">
                        <h1 id="article-title" tabindex="-1">"This article cannot be shown right now"</h1>
                        <p>{message}</p>
                    </div>
                }.into_any(),
                _ => view! {
                    <div class="article-loading" aria-busy="true">
                        <h1 id="article-title" class="visually-hidden" tabindex="-1">"Opening the article…"</h1>
                        <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>
                    </div>
                }.into_any(),
            }}
            <p class="article-end"><a href=move || back.get()>"← Back to results"</a></p>
        </article>
    }
}

#[component]
fn ArticleBody(view: Arc<View>) -> impl IntoView {
    let client = use_client();
    let page = view;
    let selected_entity = RwSignal::new(None::<String>);
    let article_id = page.id.clone();
    // Ask for the entity panel when a highlighted name is selected.
    Effect::new(move |_| {
        if let Some(id) = selected_entity.get() {
            client.show_entity(id, Some(article_id.clone()));
        }
    });
    // Move focus to the article so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if let Some(el) = document().get_element_by_id("article-title") {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    });
    let title = page.title.clone();
    view! {
        <header class="article-header">
            <h1 id="article-title" tabindex="-1"><Pieces pieces=page.title_pieces.clone()/></h1>
            <p class="meta">
                {match page.date {
                    Some(d) => view! { <time datetime=d.to_string()>{format_date(d)}</time> }.into_any(),
                    None => view! { <span class="undated">"Undated"</span> }.into_any(),
                }}
                " · " <bdi class="source">{page.source.clone()}</bdi>
                {page.url.clone().map(|url| view! {
                    " · " <a href=url target="_blank" rel="noopener noreferrer" class="original-link">"Read the original"<span class="visually-hidden">" (opens in a new tab)"</span></a>
                })}
            </p>
            {(!page.provinces.is_empty() || !page.topics.is_empty()).then(|| view! {
                <ul class="chips" aria-label="Provinces and topics">
                    {page.provinces.iter().map(|l| {
                        let link = href(&Query { provinces: vec![l.id.clone()], ..Default::default() }, 1);
                        view! { <li><a class="chip-static chip-province" href=link title=format!("All reports about {}", l.label)>{l.label.clone()}</a></li> }
                    }).collect_view()}
                    {page.topics.iter().map(|t| {
                        let link = href(&Query { topics: vec![t.id.clone()], ..Default::default() }, 1);
                        view! { <li><a class="chip-static chip-topic" href=link title=format!("Why: {}", t.evidence.join(", "))>{t.label.clone()}</a></li> }
                    }).collect_view()}
                </ul>
            })}
            {(!page.topics.is_empty()).then(|| view! {
                <details class="why">
                    <summary>"Why these topics?"</summary>
                    <dl>
                        {page.topics.iter().map(|t| view! {
                            <dt>{t.label.clone()}</dt><dd>{t.evidence.join(", ")}</dd>
                        }).collect_view()}
                    </dl>
                </details>
            })}
            {(!page.source_tags.is_empty()).then(|| view! {
                <p class="site-tags">
                    <span>"The site’s own tags (shown as given, not used as topics): "</span>
                    <bdi>{page.source_tags.join(", ")}</bdi>
                </p>
            })}
        </header>
        {page.caption.clone().map(|pieces| view! {
            <p class="caption"><span class="caption-label">"Image: "</span><Segments pieces=pieces selected=selected_entity/></p>
        })}
        <Legend/>
        <div class="article-body">
            {page.blocks.iter().cloned().map(|block| if block.heading {
                view! { <h2><Segments pieces=block.pieces selected=selected_entity/></h2> }.into_any()
            } else {
                view! { <p><Segments pieces=block.pieces selected=selected_entity/></p> }.into_any()
            }).collect_view()}
        </div>
        {move || selected_entity.get().map(|id| view! { <EntityPanel id=id selected=selected_entity/> })}
        <span class="visually-hidden" aria-live="polite">{title}</span>
    }
}

#[component]
fn EntityPanel(id: String, selected: RwSignal<Option<String>>) -> impl IntoView {
    let client = use_client();
    let filter_link = href(&Query { entities: vec![id.clone()], ..Default::default() }, 1);
    let entity_id = id.clone();
    view! {
        <aside class="entity-panel" aria-labelledby="entity-panel-title">
            {move || match client.entity.get().filter(|e| e.id == entity_id) {
                None => view! { <h2 id="entity-panel-title">"Finding other reports…"</h2> }.into_any(),
                Some(others) => {
                    let id = others.id.clone();
                    view! {
                        <h2 id="entity-panel-title">{others.name.clone()}</h2>
                        <p class="entity-detail">{others.detail.clone()}</p>
                        {if others.articles.is_empty() {
                            view! { <p>"No other report in this corpus names it."</p> }.into_any()
                        } else {
                            view! {
                                <p>{format!("Named in {} other report{}:", others.total, plural(others.total))}</p>
                                <ul class="entity-others">
                                    {others.articles.into_iter().map(|(other_id, other_title)| {
                                        let link = href(&Query { entities: vec![id.clone()], article: Some(other_id), ..Default::default() }, 1);
                                        view! { <li><a href=link>{other_title}</a></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                }
            }}
            <p class="entity-actions">
                <a href=filter_link>"Show every report naming it in the list"</a>
                <button type="button" class="link-button" on:click=move |_| selected.set(None)>"Close"</button>
            </p>
        </aside>
    }
}

/// Text with entity highlights and search matches, one text node per piece.
#[component]
fn Segments(pieces: Vec<Piece>, selected: RwSignal<Option<String>>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|piece| {
            let text = if piece.is_match { view! { <mark class="match">{piece.text.clone()}</mark> }.into_any() } else { piece.text.clone().into_any() };
            match piece.entity {
                Some(entity) => {
                    let id = entity.id.clone();
                    let class = format!("ent ent-{}", entity.kind.as_str());
                    view! {
                        <button type="button" class=class title=entity.title.clone() data-entity=entity.id.clone()
                            on:click=move |_| selected.set(Some(id.clone()))>{text}</button>
                    }
                    .into_any()
                }
                None => text,
            }
        })
        .collect_view()
}

#[component]
fn Legend() -> impl IntoView {
    let kinds = [EntityKind::Province, EntityKind::Place, EntityKind::Region, EntityKind::ForeignPlace, EntityKind::Organization, EntityKind::Event];
    view! {
        <div class="legend" role="note" aria-label="Highlight legend">
            <span class="legend-title">"Highlighted:"</span>
            {kinds.into_iter().map(|k| view! {
                <span class=format!("legend-item ent ent-{}", k.as_str())>{k.label()}</span>
            }).collect_view()}
            <span class="legend-item"><mark class="match">"search match"</mark></span>
            <span class="legend-hint">"Select a highlighted name to see other reports naming it."</span>
        </div>
    }
}
