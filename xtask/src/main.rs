//! Project automation, in the style of rust-analyzer's xtask: `cargo xtask <command>`.
//! Std-only; each command lives in its own module.

mod bench;
mod bench_dedup;
mod bench_hostile;
mod bench_relevance;
mod bench_typos;
mod build;
mod fuzz;
mod gen_corpus;
mod hash;
mod install;
mod serve;
mod sw;
mod test;
#[cfg(test)]
mod tidy;
mod util;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

Commands:
  install                      install whatever is missing (wasm target, trunk 0.21.14,
                               wasm-bindgen-cli matching Cargo.lock, npm packages, browsers,
                               drivers), from crates.io, npm and Debian apt only
  build [--public-url URL]     release build into dist/ (trunk), then stamp it: CSP hashes,
                               404.html, service worker with the build id and file list
  stamp DIR                    re-stamp a built site after changing a file in it
  serve [--port P] [--base /tumen/] [--dir DIR] [--no-build] [--log]
                               build, then serve dist/ on 127.0.0.1 as a plain static host
  test [--only a,b] [--skip a,b]
                               everything: native, wasm, build, corpus, e2e, webdriver
  gen-corpus --articles N [--first F] [--seed S] [--out PATH]
                               a synthetic corpus calibrated to real text (xtask/src/gen_corpus.rs)
  bench [--articles N,M] [--no-real] [--no-pagefind] [--no-minisearch] [--no-typos] [--no-relevance]
        [--runs N] [--keep-others] [--no-build]
                               the compiled corpus at 10k/50k/100k articles and on real text,
                               beside Pagefind and MiniSearch (xtask/src/bench.rs), then bench-typos and
                               bench-relevance
  bench-typos [--articles N,M] [--no-real]
                               misspelt queries on generated and real text (xtask/src/bench_typos.rs)
  bench-relevance              nDCG@10 and recall@10 of judged queries (bench/judged.json), Tumen
                               and MiniSearch (xtask/src/bench_relevance.rs)
  fuzz [--time S] [--runs N] [--targets a,b] [--record]
                               coverage-guided fuzzing (libFuzzer, stable) of every parser and
                               entry point taking outside input (fuzz/, xtask/src/fuzz.rs);
                               S seconds per target (default 60); --record writes BENCHMARKS.md
  bench-dedup [--articles N,M] [--no-real] [--no-sizes]
                               copies of one story: precision and recall of the reader's grouping
                               beside exact-hash and textbook MinHash peers, on real text (hand
                               labels), edited real text and generated corpora (xtask/src/bench_dedup.rs)
  bench-hostile [--articles N]  searches and links on a hostile corpus beside a normal one of the
                               same size, and hostile links (xtask/src/bench_hostile.rs)
  rss CMD ARGS...              run a command and print its peak memory (used by bench)
";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprint!("{HELP}");
        return ExitCode::FAILURE;
    }
    let command = args.remove(0);
    let result = match command.as_str() {
        "install" => install::run_cmd(&args),
        "build" => build::run_cmd(args),
        "stamp" => build::stamp_cmd(args),
        "serve" => serve::run_cmd(args),
        "test" => test::run_cmd(args),
        "gen-corpus" => gen_corpus::run(&args),
        "bench" => bench::run(&args),
        "rss" => bench::rss_cmd(&args),
        "fuzz" => fuzz::run(&args),
        "bench-hostile" => bench_hostile::run(&args),
        "bench-dedup" => bench_dedup::run(&args),
        "bench-typos" => bench_typos::run(&args),
        "bench-relevance" => bench_relevance::run(&args),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
