//! `cargo xtask install`: installs only what is missing, from the package registries only
//! (crates.io, npm, Debian apt). Never downloads tools from anywhere else.

use std::path::Path;
use std::process::Command;

use crate::util::{self, cmd, output, project_root, run, which, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_MAJOR: &str = "132";

/// What a subcommand needs.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Need {
    /// wasm target, trunk, wasm-bindgen, npm packages (wasm-opt).
    Build,
    /// Build + Chromium and chromedriver (e2e, wasm browser tests).
    Chromium,
    /// Chromium + Firefox ESR, geckodriver, WebKitGTK WebDriver, xvfb (unless skipped).
    AllEngines,
}

/// Engines the environment asks to skip: `TUMEN_SKIP_ENGINES=webkit,firefox`.
pub fn skipped_engines() -> Vec<String> {
    std::env::var("TUMEN_SKIP_ENGINES")
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn run_cmd(args: &[String]) -> Result {
    util::no_more_args(args)?;
    ensure(Need::AllEngines)
}

pub fn ensure(need: Need) -> Result {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    npm_packages()?;
    if need >= Need::Chromium {
        apt_packages(need)?;
    }
    if need >= Need::AllEngines && !skipped_engines().iter().any(|e| e == "firefox") {
        geckodriver()?;
    }
    Ok(())
}

fn wasm_target() -> Result {
    let installed = output(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    eprintln!("install: the wasm32-unknown-unknown target is missing");
    run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result {
    let have = output(cmd("trunk").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        return Ok(());
    }
    eprintln!(
        "install: trunk {TRUNK_VERSION} is needed (found: {}); this takes about 9 minutes on 2 cores",
        if have.is_empty() { "none" } else { &have }
    );
    run(cmd("cargo").args(["install", "--locked", "--force", &format!("trunk@{TRUNK_VERSION}")]))
}

/// The version of the `wasm-bindgen` crate in Cargo.lock (the CLI must match it exactly).
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = util::read(&project_root().join("Cargo.lock"))?;
    lock_version(&lock, "wasm-bindgen").ok_or_else(|| "Cargo.lock has no wasm-bindgen package".to_string())
}

pub fn lock_version(lock: &str, package: &str) -> Option<String> {
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle {
            let next = lines.next()?.trim();
            return next.strip_prefix("version = \"")?.strip_suffix('"').map(str::to_string);
        }
    }
    None
}

fn wasm_bindgen() -> Result {
    let want = locked_wasm_bindgen_version()?;
    let have = output(cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = which("wasm-bindgen-test-runner").is_some();
    if have.split_whitespace().nth(1) == Some(want.as_str()) && runner {
        return Ok(());
    }
    eprintln!(
        "install: wasm-bindgen-cli {want} is needed to match Cargo.lock (found: {}); about 3 minutes",
        if have.is_empty() { "none" } else { &have }
    );
    // Not --locked: its lock file pins a webpki-roots release that crates.io no longer serves.
    run(cmd("cargo").args(["install", "--force", &format!("wasm-bindgen-cli@{want}")]))
}

fn npm_packages() -> Result {
    let root = project_root();
    let lock = root.join("package-lock.json");
    let hidden = root.join("node_modules").join(".package-lock.json");
    let stale = match (mtime(&lock), mtime(&hidden)) {
        (Some(l), Some(h)) => l > h,
        _ => true,
    };
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let opt_ok = output(cmd(&wasm_opt.to_string_lossy()).arg("--version"))
        .is_some_and(|v| v.contains(&format!("version {BINARYEN_MAJOR}")));
    let pw_ok = root.join("node_modules/playwright-core/package.json").is_file()
        && root.join("node_modules/selenium-webdriver/package.json").is_file();
    if !stale && opt_ok && pw_ok {
        return Ok(());
    }
    if which("npm").is_none() {
        return Err("npm is missing: install Node.js 20+ and npm (e.g. `apt-get install -y nodejs npm`)".into());
    }
    eprintln!("install: node_modules is missing or older than package-lock.json");
    if lock.is_file() {
        run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    } else {
        run(cmd("npm").args(["install", "--no-audit", "--no-fund"]))?;
    }
    let v = output(cmd(&wasm_opt.to_string_lossy()).arg("--version")).unwrap_or_default();
    if !v.contains(&format!("version {BINARYEN_MAJOR}")) {
        return Err(format!("node_modules/.bin/wasm-opt reports `{v}`, expected binaryen {BINARYEN_MAJOR}"));
    }
    Ok(())
}

fn mtime(p: &Path) -> Option<std::time::SystemTime> {
    p.metadata().ok()?.modified().ok()
}

fn apt_packages(need: Need) -> Result {
    let skip = skipped_engines();
    // g++ builds libFuzzer for the fuzz targets (checked to compile in the native stage).
    // fonts-noto-cjk: Hangul in the Korean interface's screenshots (and for the tests' readers).
    let mut wanted: Vec<(&str, &str)> = vec![
        ("/usr/bin/chromium", "chromium"),
        ("/usr/bin/chromedriver", "chromium-driver"),
        ("/usr/bin/g++", "g++"),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk"),
    ];
    if need >= Need::AllEngines {
        if !skip.iter().any(|e| e == "firefox") {
            wanted.push(("/usr/bin/firefox-esr", "firefox-esr"));
        }
        if !skip.iter().any(|e| e == "webkit") {
            wanted.push(("/usr/bin/WebKitWebDriver", "webkit2gtk-driver"));
            wanted.push(("/usr/bin/xvfb-run", "xvfb"));
        }
    }
    let missing: Vec<&str> =
        wanted.iter().filter(|(bin, _)| !Path::new(bin).exists()).map(|(_, pkg)| *pkg).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let line = format!("apt-get update && apt-get install -y {}", missing.join(" "));
    if !util::is_root() {
        return Err(format!("missing Debian packages; run as root:\n    {line}"));
    }
    eprintln!("install: missing Debian packages: {}", missing.join(" "));
    run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn geckodriver() -> Result {
    if output(cmd("geckodriver").arg("--version")).is_some() {
        return Ok(());
    }
    // Pinned: the version measured to build with the project's Rust toolchain.
    eprintln!("install: geckodriver is missing (Firefox WebDriver); installing 0.37.1, about 3 minutes");
    run(cmd("cargo").args(["install", "--locked", "geckodriver@0.37.1"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"x\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.1\"\n";
        assert_eq!(lock_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(lock_version(lock, "wasm-bindgen-futures").as_deref(), Some("0.4.1"));
        assert_eq!(lock_version(lock, "leptos"), None);
    }
}
