//! What the reader sees before the library is ready: progress while loading,
//! and a plain-words explanation when the corpus cannot be shown.

use leptos::prelude::*;
use tumen_core::Problem;

use crate::components::corpus_report::ProblemList;
use crate::protocol::LoadError;
use crate::view_model::load_error_text;

#[component]
pub fn Loading(stage: &'static str) -> impl IntoView {
    view! {
        <main id="main" class="loading" aria-busy="true">
            <div class="loading-card">
                <p role="status" class="loading-stage">{stage}</p>
                <div class="progress" aria-hidden="true"><span></span></div>
                <p class="loading-note">"Everything happens in your browser. After the first visit the reader also works offline."</p>
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
    let (headline, detail) = load_error_text(&error);
    view! {
        <main id="main" class="load-failed">
            <section class="error-card" role="alert" aria-labelledby="load-error-title">
                <h1 id="load-error-title">{headline}</h1>
                <p>{detail}</p>
                <p class="hint">"Nothing is lost: fix the file and reload this page."</p>
            </section>
            {has_problems.then(|| view! {
                <section class="report" aria-labelledby="report-title">
                    <h2 id="report-title">"Corpus report"</h2>
                    <ProblemList problems=problems/>
                </section>
            })}
        </main>
    }
}
