//! The result list: a status line announcing the count, the sort control, one
//! card per article on the current page, and a pager. Cards show their title
//! at once; the first lines fill in when their file arrives, in space kept for
//! them, so nothing moves.

use leptos::prelude::*;

use crate::client::use_client;
use crate::components::filters_summary::SortSelect;
use crate::url_state::{href, use_url_view};
use crate::view_model::{corrections_line, format_count, format_date, plural, relaxed_line, TextPiece};

#[component]
pub fn ResultList() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let results = client.results;
    let status = Memo::new(move |_| {
        // Count and wording from the same answer, so a new query never shows the last one's count.
        let Some((total, filtered)) = results.with(|r| r.as_ref().map(|r| (r.total, r.filtered))) else { return "Searching…".to_string() };
        let all = client.summary.with(|s| s.articles);
        match (filtered, total) {
            (false, n) => format!("{} article{}", format_count(n), plural(n)),
            (true, 0) => "No articles match".to_string(),
            (true, n) => format!("{} of {} articles match", format_count(n), format_count(all)),
        }
    });
    let page = Memo::new(move |_| results.with(|r| r.as_ref().map_or((1, 1), |r| (r.page, r.page_count))));
    view! {
        <section class="results" aria-labelledby="results-heading">
            <div class="results-bar">
                <h2 id="results-heading" class="visually-hidden">"Results"</h2>
                <p role="status" class="result-count" aria-live="polite">{move || status.get()}</p>
                <SortSelect/>
            </div>
            {move || results.with(|r| r.as_ref().and_then(|r| relaxed_line(r.relaxed))).map(|line| view! {
                <p class="corrections">{line}</p>
            })}
            {move || results.with(|r| r.as_ref().and_then(|r| corrections_line(&r.corrections))).map(|line| view! {
                <p class="corrections">{line}</p>
            })}
            {move || client.results_error.get().map(|message| view! {
                <p class="notice" role="alert">{message}</p>
            })}
            {move || {
                let Some(view) = results.get() else {
                    return view! { <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div> }.into_any();
                };
                if view.cards.is_empty() {
                    return view! {
                        <div class="empty-state">
                            <h3>"Nothing matches this view"</h3>
                            <p>"Try fewer filters, a longer word (the search completes words from three letters), or another spelling. Place names match in every romanization and in Hangul."</p>
                            <a class="button" href="?">"Show all articles"</a>
                        </div>
                    }.into_any();
                }
                let start = view.first_rank;
                view! {
                    <ol class="result-list" start=start.to_string()>
                        {view.cards.iter().cloned().map(|card| {
                            let link = view_state.search.with_untracked(|q| {
                                let mut q = q.clone();
                                q.article = Some(card.id.clone());
                                href(&q, 1)
                            });
                            view! {
                                <li class="result">
                                    <h3 class="result-title"><a href=link>{card.title}</a></h3>
                                    <p class="meta">
                                        {card.date.map(|d| view! { <time datetime=d.to_string()>{format_date(d)}</time>" · " })}
                                        {card.date.is_none().then(|| view! { <span class="undated">"Undated"</span>" · " })}
                                        <bdi class="source">{card.source}</bdi>
                                    </p>
                                    {match card.lede {
                                        Some(pieces) => view! { <p class="snippet"><Pieces pieces=pieces/></p> }.into_any(),
                                        None => view! { <p class="snippet snippet-pending" aria-hidden="true"></p> }.into_any(),
                                    }}
                                    <ul class="chips" aria-label="Provinces and topics">
                                        {card.provinces.into_iter().map(|l| view! { <li class="chip-static chip-province">{l.label}</li> }).collect_view()}
                                        {card.topics.into_iter().map(|l| view! { <li class="chip-static chip-topic">{l.label}</li> }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <Pager page=page/>
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
fn Pager(page: Memo<(usize, usize)>) -> impl IntoView {
    let view_state = use_url_view();
    let link = move |p: usize| view_state.search.with(|q| href(q, p));
    view! {
        {move || {
            let (current, last) = page.get();
            (last > 1).then(|| view! {
                <nav class="pager" aria-label="Pages of results">
                    {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">"← Previous"</a> })}
                    <span>"Page " {current} " of " {last}</span>
                    {(current < last).then(|| view! { <a href=link(current + 1) rel="next">"Next →"</a> })}
                </nav>
            })
        }}
    }
}
