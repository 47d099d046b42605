//! The result list: a status line announcing the count, the sort control, one
//! card per article on the current page, and a pager. Rendering only a page of
//! 50 keeps the list smooth with tens of thousands of matches.

use leptos::prelude::*;
use tumen_core::index::Results;

use crate::components::filters_summary::SortSelect;
use crate::state::{format_count, result_card, Library, Shared, TextPiece};
use crate::url_state::{href, use_url_view, PAGE_SIZE};

#[component]
pub fn ResultList(library: StoredValue<Shared<Library>>, results: Memo<Shared<Results>>) -> impl IntoView {
    let view_state = use_url_view();
    let total_articles = library.with_value(|l| l.articles.len());
    let status = Memo::new(move |_| {
        let total = results.with(|r| r.total);
        let filtered = view_state.search.with(|q| q.has_filters() || !q.text.trim().is_empty());
        match (filtered, total) {
            (false, n) => format!("{} article{}", format_count(n), if n == 1 { "" } else { "s" }),
            (true, 0) => "No articles match".to_string(),
            (true, n) => format!("{} of {} articles match", format_count(n), format_count(total_articles)),
        }
    });
    let page_count = Memo::new(move |_| results.with(|r| r.total.div_ceil(PAGE_SIZE).max(1)));
    let page = Memo::new(move |_| view_state.page.get().min(page_count.get()));
    let cards = Memo::new(move |_| {
        let start = (page.get() - 1) * PAGE_SIZE;
        results.with(|r| {
            let docs: Vec<u32> = r.docs.iter().skip(start).take(PAGE_SIZE).copied().collect();
            let terms = r.matched_terms.clone();
            library.with_value(|l| docs.iter().map(|&d| result_card(l, d, &terms)).collect::<Vec<_>>())
        })
    });
    view! {
        <section class="results" aria-labelledby="results-heading">
            <div class="results-bar">
                <h2 id="results-heading" class="visually-hidden">"Results"</h2>
                <p role="status" class="result-count" aria-live="polite">{move || status.get()}</p>
                <SortSelect/>
            </div>
            {move || {
                let list = cards.get();
                if list.is_empty() {
                    return view! {
                        <div class="empty-state">
                            <h3>"Nothing matches this view"</h3>
                            <p>"Try fewer filters, a shorter word (the search matches word beginnings), or another spelling. Place names match in every romanization and in Hangul."</p>
                            <a class="button" href="?">"Show all articles"</a>
                        </div>
                    }.into_any();
                }
                view! {
                    <ol class="result-list" start=move || ((page.get() - 1) * PAGE_SIZE + 1).to_string()>
                        {list.into_iter().map(|card| {
                            let link = view_state.search.with_untracked(|q| {
                                let mut q = q.clone();
                                q.article = Some(card.id.clone());
                                href(&q, 1)
                            });
                            view! {
                                <li class="result">
                                    <h3 class="result-title"><a href=link>{card.title}</a></h3>
                                    <p class="meta">
                                        {card.date.map(|d| view! { <time datetime=d.to_string()>{crate::state::format_date(d)}</time>" · " })}
                                        {card.date.is_none().then(|| view! { <span class="undated">"Undated"</span>" · " })}
                                        <span class="source">{card.source}</span>
                                    </p>
                                    <p class="snippet"><Pieces pieces=card.snippet/></p>
                                    <ul class="chips" aria-label="Provinces and topics">
                                        {card.provinces.into_iter().map(|(_, label)| view! { <li class="chip-static chip-province">{label}</li> }).collect_view()}
                                        {card.topics.into_iter().map(|(_, label)| view! { <li class="chip-static chip-topic">{label}</li> }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <Pager page=page page_count=page_count/>
        </section>
    }
}

/// Plain text with search matches marked, built from text nodes only.
#[component]
pub fn Pieces(pieces: Vec<TextPiece>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|piece| if piece.is_match { view! { <mark class="match">{piece.text}</mark> }.into_any() } else { piece.text.into_any() })
        .collect_view()
}

#[component]
fn Pager(page: Memo<usize>, page_count: Memo<usize>) -> impl IntoView {
    let view_state = use_url_view();
    let link = move |p: usize| view_state.search.with(|q| href(q, p));
    view! {
        {move || (page_count.get() > 1).then(|| {
            let current = page.get();
            let last = page_count.get();
            view! {
                <nav class="pager" aria-label="Pages of results">
                    {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">"← Previous"</a> })}
                    <span>"Page " {current} " of " {last}</span>
                    {(current < last).then(|| view! { <a href=link(current + 1) rel="next">"Next →"</a> })}
                </nav>
            }
        })}
    }
}
