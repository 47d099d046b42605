//! The corpus report: every rejected article and warning, in plain words,
//! so one bad record never hides silently and never blocks the rest.

use leptos::prelude::*;
use tumen_core::{Problem, Severity};

use crate::state::{Library, Shared};

#[component]
pub fn CorpusReport(library: StoredValue<Shared<Library>>) -> impl IntoView {
    let (problems, rejected) = library.with_value(|l| (l.problems.clone(), l.rejected()));
    if problems.is_empty() {
        return ().into_any();
    }
    let warnings = problems.len() - rejected;
    let summary = match (rejected, warnings) {
        (0, w) => format!("Corpus report: {w} warning{}", plural(w)),
        (r, 0) => format!("Corpus report: {r} article{} rejected", plural(r)),
        (r, w) => format!("Corpus report: {r} article{} rejected, {w} warning{}", plural(r), plural(w)),
    };
    view! {
        <details class="report">
            <summary>{summary}</summary>
            <ProblemList problems=problems/>
        </details>
    }
    .into_any()
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

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
