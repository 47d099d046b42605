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
                let who = match &p.article_id {
                    Some(id) => format!("Article “{id}”"),
                    None => format!("Article #{}", p.index + 1),
                };
                let (class, verdict) = match p.severity {
                    Severity::Error => ("problem problem-error", "Rejected"),
                    Severity::Warning => ("problem problem-warning", "Kept, with a warning"),
                };
                view! {
                    <li class=class>
                        <strong>{verdict}": "</strong>
                        {who}" in "<code>{p.file.clone()}</code>", field "<code>{p.field.clone()}</code>": "{p.message.clone()}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
