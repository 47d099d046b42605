//! One article: title, date, source, link to the original, caption, body or
//! summary, with every entity highlighted (built from text nodes, never HTML
//! strings). Clicking an entity lists the other reports that name it.

use leptos::prelude::*;
use tumen_core::index::Results;
use tumen_core::tags::EntityKind;

use crate::components::results::Pieces;
use crate::state::{article_page, entity_others, format_date, Library, Piece, Shared};
use crate::url_state::{href, use_url_view};

#[component]
pub fn ArticleView(library: StoredValue<Shared<Library>>, doc: u32, results: Memo<Shared<Results>>) -> impl IntoView {
    let view_state = use_url_view();
    let terms = results.with_untracked(|r| r.matched_terms.clone());
    let page = library.with_value(|l| article_page(l, doc, &terms));
    let selected_entity = RwSignal::new(None::<String>);
    let back = view_state.search.with_untracked(|q| href(q, view_state.page.get_untracked()));
    let title = page.title.clone();
    // Move focus to the article so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if let Some(el) = document().get_element_by_id("article-title") {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.focus();
            }
        }
    });
    view! {
        <article class="article" aria-labelledby="article-title">
            <nav class="article-nav" aria-label="Article">
                <a href=back class="back-link">"← Back to results"</a>
            </nav>
            <header class="article-header">
                <h1 id="article-title" tabindex="-1"><Pieces pieces=page.title_pieces/></h1>
                <p class="meta">
                    {match page.date {
                        Some(d) => view! { <time datetime=d.to_string()>{format_date(d)}</time> }.into_any(),
                        None => view! { <span class="undated">"Undated"</span> }.into_any(),
                    }}
                    " · " <span class="source">{page.source.clone()}</span>
                    {page.url.clone().map(|url| view! {
                        " · " <a href=url target="_blank" rel="noopener noreferrer" class="original-link">"Read the original"<span class="visually-hidden">" (opens in a new tab)"</span></a>
                    })}
                </p>
                {(!page.provinces.is_empty() || !page.topics.is_empty()).then(|| view! {
                    <ul class="chips" aria-label="Provinces and topics">
                        {page.provinces.iter().map(|(id, label)| {
                            let link = href(&tumen_core::index::Query { provinces: vec![id.clone()], ..Default::default() }, 1);
                            view! { <li><a class="chip-static chip-province" href=link title=format!("All reports about {label}")>{label.clone()}</a></li> }
                        }).collect_view()}
                        {page.topics.iter().map(|(id, label, evidence)| {
                            let link = href(&tumen_core::index::Query { topics: vec![id.clone()], ..Default::default() }, 1);
                            view! { <li><a class="chip-static chip-topic" href=link title=format!("Why: {}", evidence.join(", "))>{label.clone()}</a></li> }
                        }).collect_view()}
                    </ul>
                })}
                {(!page.topics.is_empty()).then(|| view! {
                    <details class="why">
                        <summary>"Why these topics?"</summary>
                        <dl>
                            {page.topics.iter().map(|(_, label, evidence)| view! {
                                <dt>{label.clone()}</dt><dd>{evidence.join(", ")}</dd>
                            }).collect_view()}
                        </dl>
                    </details>
                })}
                {(!page.source_tags.is_empty()).then(|| view! {
                    <p class="site-tags">
                        <span>"The site’s own tags (shown as given, not used as topics): "</span>
                        {page.source_tags.join(", ")}
                    </p>
                })}
            </header>
            {page.caption.map(|pieces| view! {
                <p class="caption"><span class="caption-label">"Image: "</span><Segments pieces=pieces selected=selected_entity/></p>
            })}
            <Legend/>
            <div class="article-body">
                {page.blocks.into_iter().map(|block| if block.heading {
                    view! { <h2><Segments pieces=block.pieces selected=selected_entity/></h2> }.into_any()
                } else {
                    view! { <p><Segments pieces=block.pieces selected=selected_entity/></p> }.into_any()
                }).collect_view()}
            </div>
            {move || selected_entity.get().map(|id| {
                let others = library.with_value(|l| entity_others(l, &id, doc));
                let filter_link = href(&tumen_core::index::Query { entities: vec![id.clone()], ..Default::default() }, 1);
                view! {
                    <aside class="entity-panel" aria-labelledby="entity-panel-title">
                        <h2 id="entity-panel-title">{others.name.clone()}</h2>
                        <p class="entity-detail">{others.detail.clone()}</p>
                        {if others.articles.is_empty() {
                            view! { <p>"No other report in this corpus names it."</p> }.into_any()
                        } else {
                            view! {
                                <p>{format!("Named in {} other report{}:", others.total, if others.total == 1 { "" } else { "s" })}</p>
                                <ul class="entity-others">
                                    {others.articles.into_iter().map(|(other_id, other_title)| {
                                        let link = href(&tumen_core::index::Query { entities: vec![id.clone()], article: Some(other_id), ..Default::default() }, 1);
                                        view! { <li><a href=link>{other_title}</a></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <p class="entity-actions">
                            <a href=filter_link>"Show every report naming it in the list"</a>
                            <button type="button" class="link-button" on:click=move |_| selected_entity.set(None)>"Close"</button>
                        </p>
                    </aside>
                }
            })}
            <p class="article-end"><a href=view_state.search.with_untracked(|q| href(q, view_state.page.get_untracked()))>"← Back to results"</a></p>
            <span class="visually-hidden" aria-live="polite">{title}</span>
        </article>
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
