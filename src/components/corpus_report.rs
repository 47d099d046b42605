//! The corpus report: every rejected article and warning, in plain words,
//! so one bad record never hides silently and never blocks the rest; and, when
//! the published corpus cannot be shown at all, why, above the reader's own articles.

use leptos::prelude::*;
use tumen_core::{Problem, Severity};

use crate::client::use_client;
use crate::i18n::{text, use_strings};
use crate::view_model::load_error_text;

#[component]
pub fn CorpusReport() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    move || {
        let summary = client.summary.get();
        if summary.problems_total == 0 {
            return ().into_any();
        }
        let (rejected, warnings) = (summary.rejected, summary.warnings);
        let more = summary.problems_total.saturating_sub(summary.problems.len());
        view! {
            <details class="report">
                <summary>{move || (t.get().report_title)(rejected, warnings)}</summary>
                <ProblemList problems=summary.problems/>
                {(more > 0).then(|| view! { <p class="report-more">{move || (t.get().report_more)(more)}</p> })}
            </details>
        }
        .into_any()
    }
}

#[component]
pub fn ProblemList(problems: Vec<Problem>) -> impl IntoView {
    let t = use_strings();
    view! {
        <ul class="problems">
            {problems.into_iter().map(|p| {
                // Text from the corpus (ids, file names, values quoted in messages) is isolated
                // with <bdi>, so a right-to-left override in it cannot reorder the report's words.
                let index = p.index + 1;
                let who = match (&p.article_id, p.field.as_str()) {
                    (_, "(file)") => view! { {text(t, |t| t.problem_file)} }.into_any(),
                    (Some(id), _) => view! { {move || t.get().problem_article.0}<bdi>{id.clone()}</bdi>{move || t.get().problem_article.1} }.into_any(),
                    (None, _) => view! { {move || (t.get().problem_index)(index)} }.into_any(),
                };
                let (class, error) = match p.severity {
                    Severity::Error => ("problem problem-error", true),
                    Severity::Warning => ("problem problem-warning", false),
                };
                let verdict = move || if error { t.get().problem_rejected } else { t.get().problem_kept };
                // In the interface's language; a bundle built before problems carried their
                // kind has only the English words.
                let (issue, english) = (p.issue.clone(), p.message.clone());
                let message = move || issue.as_ref().map_or_else(|| english.clone(), |i| (t.get().problem)(i));
                view! {
                    <li class=class>
                        <strong>{verdict}": "</strong>
                        {who}{text(t, |t| t.problem_in)}<code><bdi>{p.file.clone()}</bdi></code>
                        // A problem with the whole file has no field to name.
                        {(p.field != "(file)").then(|| view! { {text(t, |t| t.problem_field)}<code><bdi>{p.field.clone()}</bdi></code> })}
                        ": "<bdi>{message}</bdi>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Shown while the reader lists only the articles added in this browser because the
/// published corpus could not be opened: what went wrong with it, in the error page's words.
#[component]
pub fn CorpusTrouble() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    move || {
        let error = client.corpus_trouble.get()?;
        let worded = Memo::new(move |_| load_error_text(t.get(), &error));
        Some(view! {
            <section class="notice corpus-trouble" role="status" aria-labelledby="corpus-trouble-title">
                <p><strong id="corpus-trouble-title">{move || worded.get().0}</strong>" "{text(t, |t| t.showing_archive_only)}</p>
                <p class="hint">{move || worded.get().1}</p>
            </section>
        })
    }
}
