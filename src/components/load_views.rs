//! What the reader sees before the library is ready: progress while loading,
//! and a plain-words explanation when the corpus cannot be shown.

use leptos::prelude::*;
use tumen_core::Problem;

use crate::components::corpus_report::ProblemList;
use crate::i18n::{text, use_strings};
use crate::protocol::{LoadError, Stage};
use crate::view_model::load_error_text;

#[component]
pub fn Loading(stage: Stage) -> impl IntoView {
    let t = use_strings();
    view! {
        <main id="main" class="loading" aria-busy="true">
            <div class="loading-card">
                <p role="status" class="loading-stage">{move || (t.get().stage)(stage)}</p>
                <div class="progress" aria-hidden="true"><span></span></div>
                <p class="loading-note">{text(t, |t| t.loading_note)}</p>
            </div>
            <div class="skeleton" aria-hidden="true">
                <span></span><span></span><span></span><span></span>
            </div>
        </main>
    }
}

#[component]
pub fn LoadFailed(error: LoadError, problems: Vec<Problem>) -> impl IntoView {
    let has_problems = !problems.is_empty();
    let t = use_strings();
    let worded = Memo::new(move |_| load_error_text(t.get(), &error));
    view! {
        <main id="main" class="load-failed">
            <section class="error-card" role="alert" aria-labelledby="load-error-title">
                <h1 id="load-error-title">{move || worded.get().0}</h1>
                <p>{move || worded.get().1}</p>
                <p class="hint">{text(t, |t| t.nothing_lost)}</p>
                <p class="hint">{text(t, |t| t.add_own_articles)}</p>
            </section>
            {has_problems.then(|| view! {
                <section class="report" aria-labelledby="report-title">
                    <h2 id="report-title">{text(t, |t| t.report_heading)}</h2>
                    <ProblemList problems=problems/>
                </section>
            })}
        </main>
    }
}
