//! Small helpers shared by the subcommands: paths, running commands, timing.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the parent of `xtask/`).
pub fn project_root() -> PathBuf {
    let dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    dir.parent().map(Path::to_path_buf).unwrap_or(dir)
}

/// PATH with `node_modules/.bin` first, so Trunk finds npm's wasm-opt (binaryen 132)
/// before any other (Debian's binaryen 108 produces broken wasm), and `~/.cargo/bin` next.
pub fn tool_path() -> OsString {
    let root = project_root();
    let mut dirs = vec![root.join("node_modules").join(".bin")];
    if let Some(home) = env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| {
        env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo"))
    }) {
        dirs.push(home.join("bin"));
    }
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    env::join_paths(dirs).unwrap_or_default()
}

/// A command with the tool PATH set and the project root as working directory.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("PATH", tool_path()).current_dir(project_root());
    c
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        let a = a.to_string_lossy();
        if a.contains(' ') || a.is_empty() {
            s.push_str(&format!(" '{a}'"));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Runs a command, echoing it, inheriting stdio. Fails on a non-zero exit.
pub fn run(c: &mut Command) -> Result {
    let line = describe(c);
    eprintln!("$ {line}");
    let status = c.status().map_err(|e| format!("could not start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs a command quietly and returns its stdout (trimmed), or None if it cannot run or fails.
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The first executable named `name` on the tool PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = tool_path();
    env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

pub fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Every regular file under `dir`, as sorted paths relative to `dir` with `/` separators.
pub fn list_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result {
        let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else if path.is_file() {
                let rel = path.strip_prefix(base).map_err(|e| e.to_string())?;
                let parts: Vec<String> =
                    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Human-readable byte count.
pub fn kb(bytes: u64) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

pub struct Timer(Instant);

impl Timer {
    pub fn start() -> Timer {
        Timer(Instant::now())
    }
    pub fn secs(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

/// Takes the value of `--name VALUE` or `--name=VALUE` out of `args`.
pub fn take_opt(args: &mut Vec<String>, name: &str) -> Result<Option<String>> {
    let prefix = format!("{name}=");
    if let Some(i) = args.iter().position(|a| a == name) {
        if i + 1 >= args.len() {
            return Err(format!("{name} needs a value"));
        }
        let v = args.remove(i + 1);
        args.remove(i);
        return Ok(Some(v));
    }
    if let Some(i) = args.iter().position(|a| a.starts_with(&prefix)) {
        let v = args.remove(i)[prefix.len()..].to_string();
        return Ok(Some(v));
    }
    Ok(None)
}

/// Takes a boolean `--flag` out of `args`.
pub fn take_flag(args: &mut Vec<String>, name: &str) -> bool {
    match args.iter().position(|a| a == name) {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    }
}

pub fn no_more_args(args: &[String]) -> Result {
    match args.first() {
        None => Ok(()),
        Some(a) => Err(format!("unexpected argument `{a}` (see `cargo xtask help`)")),
    }
}

/// Takes every `--articles 10000,100_000` (or `--articles=…`) out of `args`, the option may
/// repeat, and returns the sizes; `default` when none was given (each bench has its own).
pub fn take_sizes(args: &mut Vec<String>, default: &[usize]) -> Result<Vec<usize>> {
    let mut sizes = Vec::new();
    while let Some(v) = take_opt(args, "--articles")? {
        for part in v.split(',').filter(|p| !p.trim().is_empty()) {
            sizes.push(part.trim().replace('_', "").parse().map_err(|_| format!("--articles: `{part}` is not a number"))?);
        }
    }
    if sizes.is_empty() {
        sizes = default.to_vec();
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn take_sizes_reads_lists_repeats_and_underscores() {
        let cases: &[(&[&str], Vec<usize>, &[&str])] = &[
            (&[], vec![9], &[]),
            (&["--articles", "10000,100_000"], vec![10_000, 100_000], &[]),
            (&["--articles", "5", "--no-real", "--articles", "7,"], vec![5, 7], &["--no-real"]),
            (&["--articles=1_000"], vec![1000], &[]),
        ];
        for (given, sizes, rest) in cases {
            let mut a = args(given);
            assert_eq!(take_sizes(&mut a, &[9]).as_ref(), Ok(sizes), "{given:?}");
            assert_eq!(a, args(rest), "{given:?}");
        }
    }

    #[test]
    fn take_sizes_rejects_what_is_not_a_number() {
        let mut a = args(&["--articles", "10k"]);
        assert!(take_sizes(&mut a, &[]).is_err_and(|e| e.contains("10k")));
        assert!(take_sizes(&mut args(&["--articles"]), &[]).is_err());
    }
}
