//! The result list: a status line announcing the count, the sort control, one
//! card per article on the current page (on the last, then the near matches: articles
//! with every word searched but one, under a heading of their own), and a pager. Cards show their title
//! at once; the first lines fill in when their file arrives, in space kept for
//! them, so nothing moves.

use leptos::prelude::*;

use crate::client::use_client;
use crate::components::export::ExportMenu;
use crate::components::filters_summary::SortSelect;
use crate::components::marks::MarkButtons;
use crate::components::saved_searches::SaveSearchButton;
use crate::i18n::{text, use_lang, use_strings};
use crate::url_state::{href, use_url_view};
use crate::view_model::{corrections_line, format_date, label_in, relaxed_line, CardView, FacetKind, TextPiece};

#[component]
pub fn ResultList() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let t = use_strings();
    let lang = use_lang();
    let results = client.results;
    let status = Memo::new(move |_| {
        let t = t.get();
        // Count and wording from the same answer, so a new query never shows the last one's count.
        let Some((total, filtered)) = results.with(|r| r.as_ref().map(|r| (r.total, r.filtered))) else { return t.searching.to_string() };
        let all = client.summary.with(|s| s.articles);
        match (filtered, total) {
            (false, n) => (t.count_all)(n),
            (true, 0) => t.count_none.to_string(),
            (true, n) => (t.count_match)(n, all),
        }
    });
    let page = Memo::new(move |_| results.with(|r| r.as_ref().map_or((1, 1), |r| (r.page, r.page_count))));
    view! {
        <section class="results" aria-labelledby="results-heading">
            <div class="results-bar">
                <h2 id="results-heading" class="visually-hidden">{text(t, |t| t.results_heading)}</h2>
                <p role="status" class="result-count" aria-live="polite">{move || status.get()}</p>
                <div class="results-tools">
                    <CopiesToggle/>
                    <SaveSearchButton/>
                    <ExportMenu/>
                    <SortSelect/>
                </div>
            </div>
            {move || results.with(|r| r.as_ref().and_then(|r| relaxed_line(t.get(), r.relaxed))).map(|line| view! {
                <p class="corrections">{line}</p>
            })}
            {move || results.with(|r| r.as_ref().and_then(|r| corrections_line(t.get(), &r.corrections))).map(|line| view! {
                <p class="corrections">{line}</p>
            })}
            {move || client.results_error.get().map(|trouble| view! {
                <p class="notice" role="alert">{(t.get().trouble)(&trouble)}</p>
            })}
            {move || {
                let t = t.get();
                let lang = lang.get();
                let Some(view) = results.get() else {
                    return view! { <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div> }.into_any();
                };
                if view.cards.is_empty() {
                    return view! {
                        <div class="empty-state">
                            <h3>{t.nothing_matches}</h3>
                            <p>{t.nothing_matches_hint}</p>
                            <a class="button" href=href(&Default::default(), 1, lang)>{t.show_all_articles}</a>
                        </div>
                    }.into_any();
                }
                let start = view.first_rank;
                // The near matches (every word but one) come last, in a list of their own.
                let split = view.cards.len() - view.near.min(view.cards.len());
                let card_item = |card: CardView| {
                    let link = view_state.search.with_untracked(|q| {
                        let mut q = q.clone();
                        q.article = Some(card.id.clone());
                        href(&q, 1, lang)
                    });
                    let read = client.marks.with_untracked(|m| m.as_ref().and_then(|m| m.get(&card.id)).is_some_and(|m| m.read));
                    let marks_id = card.id.clone();
                    let marks_title = card.title.clone();
                    view! {
                        <li class="result" class:read=read data-article=card.id.clone()>
                            <h3 class="result-title"><a href=link>{card.title}</a></h3>
                            <p class="meta">
                                {card.date.map(|d| view! { <time datetime=d.to_string()>{format_date(t, d)}</time>" · " })}
                                {card.date.is_none().then(|| view! { <span class="undated">{t.undated}</span>" · " })}
                                <bdi class="source">{card.source}</bdi>
                            </p>
                            {(!card.copies.is_empty()).then(|| {
                                let links = card.copies.iter().map(|c| {
                                    let link = view_state.search.with_untracked(|q| {
                                        let mut q = q.clone();
                                        q.article = Some(c.id.clone());
                                        href(&q, 1, lang)
                                    });
                                    let when = c.date.map(|d| format!(", {}", format_date(t, d))).unwrap_or_default();
                                    view! { " " <a href=link class="copy-link"><bdi>{c.source.clone()}</bdi>{when}</a> }
                                }).collect_view();
                                view! { <p class="copies"><span class="copies-label">{t.also_at}":"</span>{links}</p> }
                            })}
                            {match card.lede {
                                Some(pieces) => view! { <p class="snippet"><Pieces pieces=pieces/></p> }.into_any(),
                                None => view! { <p class="snippet snippet-pending" aria-hidden="true"></p> }.into_any(),
                            }}
                            <ul class="chips" aria-label=t.provinces_and_topics>
                                {card.provinces.iter().map(|l| view! { <li class="chip-static chip-province">{label_in(t, FacetKind::Province, l)}</li> }).collect_view()}
                                {card.topics.iter().map(|l| view! { <li class="chip-static chip-topic">{label_in(t, FacetKind::Topic, l)}</li> }).collect_view()}
                            </ul>
                            <MarkButtons article=marks_id title=marks_title/>
                        </li>
                    }
                };
                let (found, near) = view.cards.split_at(split);
                let near_start = start + split;
                view! {
                    <ol class="result-list" start=start.to_string()>
                        {found.iter().cloned().map(&card_item).collect_view()}
                    </ol>
                    {(!near.is_empty()).then(|| view! {
                        <h3 class="near-heading">{t.near_heading}</h3>
                        <ol class="result-list result-list-near" start=near_start.to_string()>
                            {near.iter().cloned().map(&card_item).collect_view()}
                        </ol>
                    })}
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
    let t = use_strings();
    let lang = use_lang();
    let link = move |p: usize| view_state.search.with(|q| href(q, p, lang.get()));
    view! {
        {move || {
            let (current, last) = page.get();
            let t = t.get();
            (last > 1).then(|| view! {
                <nav class="pager" aria-label=t.pages_of_results>
                    {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">{t.previous}</a> })}
                    <span>{(t.page_of)(current, last)}</span>
                    {(current < last).then(|| view! { <a href=link(current + 1) rel="next">{t.next}</a> })}
                </nav>
            })
        }}
    }
}

/// "Show every copy": shown when the library holds copies of a story (the list then
/// shows each story once, with the others under "Also at").
#[component]
fn CopiesToggle() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let navigate = crate::url_state::navigator();
    let t = use_strings();
    let any = Memo::new(move |_| client.summary.with(|s| s.duplicates > 0));
    let on = Memo::new(move |_| view_state.search.with(|q| q.duplicates));
    view! {
        {move || any.get().then(|| {
            let navigate = navigate.clone();
            view! {
                <label class="copies-toggle">
                    <input type="checkbox" prop:checked=move || on.get() on:change=move |_| {
                        let mut q = view_state.search.get_untracked();
                        q.duplicates = !q.duplicates;
                        navigate(&q, 1, false);
                    }/>
                    {text(t, |t| t.show_copies)}
                </label>
            }
        })}
    }
}
