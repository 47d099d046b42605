//! `cargo xtask serve`: a std-only static file server, like a static host that knows nothing
//! of the app (no rewrites): correct MIME types, ETag revalidation, gzip when the client
//! accepts it, an optional sub-path base (GitHub Pages project sites live under /REPO/), and
//! BASE/404.html with status 404 for missing paths, as GitHub Pages does.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;

use crate::build;
use crate::hash::fnv1a64_hex;
use crate::install::{self, Need};
use crate::util::{self, Result};

pub struct Options {
    pub dir: PathBuf,
    pub base: String,
    pub port: u16,
    /// Print one line per request: `GET /path 200 1234 gzip`.
    pub log: bool,
    /// Send the cross-origin isolation headers (COOP/COEP), which the benchmark needs for
    /// `performance.measureUserAgentSpecificMemory()`. Static hosts do not send them.
    pub isolate: bool,
}

pub fn run_cmd(mut args: Vec<String>) -> Result {
    let port = util::take_opt(&mut args, "--port")?.unwrap_or_else(|| "8080".into());
    let port: u16 = port.parse().map_err(|_| format!("--port: `{port}` is not a port number"))?;
    let base = normalize_base(&util::take_opt(&mut args, "--base")?.unwrap_or_else(|| "/".into()))?;
    let dir = util::take_opt(&mut args, "--dir")?;
    let no_build = util::take_flag(&mut args, "--no-build");
    let log = util::take_flag(&mut args, "--log");
    let isolate = util::take_flag(&mut args, "--isolate");
    util::no_more_args(&args)?;
    let dir = match dir {
        Some(d) => PathBuf::from(d),
        None => {
            if !no_build {
                install::ensure(Need::Build)?;
                build::build(None)?;
            }
            build::dist_dir()
        }
    };
    if !dir.join("index.html").is_file() {
        return Err(format!("{} has no index.html: run `cargo xtask build` first", dir.display()));
    }
    serve(Options { dir, base, port, log, isolate })
}

pub fn normalize_base(base: &str) -> Result<String> {
    let trimmed = base.trim_matches('/');
    if trimmed.split('/').any(|s| s == ".." || s == ".") {
        return Err(format!("--base `{base}` must be a plain path such as /tumen/"));
    }
    Ok(if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") })
}

/// Binds, prints the address, and serves forever.
pub fn serve(opts: Options) -> Result {
    let listener = TcpListener::bind(("127.0.0.1", opts.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    println!("Serving {} at http://127.0.0.1:{port}{}", opts.dir.display(), opts.base);
    println!("(a plain static host: no rewrites; Ctrl-C stops it)");
    let _ = std::io::stdout().flush();
    let state = Arc::new(State { opts, gzip_cache: Mutex::new(HashMap::new()) });
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(&state);
        thread::spawn(move || {
            let _ = handle(&state, stream);
        });
    }
    Ok(())
}

/// A response before it is written: status, headers, body, whether the body is gzipped.
type Reply = (u16, Vec<(String, String)>, Arc<Vec<u8>>, bool);

/// gzip bodies by (file, ETag), compressed once.
type GzipCache = Mutex<HashMap<(PathBuf, String), Arc<Vec<u8>>>>;

struct State {
    opts: Options,
    gzip_cache: GzipCache,
}

pub fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.starts_with("application/json")
        || mime.starts_with("application/manifest+json")
        || mime.starts_with("application/wasm")
        || mime.starts_with("image/svg+xml")
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Maps a URL path (no query) to a file under `dir`, as a static host would.
pub fn resolve(dir: &Path, base: &str, url_path: &str) -> Resolved {
    let Some(path) = percent_decode(url_path) else { return Resolved::NotFound };
    if base != "/" && path == base.trim_end_matches('/') {
        return Resolved::Redirect(base.to_string());
    }
    let Some(rest) = path.strip_prefix(base) else { return Resolved::NotFound };
    let mut file = dir.to_path_buf();
    for seg in rest.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." || seg == "." || seg.contains('\\') {
            return Resolved::NotFound;
        }
        file.push(seg);
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
}

fn handle(state: &State, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();

    let (status, mut head, body, gz): Reply =
        if method != "GET" && method != "HEAD" {
            (405, vec![("Allow".into(), "GET, HEAD".into())], Arc::new(b"method not allowed\n".to_vec()), false)
        } else {
            let opts = &state.opts;
            match resolve(&opts.dir, &opts.base, &path) {
                Resolved::Redirect(to) => {
                    let query = target.find('?').map(|i| &target[i..]).unwrap_or("");
                    (301, vec![("Location".into(), format!("{to}{query}"))], Arc::new(Vec::new()), false)
                }
                Resolved::File(file) => file_response(state, &file, 200, &headers),
                Resolved::NotFound => {
                    let page = opts.dir.join("404.html");
                    if path.starts_with(&opts.base) && page.is_file() {
                        file_response(state, &page, 404, &headers)
                    } else {
                        (404, vec![("Content-Type".into(), "text/plain".into())], Arc::new(b"not found\n".to_vec()), false)
                    }
                }
            }
        };
    if state.opts.isolate {
        head.push(("Cross-Origin-Opener-Policy".into(), "same-origin".into()));
        head.push(("Cross-Origin-Embedder-Policy".into(), "require-corp".into()));
        head.push(("Cross-Origin-Resource-Policy".into(), "same-origin".into()));
    }
    head.push(("Content-Length".into(), body.len().to_string()));
    head.push(("Connection".into(), "close".into()));
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in &head {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    let mut sent = out.len();
    if method != "HEAD" && status != 304 {
        stream.write_all(&body)?;
        sent += body.len();
    }
    stream.flush()?;
    if state.opts.log {
        println!("{method} {target} {status} {sent}{}", if gz { " gzip" } else { "" });
        let _ = std::io::stdout().flush();
    }
    Ok(())
}

fn file_response(
    state: &State,
    file: &Path,
    status: u16,
    req: &HashMap<String, String>,
) -> Reply {
    let Ok(bytes) = std::fs::read(file) else {
        return (404, vec![], Arc::new(b"not found\n".to_vec()), false);
    };
    let mime = mime_type(&file.to_string_lossy());
    let etag = format!("\"{}\"", fnv1a64_hex(&bytes));
    let mut head = vec![
        ("Content-Type".to_string(), mime.to_string()),
        // Always revalidate: a deploy must be visible on the next request.
        ("Cache-Control".to_string(), "no-cache".to_string()),
        ("ETag".to_string(), etag.clone()),
        ("Vary".to_string(), "Accept-Encoding".to_string()),
    ];
    if status == 200 && req.get("if-none-match").is_some_and(|v| v.split(',').any(|t| t.trim() == etag)) {
        return (304, head, Arc::new(Vec::new()), false);
    }
    let wants_gzip = req.get("accept-encoding").is_some_and(|v| v.contains("gzip"));
    if wants_gzip && compressible(mime) && bytes.len() > 256 {
        let key = (file.to_path_buf(), etag);
        let cached = state.gzip_cache.lock().ok().and_then(|c| c.get(&key).cloned());
        let gz = cached.or_else(|| {
            let gz = Arc::new(gzip(&bytes)?);
            if let Ok(mut c) = state.gzip_cache.lock() {
                c.insert(key, Arc::clone(&gz));
            }
            Some(gz)
        });
        if let Some(gz) = gz {
            head.push(("Content-Encoding".into(), "gzip".into()));
            return (status, head, gz, true);
        }
    }
    (status, head, Arc::new(bytes), false)
}

/// gzip -9 through the system `gzip` binary (present on every Debian machine).
fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::process::Stdio;
    let mut child = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let data = bytes.to_vec();
    let writer = thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    out.status.success().then_some(out.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_for_the_build() {
        assert_eq!(mime_type("a/tumen-1_bg.wasm"), "application/wasm");
        assert_eq!(mime_type("tumen-1.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime_type("manifest.webmanifest"), "application/manifest+json");
        assert_eq!(mime_type("corpus.json"), "application/json");
        assert_eq!(mime_type("icon.svg"), "image/svg+xml");
    }

    #[test]
    fn bases_are_normalized() {
        assert_eq!(normalize_base("tumen").unwrap(), "/tumen/");
        assert_eq!(normalize_base("/tumen/").unwrap(), "/tumen/");
        assert_eq!(normalize_base("/").unwrap(), "/");
        assert!(normalize_base("/../etc").is_err());
    }

    #[test]
    fn resolves_like_a_static_host() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), "i").unwrap();
        std::fs::write(dir.join("sub/index.html"), "s").unwrap();
        assert_eq!(resolve(&dir, "/tumen/", "/tumen/"), Resolved::File(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/tumen/", "/tumen"), Resolved::Redirect("/tumen/".into()));
        assert_eq!(resolve(&dir, "/tumen/", "/tumen/sub"), Resolved::Redirect("/tumen/sub/".into()));
        assert_eq!(resolve(&dir, "/tumen/", "/tumen/sub/"), Resolved::File(dir.join("sub/index.html")));
        assert_eq!(resolve(&dir, "/tumen/", "/index.html"), Resolved::NotFound);
        assert_eq!(resolve(&dir, "/tumen/", "/tumen/../index.html"), Resolved::NotFound);
        assert_eq!(resolve(&dir, "/tumen/", "/tumen/%2e%2e/x"), Resolved::NotFound);
        assert_eq!(resolve(&dir, "/", "/index.html"), Resolved::File(dir.join("index.html")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
