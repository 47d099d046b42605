//! One article: title, date, source, link to the original, caption, body or
//! summary, with every entity highlighted (built from text nodes, never HTML
//! strings). Clicking an entity lists the other reports that name it.

use std::sync::Arc;

use leptos::prelude::*;
use tumen_core::index::Query;
use tumen_core::tags::EntityKind;

use crate::client::{use_client, ArticleState};
use crate::components::province_map::ArticleMap;
use crate::components::results::Pieces;
use crate::i18n::{text, use_lang, use_strings};
use crate::url_state::{href, use_url_view};
use crate::view_model::{format_date, label_in, ArticleView as View, FacetKind, Piece};

#[component]
pub fn ArticleView() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let t = use_strings();
    let lang = use_lang();
    let back = Memo::new(move |_| view_state.search.with(|q| href(q, view_state.page.get(), lang.get())));
    view! {
        <article class="article" aria-labelledby="article-title" data-article=move || view_state.query.with(|q| q.article.clone())>
            <nav class="article-nav" aria-label=text(t, |t| t.article_nav)>
                <a href=move || back.get() class="back-link">{text(t, |t| t.back_to_results)}</a>
            </nav>
            {move || match client.article.get() {
                ArticleState::Ready(view) => view! { <ArticleBody view=view/> }.into_any(),
                ArticleState::Failed(_, trouble) => view! {
                    <div class="error-card" role="alert">
                        <h1 id="article-title" tabindex="-1">{text(t, |t| t.article_unavailable)}</h1>
                        <p>{move || (t.get().trouble)(&trouble)}</p>
                    </div>
                }.into_any(),
                _ => view! {
                    <div class="article-loading" aria-busy="true">
                        <h1 id="article-title" class="visually-hidden" tabindex="-1">{text(t, |t| t.opening_article)}</h1>
                        <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>
                    </div>
                }.into_any(),
            }}
            <p class="article-end"><a href=move || back.get()>{text(t, |t| t.back_to_results)}</a></p>
        </article>
    }
}

#[component]
fn ArticleBody(view: Arc<View>) -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let lang = use_lang();
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
                    Some(d) => view! { <time datetime=d.to_string()>{move || format_date(t.get(), d)}</time> }.into_any(),
                    None => view! { <span class="undated">{text(t, |t| t.undated)}</span> }.into_any(),
                }}
                " · " <bdi class="source">{page.source.clone()}</bdi>
                {page.url.clone().map(|url| view! {
                    " · " <a href=url target="_blank" rel="noopener noreferrer" class="original-link">
                        {text(t, |t| t.read_original)}<span class="visually-hidden">{text(t, |t| t.opens_new_tab)}</span>
                    </a>
                })}
            </p>
            {(!page.provinces.is_empty() || !page.topics.is_empty()).then(|| view! {
                <ul class="chips" aria-label=text(t, |t| t.provinces_and_topics)>
                    {page.provinces.iter().cloned().map(|l| {
                        let query = Query { provinces: vec![l.id.clone()], ..Default::default() };
                        let label = l.clone();
                        let name = move || label_in(t.get(), FacetKind::Province, &label);
                        view! {
                            <li><a class="chip-static chip-province" href=move || href(&query, 1, lang.get())
                                title=move || (t.get().all_reports_about)(&label_in(t.get(), FacetKind::Province, &l))>{name}</a></li>
                        }
                    }).collect_view()}
                    {page.topics.iter().map(|topic| {
                        let query = Query { topics: vec![topic.id.clone()], ..Default::default() };
                        let evidence = topic.evidence.join(", ");
                        let label = crate::view_model::Label { id: topic.id.clone(), label: topic.label.clone() };
                        view! {
                            <li><a class="chip-static chip-topic" href=move || href(&query, 1, lang.get())
                                title=move || (t.get().why_topic)(&evidence)>{move || label_in(t.get(), FacetKind::Topic, &label)}</a></li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!page.topics.is_empty()).then(|| view! {
                <details class="why">
                    <summary>{text(t, |t| t.why_topics)}</summary>
                    <dl>
                        {page.topics.iter().map(|topic| {
                            let label = crate::view_model::Label { id: topic.id.clone(), label: topic.label.clone() };
                            view! {
                                <dt>{move || label_in(t.get(), FacetKind::Topic, &label)}</dt><dd>{topic.evidence.join(", ")}</dd>
                            }
                        }).collect_view()}
                    </dl>
                </details>
            })}
            {(!page.source_tags.is_empty()).then(|| view! {
                <p class="site-tags">
                    <span>{text(t, |t| t.site_tags)}</span>
                    <bdi>{page.source_tags.join(", ")}</bdi>
                </p>
            })}
        </header>
        {page.caption.clone().map(|pieces| view! {
            <p class="caption"><span class="caption-label">{text(t, |t| t.image_label)}</span><Segments pieces=pieces selected=selected_entity/></p>
        })}
        <Legend/>
        {
            // Where: the report's provinces and the cities and counties it names.
            let lang_names = t.get_untracked().hangul_names;
            let places: Vec<(String, String)> = page
                .entities_named()
                .into_iter()
                .map(|e| {
                    let name = if lang_names { e.hangul.clone().unwrap_or(e.name.clone()) } else { e.name.clone() };
                    (e.id, name)
                })
                .collect();
            let provinces: Vec<String> = page.provinces.iter().map(|l| l.id.clone()).collect();
            view! { <ArticleMap provinces=provinces places=places/> }
        }
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
    let t = use_strings();
    let lang = use_lang();
    let filter_query = Query { entities: vec![id.clone()], ..Default::default() };
    let entity_id = id.clone();
    view! {
        <aside class="entity-panel" aria-labelledby="entity-panel-title">
            {move || match client.entity.get().filter(|e| e.id == entity_id) {
                None => view! { <h2 id="entity-panel-title">{text(t, |t| t.finding_others)}</h2> }.into_any(),
                Some(others) => {
                    let id = others.id.clone();
                    let (heading, detail) = (others.entity.clone(), others.entity.clone());
                    let total = others.total;
                    view! {
                        <h2 id="entity-panel-title">{move || (t.get().entity_name)(&heading)}</h2>
                        <p class="entity-detail">{move || (t.get().entity_detail)(&detail)}</p>
                        {if others.articles.is_empty() {
                            view! { <p>{text(t, |t| t.no_others)}</p> }.into_any()
                        } else {
                            view! {
                                <p>{move || (t.get().named_in_others)(total)}</p>
                                <ul class="entity-others">
                                    {others.articles.into_iter().map(|(other_id, other_title)| {
                                        let query = Query { entities: vec![id.clone()], article: Some(other_id), ..Default::default() };
                                        view! { <li><a href=move || href(&query, 1, lang.get())>{other_title}</a></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                }
            }}
            <p class="entity-actions">
                <a href=move || href(&filter_query, 1, lang.get())>{text(t, |t| t.show_every_report)}</a>
                <button type="button" class="link-button" on:click=move |_| selected.set(None)>{text(t, |t| t.close)}</button>
            </p>
        </aside>
    }
}

/// Text with entity highlights and search matches, one text node per piece.
#[component]
fn Segments(pieces: Vec<Piece>, selected: RwSignal<Option<String>>) -> impl IntoView {
    let t = use_strings();
    pieces
        .into_iter()
        .map(|piece| {
            let text = if piece.is_match { view! { <mark class="match">{piece.text.clone()}</mark> }.into_any() } else { piece.text.clone().into_any() };
            match piece.entity {
                Some(entity) => {
                    let id = entity.id.clone();
                    let class = format!("ent ent-{}", entity.kind.as_str());
                    let data_entity = entity.id.clone();
                    view! {
                        <button type="button" class=class title=move || (t.get().entity_title)(&entity) data-entity=data_entity
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
    let t = use_strings();
    let kinds = [EntityKind::Province, EntityKind::Place, EntityKind::Region, EntityKind::ForeignPlace, EntityKind::Organization, EntityKind::Event];
    view! {
        <div class="legend" role="note" aria-label=text(t, |t| t.legend_label)>
            <span class="legend-title">{text(t, |t| t.highlighted)}</span>
            {kinds.into_iter().map(|k| view! {
                <span class=format!("legend-item ent ent-{}", k.as_str())>{move || (t.get().kind_name)(k)}</span>
            }).collect_view()}
            <span class="legend-item"><mark class="match">{text(t, |t| t.search_match)}</mark></span>
            <span class="legend-hint">{text(t, |t| t.legend_hint)}</span>
        </div>
    }
}
