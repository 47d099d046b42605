//! The corpus report: every rejected article and warning, in plain words,
//! so one bad record never hides silently and never blocks the rest.

use leptos::prelude::*;
use tumen_core::{Problem, Severity};

use crate::client::use_client;
use crate::view_model::{format_count, plural};

#[component]
pub fn CorpusReport() -> impl IntoView {
    let client = use_client();
    move || {
        let summary = client.summary.get();
        if summary.problems_total == 0 {
            return ().into_any();
        }
        let (rejected, warnings) = (summary.rejected, summary.warnings);
        let title = match (rejected, warnings) {
            (0, w) => format!("Corpus report: {w} warning{}", plural(w)),
            (r, 0) => format!("Corpus report: {r} article{} rejected", plural(r)),
            (r, w) => format!("Corpus report: {r} article{} rejected, {w} warning{}", plural(r), plural(w)),
        };
        let more = summary.problems_total.saturating_sub(summary.problems.len());
        view! {
            <details class="report">
                <summary>{title}</summary>
                <ProblemList problems=summary.problems/>
                {(more > 0).then(|| view! { <p class="report-more">{format!("… and {} more, not listed here: run `tumen check` on the corpus to see them all.", format_count(more))}</p> })}
            </details>
        }
        .into_any()
    }
}

#[component]
pub fn ProblemList(problems: Vec<Problem>) -> impl IntoView {
    view! {
        <ul class="problems">
            {problems.into_iter().map(|p| {
                // Text from the corpus (ids, file names, values quoted in messages) is isolated
                // with <bdi>, so a right-to-left override in it cannot reorder the report's words.
                let who = match (&p.article_id, p.field.as_str()) {
                    (_, "(file)") => view! { "The file" }.into_any(),
                    (Some(id), _) => view! { "Article “"<bdi>{id.clone()}</bdi>"”" }.into_any(),
                    (None, _) => view! { {format!("Article #{}", p.index + 1)} }.into_any(),
                };
                let (class, verdict) = match p.severity {
                    Severity::Error => ("problem problem-error", "Rejected"),
                    Severity::Warning => ("problem problem-warning", "Kept, with a warning"),
                };
                view! {
                    <li class=class>
                        <strong>{verdict}": "</strong>
                        {who}" in "<code><bdi>{p.file.clone()}</bdi></code>", field "<code><bdi>{p.field.clone()}</bdi></code>": "<bdi>{p.message.clone()}</bdi>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
