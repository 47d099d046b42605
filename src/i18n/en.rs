//! The English catalogue: the interface's words as they always were.

use tumen_core::tags::EntityKind;

use super::{count, Lang, Strings};
use crate::protocol::{LoadError, Stage, StoreTrouble, Trouble};
use crate::view_model::{EntityRef, FacetKind};
use crate::worker::fetch::FetchError;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn month_name(month: u32) -> &'static str {
    MONTHS[(month as usize).clamp(1, 12) - 1]
}

/// English kind names are the core's own labels.
fn kind_name(kind: EntityKind) -> &'static str {
    kind.label()
}

fn entity_title(e: &EntityRef) -> String {
    let kind_words = match e.kind {
        EntityKind::Province => "province".to_string(),
        EntityKind::Place => e.detail.clone().unwrap_or_else(|| "place".to_string()).replace('-', " "),
        EntityKind::Region => "historic region (no single province)".to_string(),
        EntityKind::ForeignPlace => format!("place outside the DPRK{}", e.country.as_ref().map(|c| format!(", {c}")).unwrap_or_default()),
        EntityKind::Organization => "organisation".to_string(),
        EntityKind::Event => "event".to_string(),
    };
    let province = e.province.as_ref().map(|p| format!(" in {}", p.label)).unwrap_or_default();
    format!("{} — {kind_words}{province}", e.name)
}

fn entity_detail(e: &EntityRef) -> String {
    let mut detail = kind_name(e.kind).to_string();
    if let Some(p) = &e.province {
        detail = format!("{} in {}", e.detail.as_deref().unwrap_or("Place"), p.label);
    }
    if let Some(h) = &e.hangul {
        detail = format!("{detail} · {h}");
    }
    detail
}

fn fetch_error(e: &FetchError) -> String {
    match e {
        FetchError::Network { url, message } => format!("{url} could not be downloaded ({message})"),
        FetchError::NotFound { url } => format!("{url} is not on the server (404)"),
        FetchError::Http { url, status } => format!("the server answered {status} for {url}"),
    }
}

/// Also the English words the worker logs and puts beside a [`Trouble`] (called directly, so
/// the worker does not carry the whole catalogue).
pub(crate) fn trouble(t: &Trouble) -> String {
    match t {
        Trouble::NotSaved => "This part of the corpus is not saved on this device, and it cannot be downloaded now. Reconnect, or use “Keep all articles offline” next time you are online.".into(),
        Trouble::Fetch(e) => fetch_error(e),
        Trouble::Bundle { file, message } => format!("{file} is damaged or from another build: {message}. Reload the reader; if it happens again, the corpus needs rebuilding with `tumen build`."),
        Trouble::NotOpen => "The corpus is not open yet.".into(),
        Trouble::WorkerStopped { message } => format!("The reader's worker stopped: {message}"),
        Trouble::CannotKeep => "This browser does not let the reader keep files (it needs a secure connection, https or localhost).".into(),
        Trouble::KeepOutdated => "A newer version of the corpus was published: reload the reader, then keep it offline again.".into(),
        Trouble::KeepStopped(e) => format!("The download stopped: {}. What was saved stays; start again to continue.", fetch_error(e)),
        Trouble::Other { message } => message.clone(),
    }
}

fn load_error(error: &LoadError) -> (&'static str, String) {
    use LoadError as E;
    match error {
        E::Network { url, message } => (
            "The corpus could not be downloaded",
            format!("Asking for {url} failed: {message}. Check your connection, or open the reader once online so it can keep a copy for offline use."),
        ),
        E::Http { url, status } => (
            "The server refused the corpus",
            format!("Asking for {url} returned HTTP {status}. The site may be misconfigured; try again later."),
        ),
        E::Missing { url } => (
            "The corpus is missing",
            format!("Neither {url} nor corpus.json is on the server (404). The site was published without its corpus: build it with `cargo xtask build` (or `tumen build … -o public/corpus`) and publish again."),
        ),
        E::Version { found, supported } => (
            "The corpus is from another version",
            format!("This corpus is in format version {found}; this reader reads version {supported}. Rebuild the corpus with this version's `tumen build`, or open it with the reader it was built for."),
        ),
        E::Corrupt { file, message } => (
            "The corpus is damaged",
            format!("{file} cannot be read: {message}. Rebuild the corpus with `tumen build` and check it with `tumen check`."),
        ),
        E::NotACorpus { file } => (
            "The corpus file is not a corpus",
            format!("{file} is JSON, but not a corpus: it needs an object with \"version\" and a list of \"articles\". Build the corpus from your files with `tumen build`, or check it with `tumen check`."),
        ),
        E::InvalidJson { file, line, column, message } => (
            "The corpus file is not valid JSON",
            format!("{file} breaks off at line {line}, column {column}: {message}. Rebuild it with `tumen build`, or fix it by hand and check it with `tumen check`."),
        ),
        E::Empty { rejected: 0 } => (
            "The corpus has no articles",
            "It lists no articles (the file may be empty), so there is nothing to read. Add your own with \u{201c}Add articles\u{201d} above, or build the corpus from your files with `tumen build`.".to_string(),
        ),
        E::Empty { rejected } => (
            "The corpus has no readable articles",
            format!("All {rejected} article{} in the corpus were rejected. The corpus report below says why.", plural(*rejected)),
        ),
    }
}

pub static EN: Strings = Strings {
    lang: Lang::En,
    hangul_names: false,

    document_title: "Tumen — North Korea field reporting reader",
    skip_to_content: "Skip to content",
    tagline: "Field reporting on North Korea, searchable offline",
    language: "Language / 언어",
    footer_privacy: "Tumen runs entirely in your browser; nothing you search or open leaves this device. ",
    footer_places: "Place data draws on the North Korea Administrative Divisions Dataset (Open Admin Data, CC BY 4.0). ",
    footer_map_credit: tumen_core::geo::CREDIT,
    filters: "Filters",
    show_filters: "Show filters",
    filters_active: |n| format!("Filters ({n} active)"),
    no_such_article: |id| format!("No article with the id “{id}” is in this corpus. Showing the list instead."),
    where_and_when: "Where and when",
    charts_shown: "Charts shown",
    show_map: "Map",
    show_trends: "Trends",

    search_label: "Search",
    search_placeholder: "Search: places, words, \"exact phrase\", -exclude",
    search_placeholder_short: "Search places, words\u{2026}",

    searching: "Searching…",
    count_all: |n| format!("{} article{}", count(n as u64), plural(n)),
    count_none: "No articles match",
    count_match: |n, all| format!("{} of {} articles match", count(n as u64), count(all as u64)),
    results_heading: "Results",
    relaxed: |have, searched| {
        let them = if have == 1 { "one of them".to_string() } else { format!("{have} of them") };
        format!("No article has all {searched} words searched; these have {them}.")
    },
    corrections: |list| format!("Also matching close spellings: {list}"),
    near_heading: "Also worth a look: articles with every word searched but one",
    nothing_matches: "Nothing matches this view",
    nothing_matches_hint: "Try fewer filters, a longer word (the search completes words from three letters), or another spelling. Place names match in every romanization and in Hangul.",
    show_all_articles: "Show all articles",
    undated: "Undated",
    provinces_and_topics: "Provinces and topics",
    pages_of_results: "Pages of results",
    previous: "← Previous",
    next: "Next →",
    page_of: |page, last| format!("Page {} of {}", count(page as u64), count(last as u64)),
    sort: "Sort",
    most_relevant: "Most relevant",
    newest_first: "Newest first",
    oldest_first: "Oldest first",

    facet_title: |kind| match kind {
        FacetKind::Province => "Province",
        FacetKind::Topic => "Topic",
        FacetKind::Source => "Source",
        FacetKind::Kind => "Kind",
        FacetKind::Entity => "Entity",
    },
    nothing_to_filter: "Nothing to filter by in these results.",
    show_fewer: "Show fewer",
    show_all_values: |n| format!("Show all {}", count(n as u64)),
    active_filters: "Active filters",
    remove_filter: |facet, value| format!("Remove filter {facet}: {value}"),
    clear_all: "Clear all",
    chip_search: "Search",
    quoted: |text| format!("“{text}”"),
    date_title: "Date",
    date_range: |from, to| format!("{from} – {to}"),
    date_from_only: |from| format!("from {from}"),
    date_until_only: |to| format!("until {to}"),
    dated_only: "dated articles only",

    date: |d| format!("{} {} {}", d.day, month_name(d.month as u32), d.year),
    month: |year, month| format!("{} {year}", month_name(month)),
    year: |year| year.to_string(),

    from: "From",
    to: "To",
    any_date: "Any date",
    include_undated: "Include undated articles",
    no_dated: "No dated articles in these results.",
    timeline_summary: |total, first, last| {
        format!("{} dated articles from {first} to {last}. Click a bar, or drag across bars, to filter by date.", count(total))
    },
    bar_title: |label, n| format!("{label}: {} article{}", count(n), plural(n as usize)),

    province_map: "Province map",
    map_province: |_id, name, name_ko, n| format!("{name} ({name_ko}): {} report{}", count(n as u64), plural(n)),
    map_hint: "Select a province to filter by it.",
    map_none: "No report in these results names a province.",
    map_places: "Cities and counties named",
    map_place: |name, n| format!("{name}: {} report{}", count(n as u64), plural(n)),
    article_map: |places| format!("Map of the places this report names: {places}"),
    map_legend: "Reports per province",

    province_name: |_| None,
    topic_name: |_| None,
    kind_name,
    entity_title,
    entity_name: |e| e.name.clone(),
    entity_detail,

    article_nav: "Article",
    back_to_results: "← Back to results",
    article_unavailable: "This article cannot be shown right now",
    opening_article: "Opening the article…",
    read_original: "Read the original",
    opens_new_tab: " (opens in a new tab)",
    all_reports_about: |label| format!("All reports about {label}"),
    why_topic: |evidence| format!("Why: {evidence}"),
    why_topics: "Why these topics?",
    site_tags: "The site’s own tags (shown as given, not used as topics): ",
    image_label: "Image: ",
    finding_others: "Finding other reports…",
    no_others: "No other report in this corpus names it.",
    named_in_others: |n| format!("Named in {} other report{}:", count(n as u64), plural(n)),
    show_every_report: "Show every report naming it in the list",
    close: "Close",
    legend_label: "Highlight legend",
    highlighted: "Highlighted:",
    search_match: "search match",
    legend_hint: "Select a highlighted name to see other reports naming it.",

    report_title: |rejected, warnings| match (rejected, warnings) {
        (0, w) => format!("Corpus report: {} warning{}", count(w as u64), plural(w)),
        (r, 0) => format!("Corpus report: {} article{} rejected", count(r as u64), plural(r)),
        (r, w) => format!("Corpus report: {} article{} rejected, {} warning{}", count(r as u64), plural(r), count(w as u64), plural(w)),
    },
    report_more: |n| format!("… and {} more, not listed here: run `tumen check` on the corpus to see them all.", count(n as u64)),
    report_heading: "Corpus report",
    problem_file: "The file",
    problem_article: ("Article “", "”"),
    problem_index: |n| format!("Article #{n}"),
    problem_rejected: "Rejected",
    problem_kept: "Kept, with a warning",
    problem_in: " in ",
    problem_field: ", field ",
    problem: |issue| issue.to_string(),

    add_articles: "Add articles",
    reading_files: "Reading files…",
    remove_added: "Remove added articles",
    added: |n| format!("Added {} article{}. ", count(n as u64), plural(n)),
    added_problems: "Some records could not be read: see the corpus report.",
    added_warnings: |n| format!("Read with {} warning{} (something guessed or skipped): see the corpus report. ", count(n as u64), plural(n)),
    added_kept: "They are kept on this device.",
    added_not_kept: "This browser's storage is full, so they will not be here after a reload.",
    refused_file: |name, size, max| {
        format!("{name} was not read: it is {size}, and a file added here may be at most {max}. Split it, or compile it into the site with `tumen build`.")
    },
    refused_total: |name, max| format!("{name} was not read: the files added at once may come to at most {max}. Add it on its own."),

    storing_progress: |n| format!("Keeping {} article{} on this device…", count(n as u64), plural(n)),
    indexing_progress: |n| format!("Finding places, organisations and topics in {} article{}…", count(n as u64), plural(n)),
    reading_progress: |done, total| format!("Reading files: {} of {}…", count(done as u64), count(total as u64)),
    added_to: |n, name| format!("Added {} article{} to \u{201c}{name}\u{201d}. ", count(n as u64), plural(n)),
    duplicates_merged: |n| format!("{} cop{} of articles already here {} shown once. ", count(n as u64), if n == 1 { "y" } else { "ies" }, if n == 1 { "is" } else { "are" }),
    added_not_kept_why: |why| format!("They could not be kept on this device ({why}): they stay until this tab is closed."),
    store_trouble: |t| match t {
        StoreTrouble::Full => "the browser's storage for this site is full".to_string(),
        StoreTrouble::Unavailable { .. } => "this browser does not let the page keep files, as in some private windows".to_string(),
        StoreTrouble::Failed { message } => format!("the browser refused: {message}"),
    },
    drop_files: "Drop files to add them: .txt, .json, .jsonl or a .zip of them",
    files_collection: |n| format!("{} files", count(n as u64)),

    your_archive: "Your archive",
    archive_summary: |c, a| format!("{} collection{}, {} article{}", count(c as u64), plural(c), count(a as u64), plural(a)),
    archive_empty: "Articles you add are kept here, in this browser, as collections you can switch off, rename or delete. Drop files anywhere on the page, or use Add articles.",
    collection_size: |a, f| format!("{} article{} from {} file{}", count(a as u64), plural(a), count(f as u64), plural(f)),
    show_collection: |name| format!("Show \u{201c}{name}\u{201d}"),
    rename: "Rename",
    rename_collection: |name| format!("Rename \u{201c}{name}\u{201d}"),
    collection_name: "Collection name",
    save_name: "Save name",
    cancel: "Cancel",
    delete: "Delete",
    delete_collection: |name| format!("Delete \u{201c}{name}\u{201d}"),
    confirm_delete: |name| format!("Delete \u{201c}{name}\u{201d} and its articles from this browser? Your marks and notes stay."),
    confirm_remove_all: "Remove every collection and its articles from this browser? Your marks, notes and saved searches stay.",
    remove: "Remove",
    storage_persisted: "The browser keeps this archive until you delete it.",
    storage_not_persisted: "The browser may clear this archive if the disk runs low: back it up now and then.",
    storage_used: |used, quota| format!("{used} used of {quota} available."),
    desk_unavailable: |why| format!("Your files, marks and notes cannot be kept in this browser ({why}): they last until this tab is closed."),
    not_stored: |why| format!("Not saved ({why}). Nothing was changed."),
    backup: "Back up everything",
    restore: "Restore a backup",
    backup_hint: "One file with your collections, marks, notes and saved searches, to keep or to open in another browser.",
    restored: |c, m, s| format!("Restored {} collection{}, marks on {} article{} and {} saved search{}.", count(c as u64), plural(c), count(m as u64), plural(m), count(s as u64), if s == 1 { "" } else { "es" }),
    restore_refused: |why| format!("Nothing was restored: {why}"),
    downloaded: |name, n| format!("Downloaded {name} ({} record{}).", count(n as u64), plural(n)),

    also_at: "Also at",
    show_copies: "Show every copy",
    export: "Export",
    export_corpus: "Corpus file (JSON)",
    export_csv: "Spreadsheet (CSV)",
    export_citations: "Citation list (Markdown)",
    exporting: "Preparing the file…",

    mark_save: "Save",
    mark_read: "Read",
    save_article: |title| format!("Save \u{201c}{title}\u{201d}"),
    read_article: |title| format!("Read \u{201c}{title}\u{201d}"),
    marked_read: "Marked as read.",
    mark_unread: "Mark unread",
    note: "Note",
    note_label: "Your note on this article",
    note_hint: "Only you see it. It is kept in this browser and in backups.",
    note_saving: "Saving…",
    note_saved: "Note saved.",
    has_note: "Has a note",
    your_marks: "Your marks",
    facet_unread: "Unread",
    facet_saved: "Saved",
    facet_noted: "With a note",

    saved_searches: "Saved searches",
    save_search: "Save this search",
    search_name: "Name of this search",
    no_saved_searches: "Name a view to find it again in one click, with what is new since.",
    new_matches: |n| format!("{} new", count(n as u64)),
    search_matches: |n| format!("{} article{}", count(n as u64), plural(n)),
    delete_search: |name| format!("Delete saved search \u{201c}{name}\u{201d}"),

    saving_offline: |percent| format!("Saving for offline… {percent:.0}%"),
    all_kept: "All articles kept offline",
    keep_all: "Keep all articles offline",
    offline_copy: "Offline copy",
    cannot_keep_https: "This browser cannot keep the corpus: the reader needs a secure connection (https) for that.",
    kept_summary: |kept, total, files_kept, files_total| {
        format!("{kept} of {total} kept on this device ({} of {} files).", count(files_kept as u64), count(files_total as u64))
    },
    saved_progress: "Saved for offline reading",
    stop: "Stop",
    every_article_offline: "Every article opens without a connection. New ones are saved when the corpus is updated.",
    download_rest: |size| format!("Download the rest ({size})"),
    browser_keeps: "The browser will keep these files.",
    browser_may_remove: "The browser may remove these files if the disk runs short.",
    stop_keeping: "Stop keeping new articles offline",

    stage: |stage| match stage {
        Stage::Starting => "Starting…",
        Stage::Manifest => "Finding the corpus…",
        Stage::Table => "Downloading the list of articles…",
        Stage::Reading => "Reading articles…",
        Stage::Tagging => "Finding places, organisations and topics…",
    },
    loading_note: "Everything happens in your browser. After the first visit the reader also works offline.",
    nothing_lost: "Nothing is lost: fix the file and reload this page.",
    add_own_articles: "Your own articles can still be read: add them with \u{201c}Add articles\u{201d} above. They are kept in this browser.",
    showing_archive_only: "Showing only the articles you added in this browser.",
    load_error,
    trouble,
    worker_could_not_start: |message| format!("The reader's background worker could not start: {message}"),
    crash: |details| {
        format!("Something went wrong inside the reader and it had to stop. Reloading the page usually helps. Details: {details}")
    },

    update_available: "A new version of the reader is available.",
    reload: "Reload",
    offline_notice: "Offline — reading the saved copy; everything you have loaded still works, new articles can't be fetched.",
    corpus_newer: "A newer version of the corpus was published. Reload to read it.",
    reload_now: "Reload now",

    // Keyboard
    keys_title: "Keyboard shortcuts",
    keys_button: "Keyboard shortcuts (?)",
    keys_intro: "Press these keys anywhere in the reader, except while typing in a field.",
    keys_key: "Key",
    keys_action: "What it does",
    keys_or: "or",
    key_next: "Next result (from the last one, the next page)",
    key_previous: "Previous result (from the first one, the previous page)",
    key_open: "Open the selected result",
    key_back: "Back from the article to the list",
    key_save: "Save the article, or unsave it",
    key_read: "Mark the article read, or unread",
    key_note: "Write a note on the article",
    key_search: "Go to the search box",
    key_help: "Show these shortcuts",
    key_escape: "Close this list, leave the search box, or go back from the article to the list",

    // Trends and chart export
    trends_title: "Trends",
    matrix_caption: "Reports by province and topic",
    matrix_corner: "Province",
    matrix_none: "None of these results has both a province and a topic.",
    matrix_cell: |_id, name, name_ko, topic, n| format!("{name} ({name_ko}), {topic}: {} report{}", count(n as u64), plural(n)),
    multiples_title: "Over time",
    multiples_by: "Charts by",
    multiples_topics: "Topics",
    multiples_provinces: "Provinces",
    multiple_name: |name, n| format!("{name}: {} report{}", count(n as u64), plural(n as usize)),
    too_few_reports: "too few reports",
    chart_map: "the province map",
    chart_timeline: "the timeline",
    chart_matrix: "the province and topic table",
    chart_multiples: "the charts over time",
    save_svg: |chart| format!("Save {chart} as SVG"),
    save_png: |chart| format!("Save {chart} as PNG"),
    export_filters: |filters| format!("Filters: {filters}"),
    export_no_filters: "No filters: every article",
    export_made: |date| format!("Made with Tumen on {date}"),
    export_failed: "The picture could not be made in this browser.",
};
