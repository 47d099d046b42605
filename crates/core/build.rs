//! Validates the built-in data (gazetteer and topics) at build time, so a bad
//! edit to `data/*.json` fails the build with a readable message instead of
//! panicking in a reader's browser. The checks are the library's own: the
//! modules are compiled into this script by path.

#[allow(dead_code)]
#[path = "src/tags.rs"]
mod tags;
#[allow(dead_code)]
#[path = "src/normalize.rs"]
mod normalize;
#[allow(dead_code)]
#[path = "src/gazetteer.rs"]
mod gazetteer;
#[allow(dead_code)]
#[path = "src/topics.rs"]
mod topics;

use std::fmt::Display;
use std::process::exit;

fn main() {
    println!("cargo:rerun-if-changed=data/gazetteer.json");
    println!("cargo:rerun-if-changed=data/topics.json");
    println!("cargo:rerun-if-changed=src/gazetteer.rs");
    println!("cargo:rerun-if-changed=src/topics.rs");
    println!("cargo:rerun-if-changed=src/normalize.rs");
    println!("cargo:rerun-if-changed=src/tags.rs");
    println!("cargo:rerun-if-changed=build.rs");

    let mut failures: Vec<String> = Vec::new();
    let mut report = |file: &str, errors: Vec<String>| {
        for e in errors {
            failures.push(format!("{file}: {e}"));
        }
    };
    match std::fs::read_to_string("data/gazetteer.json") {
        Err(e) => report("data/gazetteer.json", vec![format!("cannot read: {e}")]),
        Ok(json) => match gazetteer::Gazetteer::from_json(&json) {
            Err(e) => report("data/gazetteer.json", vec![e.to_string()]),
            Ok(g) => report("data/gazetteer.json", strings(g.validate())),
        },
    }
    match std::fs::read_to_string("data/topics.json") {
        Err(e) => report("data/topics.json", vec![format!("cannot read: {e}")]),
        Ok(json) => match topics::Taxonomy::from_json(&json) {
            Err(e) => report("data/topics.json", vec![e.to_string()]),
            Ok(t) => report("data/topics.json", strings(t.validate())),
        },
    }
    if !failures.is_empty() {
        eprintln!("\ntumen-core: the built-in data is invalid ({} problem(s)):", failures.len());
        for f in &failures {
            eprintln!("  - {f}");
        }
        eprintln!("Fix crates/core/data/*.json and rebuild.\n");
        exit(1);
    }
}

fn strings<E: Display>(errors: Vec<E>) -> Vec<String> {
    errors.into_iter().map(|e| e.to_string()).collect()
}
