//! `tumen`: build, check, summarise, tag and search Tumen corpora from the command line.
//! A thin shell over `tumen-core`: it reads files, calls the core, prints, and
//! turns the outcome into an exit code.

mod commands;
mod dups;
mod search;
mod tag;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "tumen", version, about = "Build, check and tag corpora for the Tumen reader")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile raw .txt articles, .jsonl files and corpus .json files (or folders or .zip
    /// archives of them) into the reader's bundle: tagged, indexed and cut into small files.
    ///
    /// A bundle already in the output folder is reused: segments whose articles
    /// did not change are kept as they are, so a rebuild changes few files.
    /// With an output ending in .json, writes one plain corpus file instead.
    Build {
        /// Input files, folders or .zip archives (folders are read recursively, in name order).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The bundle folder (or a .json file for a plain corpus).
        #[arg(short, long, default_value = "public/corpus")]
        output: PathBuf,
        /// Exit with status 1 if any article was rejected (the corpus is still written).
        #[arg(long)]
        strict: bool,
    },
    /// Report every problem in a corpus file, .zip of article files or bundle folder, with article id and field; exit 1 if there is any.
    Check { corpus: PathBuf },
    /// Print counts of a corpus file or bundle folder: articles, copies, sources, date range.
    Stats { corpus: PathBuf },
    /// Tag one article's plain text from stdin (or, with --corpus, every article of a corpus) and print JSON.
    ///
    /// Without --corpus: one JSON object {"provinces", "places", "entities", "topics"} with byte offsets into stdin.
    /// With --corpus FILE: one JSON line per article: {"id", "provinces", "entities", "topics"}.
    Tag {
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
    /// Search a bundle folder or corpus file as the reader does (typos forgiven, places in any
    /// spelling) and print the ids of the best results.
    ///
    /// With --queries FILE: one query per line (a line starting with `?` is a link's query string), one JSON line per query: {"query", "total", "ids", "near", "ms"} (near: the near matches listed after the results)
    /// (ms: the search alone, with the files it needs already read).
    Search {
        corpus: PathBuf,
        /// The search text (words, "quoted phrases", -excluded words).
        #[arg(required_unless_present = "queries")]
        query: Option<String>,
        #[arg(long, conflicts_with = "query")]
        queries: Option<PathBuf>,
        /// How many results to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// List the copies of one story in corpus files or bundles (the same story at other
    /// addresses, word for word or lightly edited), as the reader groups them.
    ///
    /// Prints each story with copies as `FIRST  also at: OTHER, ...` (FIRST: the earliest);
    /// with --json one object {"method", "articles", "stories", "merged", "groups", "links",
    /// "fingerprint_ms", "group_ms"}; with --candidates MIN one JSON line per pair of distinct
    /// texts whose estimated similarity is at least MIN (for labelling).
    Dups {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// reader (the reader's grouping), exact (word for word only) or textbook (MinHash at
        /// Jaccard 0.5, no length or date guard).
        #[arg(long, default_value = "reader")]
        method: String,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        candidates: Option<f32>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { inputs, output, strict } => commands::build(&inputs, &output, strict),
        Command::Check { corpus } => commands::check(&corpus),
        Command::Stats { corpus } => commands::stats(&corpus),
        Command::Tag { corpus } => tag::run(corpus.as_deref()),
        Command::Search { corpus, query, queries, limit } => search::run(&corpus, query.as_deref(), queries.as_deref(), limit),
        Command::Dups { inputs, method, json, candidates } => dups::run(&inputs, &method, json, candidates),
    }
}
