//! `cargo xtask build`: the release build (Trunk) and its post-processing ("stamping"):
//! CSP hashes for Trunk's inline loader script, 404.html, and the service worker.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::hash::csp_hash;
use crate::install::{self, Need};
use crate::sw;
use crate::util::{self, cmd, kb, project_root, run, Result, Timer};

pub fn run_cmd(mut args: Vec<String>) -> Result {
    let public_url = util::take_opt(&mut args, "--public-url")?;
    util::no_more_args(&args)?;
    install::ensure(Need::Build)?;
    build(public_url.as_deref())?;
    Ok(())
}

/// `cargo xtask stamp DIR`: re-stamps a built site after a file in it changed (say a new
/// corpus.json copied over dist/corpus.json): new CSP hashes, 404.html, service worker.
pub fn stamp_cmd(args: Vec<String>) -> Result {
    let [dir] = args.as_slice() else {
        return Err("usage: cargo xtask stamp DIR".into());
    };
    let id = stamp(Path::new(dir))?;
    println!("stamped {dir}: build {id}");
    Ok(())
}

pub fn dist_dir() -> PathBuf {
    project_root().join("dist")
}

/// Builds the release site into dist/ and stamps it. Returns the build id.
pub fn build(public_url: Option<&str>) -> Result<String> {
    let t = Timer::start();
    // Trunk runs in offline mode (Trunk.toml): cargo must have every crate already.
    run(cmd("cargo").args(["fetch", "--quiet"]))?;
    let mut trunk = cmd("trunk");
    trunk.args(["build", "--release"]);
    if let Some(url) = public_url {
        trunk.arg(format!("--public-url={url}"));
    }
    run(&mut trunk)?;
    let dist = dist_dir();
    let id = stamp(&dist)?;
    report_sizes(&dist)?;
    page_carries_no_gazetteer(&dist)?;
    eprintln!("build: dist/ is ready (build {id}) in {:.0} s", t.secs());
    Ok(id)
}

/// Post-processes a built site in place. Idempotent. Returns the build id.
pub fn stamp(dir: &Path) -> Result<String> {
    let index_path = dir.join("index.html");
    let index = util::read(&index_path)?;
    let index = set_build_meta(&inject_script_hashes(&index)?, "")?;
    util::write(&index_path, &index)?;
    util::write(&dir.join("404.html"), page_404())?;

    // The id covers every precached file, index.html with an empty build meta;
    // then the page gets its id, so it starts the worker of the same build.
    let files = util::list_files(dir)?;
    let mut contents = Vec::new();
    for f in files.iter().filter(|f| sw::is_precached(f)) {
        let bytes = fs::read(dir.join(f)).map_err(|e| format!("cannot read {f}: {e}"))?;
        contents.push((f.clone(), bytes));
    }
    let id = sw::build_id(&contents);
    util::write(&index_path, set_build_meta(&index, &id)?)?;
    util::write(&dir.join("sw.js"), sw::render(&id, &files))?;
    Ok(id)
}

/// Sets `<meta name="tumen-build" content="…">`.
pub fn set_build_meta(html: &str, id: &str) -> Result<String> {
    let marker = "<meta name=\"tumen-build\" content=\"";
    let start = html.find(marker).ok_or("index.html has no <meta name=\"tumen-build\" content=\"\"> tag")? + marker.len();
    let end = html[start..].find('"').map(|i| i + start).ok_or("malformed tumen-build meta tag")?;
    Ok(format!("{}{id}{}", &html[..start], &html[end..]))
}

/// The contents of every inline `<script>` (one without `src`) in an HTML document.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = lower[pos..].find("<script").map(|i| i + pos) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else { break };
        let tag = &lower[start..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else { break };
        let has_src = tag.split(|c: char| c.is_whitespace()).any(|a| a.starts_with("src="));
        if !has_src {
            out.push(&html[tag_end + 1..close]);
        }
        pos = close;
    }
    out
}

/// Puts `'sha256-…'` of every inline script into the script-src of the CSP meta tag,
/// replacing hashes from an earlier stamp.
pub fn inject_script_hashes(html: &str) -> Result<String> {
    let hashes: Vec<String> = inline_scripts(html).iter().map(|s| csp_hash(s)).collect();
    let marker = "http-equiv=\"Content-Security-Policy\"";
    let meta = html
        .find(marker)
        .ok_or("index.html has no <meta http-equiv=\"Content-Security-Policy\"> tag")?;
    let tag_start = html[..meta].rfind('<').ok_or("malformed CSP meta tag")?;
    let tag_end = html[meta..].find('>').map(|i| i + meta).ok_or("malformed CSP meta tag")?;
    let tag = &html[tag_start..tag_end];
    let c0 = tag.find("content=\"").ok_or("the CSP meta tag has no content=\"…\"")? + "content=\"".len();
    let c1 = tag[c0..].find('"').map(|i| i + c0).ok_or("malformed CSP content")?;
    let policy = &tag[c0..c1];
    let mut found = false;
    let directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            if d.split_whitespace().next() == Some("script-src") {
                found = true;
                let mut parts: Vec<String> = d
                    .split_whitespace()
                    .filter(|t| !t.starts_with("'sha256-"))
                    .map(str::to_string)
                    .collect();
                parts.extend(hashes.iter().cloned());
                parts.join(" ")
            } else {
                d.to_string()
            }
        })
        .collect();
    if !found {
        return Err("the CSP meta tag has no script-src directive".into());
    }
    let new_tag = format!("{}{}{}", &tag[..c0], directives.join("; "), &tag[c1..]);
    Ok(format!("{}{}{}", &html[..tag_start], new_tag, &html[tag_end..]))
}

const SCRIPT_404: &str = r#"
(async function () {
  // A static host serves this page for any missing path. Find the reader's base (the
  // nearest folder above with Tumen's manifest) and go to its index with the same query,
  // turning an old path-style link such as BASE/article/ID into BASE/?article=ID.
  var parts = location.pathname.split("/");
  var base = null;
  for (var i = parts.length - 1; i >= 1 && base === null; i--) {
    var candidate = parts.slice(0, i).join("/") + "/";
    try {
      var r = await fetch(candidate + "manifest.webmanifest", { cache: "no-store" });
      if (r.ok && (await r.json()).name === "Tumen") base = candidate;
    } catch (e) {}
  }
  var message = document.getElementById("message");
  if (base === null) {
    message.textContent = "This page does not exist, and no Tumen reader was found above it.";
    return;
  }
  var rest = location.pathname.slice(base.length);
  var params = new URLSearchParams(location.search);
  var m = /^(?:articles?|a)\/([^\/]+)\/?$/.exec(rest);
  if (m && !params.has("article")) {
    var id = m[1];
    try { id = decodeURIComponent(id); } catch (e) { /* broken percent-encoding: keep it as typed */ }
    params.set("article", id);
  }
  var query = params.toString();
  location.replace(base + (query ? "?" + query : "") + location.hash);
})();
"#;

/// The fallback page for unknown paths on a static host (GitHub Pages serves 404.html).
pub fn page_404() -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src {hash}; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'">
  <meta name="robots" content="noindex">
  <title>Tumen — page not found</title>
</head>
<body>
  <main>
    <h1>Page not found</h1>
    <p id="message">Taking you to the Tumen reader…</p>
    <noscript><p>This address does not exist. Open the reader's start page instead.</p></noscript>
  </main>
  <script>{script}</script>
</body>
</html>
"#,
        hash = csp_hash(SCRIPT_404),
        script = SCRIPT_404
    )
}

fn gzip_len(path: &Path) -> Option<u64> {
    let out = Command::new("gzip").args(["-9", "-c", "-n"]).arg(path).output().ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

fn report_sizes(dist: &Path) -> Result {
    let mut total = 0u64;
    for f in util::list_files(dist)? {
        let len = fs::metadata(dist.join(&f)).map(|m| m.len()).unwrap_or(0);
        total += len;
        if f.ends_with(".wasm") {
            let gz = gzip_len(&dist.join(&f)).map(kb).unwrap_or_else(|| "? (no gzip)".into());
            println!("wasm {f}: {} raw, {gz} gzipped", kb(len));
        }
    }
    println!("dist/ total: {} in {} files", kb(total), util::list_files(dist)?.len());
    Ok(())
}

/// The page only renders: names come from the worker, so the gazetteer's data (120 kB) must
/// stay out of the page's wasm. It is in the worker's, which shows the check can see it.
fn page_carries_no_gazetteer(dist: &Path) -> Result {
    let gazetteer = util::read(&project_root().join("crates/core/data/gazetteer.json"))?;
    // The first province's line: its names and every spelling, long enough to be unique.
    let marker = gazetteer.lines().find(|l| l.contains("\"variants\"")).ok_or("gazetteer.json has no variants line")?.trim().trim_end_matches(',');
    let has = |f: &str| fs::read(dist.join(f)).map(|b| contains(&b, marker.as_bytes())).unwrap_or(false);
    let files = util::list_files(dist)?;
    let page: Vec<&String> = files.iter().filter(|f| f.starts_with("tumen-app-") && f.ends_with(".wasm")).collect();
    let worker: Vec<&String> = files.iter().filter(|f| f.starts_with("tumen-worker") && f.ends_with(".wasm")).collect();
    if page.is_empty() || worker.is_empty() {
        return Err("dist/ has no page or worker wasm".into());
    }
    if !worker.iter().any(|f| has(f)) {
        return Err("the gazetteer check found no gazetteer in the worker's wasm either: its marker is stale".into());
    }
    if let Some(f) = page.iter().find(|f| has(f)) {
        return Err(format!("{f} carries the gazetteer's data: the page must take names from the worker (view_model's worker-side functions)"));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Raw and gzip -9 sizes of every wasm file of a built site (for BENCHMARKS.md).
pub fn wasm_sizes(dist: &Path) -> Vec<(String, u64, u64)> {
    let files = util::list_files(dist).unwrap_or_default();
    files
        .into_iter()
        .filter(|f| f.ends_with(".wasm"))
        .filter_map(|f| {
            let raw = fs::metadata(dist.join(&f)).ok()?.len();
            let gz = gzip_len(&dist.join(&f))?;
            Some((f, raw, gz))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_LIKE: &str = r#"<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'">
<script src="support.js"></script>
<script type="module">
import init from './tumen-1.js';
await init({ module_or_path: './tumen-1_bg.wasm' });
</script></head><body></body></html>"#;

    #[test]
    fn finds_only_inline_scripts() {
        let scripts = inline_scripts(TRUNK_LIKE);
        assert_eq!(scripts.len(), 1);
        assert!(scripts[0].starts_with("\nimport init"));
    }

    #[test]
    fn injects_hashes_idempotently() {
        let once = inject_script_hashes(TRUNK_LIKE).unwrap();
        let hash = csp_hash(inline_scripts(TRUNK_LIKE)[0]);
        assert!(once.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {hash}; style-src 'self'")));
        let twice = inject_script_hashes(&once).unwrap();
        assert_eq!(once, twice);
    }

    #[test]
    fn build_meta_is_replaced() {
        let html = "<head><meta name=\"tumen-build\" content=\"old\"></head>";
        assert_eq!(set_build_meta(html, "abc").unwrap(), "<head><meta name=\"tumen-build\" content=\"abc\"></head>");
        assert!(set_build_meta("<head></head>", "x").is_err());
    }

    #[test]
    fn refuses_html_without_csp() {
        assert!(inject_script_hashes("<html><script>1</script></html>").is_err());
    }

    #[test]
    fn page_404_allows_exactly_its_script() {
        let page = page_404();
        let scripts = inline_scripts(&page);
        assert_eq!(scripts.len(), 1);
        assert!(page.contains(&format!("script-src {};", csp_hash(scripts[0]))));
    }

    #[test]
    fn a_page_wasm_holding_the_gazetteer_fails_the_build() {
        let dir = std::env::temp_dir().join(format!("xtask-gazetteer-check-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let gazetteer = fs::read(project_root().join("crates/core/data/gazetteer.json")).unwrap();
        let with_data = [b"\0asm".as_slice(), &gazetteer].concat();
        fs::write(dir.join("tumen-worker_bg.wasm"), &with_data).unwrap();
        fs::write(dir.join("tumen-app-1_bg.wasm"), b"\0asm only views").unwrap();
        assert_eq!(page_carries_no_gazetteer(&dir), Ok(()));
        fs::write(dir.join("tumen-app-1_bg.wasm"), &with_data).unwrap();
        assert!(page_carries_no_gazetteer(&dir).unwrap_err().contains("tumen-app-1_bg.wasm carries the gazetteer"));
        fs::write(dir.join("tumen-worker_bg.wasm"), b"\0asm").unwrap();
        assert!(page_carries_no_gazetteer(&dir).unwrap_err().contains("marker is stale"));
        let _ = fs::remove_dir_all(&dir);
    }
}
