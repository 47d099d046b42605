//! Tidy tests: the pins and invariants the build and deploy rely on, checked by `cargo test`.

use crate::install::{lock_version, TRUNK_VERSION};
use crate::util::{project_root, read};

fn file(rel: &str) -> String {
    read(&project_root().join(rel)).unwrap_or_else(|e| panic!("{e}"))
}

fn wasm_bindgen_lock() -> String {
    lock_version(&file("Cargo.lock"), "wasm-bindgen").expect("wasm-bindgen in Cargo.lock")
}

#[test]
fn trunk_toml_pins_the_tools_and_stays_offline() {
    let t = file("Trunk.toml");
    assert!(t.contains(&format!("wasm_bindgen = \"{}\"", wasm_bindgen_lock())), "Trunk.toml wasm_bindgen != Cargo.lock");
    assert!(t.contains("wasm_opt = \"version_132\""), "Trunk.toml must pin wasm_opt = \"version_132\"");
    assert!(t.contains("offline = true"), "Trunk.toml must set offline = true (never download tools)");
    assert!(t.contains("public_url = \"./\""), "one build must work under any sub-path");
}

#[test]
fn wasm_bindgen_is_pinned_exactly() {
    let manifest = file("Cargo.toml");
    assert!(manifest.contains(&format!("wasm-bindgen = \"={}\"", wasm_bindgen_lock())));
}

#[test]
fn npm_tools_are_pinned_exactly() {
    let p = file("package.json");
    for pin in ["\"binaryen\": \"132.0.0\"", "\"playwright-core\": \"1.65.1\"", "\"selenium-webdriver\": \"4.49.0\""] {
        assert!(p.contains(pin), "package.json must pin {pin}");
    }
    assert!(!p.contains('^') && !p.contains('~'), "package.json: exact versions only");
    assert!(project_root().join("package-lock.json").is_file());
}

#[test]
fn index_html_has_a_strict_csp_and_no_third_party_urls() {
    let html = file("index.html");
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ] {
        assert!(html.contains(directive), "index.html CSP lacks {directive}");
    }
    assert!(!html.contains("unsafe-inline"));
    for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!html.contains(attr), "index.html loads something from another origin ({attr}…)");
    }
    assert!(html.contains("<noscript>"));
    assert!(crate::build::inline_scripts(&html).is_empty(), "no inline scripts in index.html: put them in public/");
}

#[test]
fn every_copied_public_file_exists() {
    let html = file("index.html");
    for part in html.split("href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        if href.starts_with("public/") {
            assert!(project_root().join(href).exists(), "index.html copies missing {href}");
        }
    }
}

#[test]
fn manifest_icons_exist() {
    let m = file("public/manifest.webmanifest");
    assert!(m.contains("\"name\": \"Tumen\""));
    for part in m.split("\"src\": \"").skip(1) {
        let src = &part[..part.find('"').unwrap()];
        assert!(project_root().join("public").join(src).is_file(), "manifest icon {src} missing");
    }
    assert!(m.contains("\"purpose\": \"maskable\""));
}

#[test]
fn pages_workflow_uses_the_same_pins() {
    let w = file(".github/workflows/pages.yml");
    assert!(w.contains(&format!("trunk@{TRUNK_VERSION} --locked")) || w.contains(&format!("--locked trunk@{TRUNK_VERSION}")));
    assert!(w.contains("cargo xtask build"), "the workflow must build through xtask (stamping)");
    assert!(w.contains("actions/deploy-pages"));
}

#[test]
fn e2e_artifacts_are_ignored() {
    assert!(file(".gitignore").lines().any(|l| l.trim() == "/tests/e2e/artifacts"));
}
