//! The service worker: rendered from `sw.template.js` with the build id and the precache list.

use crate::hash::Fnv1a64;

const TEMPLATE: &str = include_str!("sw.template.js");

/// The app shell the worker precaches: every file but the worker itself and the
/// corpus' data files, which the reader's worker fetches as it needs them and
/// keeps in its own cache across builds (their names are content hashes). The
/// corpus manifest is part of the shell, so a page always reads the manifest
/// of its own build.
pub fn is_precached(rel: &str) -> bool {
    rel != "sw.js" && (!rel.starts_with("corpus/") || rel == "corpus/manifest.json")
}

/// The build id: FNV-1a 64 over the sorted file names and contents of the build.
pub fn build_id(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Fnv1a64::new();
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update(&[0]);
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.hex()
}

/// Renders sw.js. `files` are paths relative to the site root, sorted.
pub fn render(build_id: &str, files: &[String]) -> String {
    let mut list = String::from("[\n  \"./\"");
    for f in files.iter().filter(|f| is_precached(f)) {
        list.push_str(",\n  ");
        list.push_str(&json_string(f));
    }
    list.push_str("\n]");
    TEMPLATE.replace("{{BUILD_ID}}", build_id).replace("{{PRECACHE}}", &list)
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_shell_but_not_itself_or_the_corpus_data() {
        let files: Vec<String> = ["corpus/manifest.json", "corpus/post-0123456789ab.bin", "index.html", "sw.js"].map(String::from).to_vec();
        let sw = render("abc", &files);
        assert!(sw.contains("const BUILD_ID = \"abc\";"));
        assert!(sw.contains("\"./\",\n  \"corpus/manifest.json\",\n  \"index.html\"\n]"), "{sw}");
        assert!(!sw.contains("\"sw.js\""));
        assert!(!sw.contains("post-"));
        assert!(!sw.contains("{{"));
    }

    #[test]
    fn build_id_changes_with_any_byte_or_name() {
        let a = vec![("a.js".to_string(), b"1".to_vec())];
        let b = vec![("a.js".to_string(), b"2".to_vec())];
        let c = vec![("b.js".to_string(), b"1".to_vec())];
        assert_ne!(build_id(&a), build_id(&b));
        assert_ne!(build_id(&a), build_id(&c));
        assert_eq!(build_id(&a), build_id(&a.clone()));
    }

    #[test]
    fn never_skips_waiting_on_its_own() {
        // The update banner relies on the new worker waiting for the page's message.
        let code: String = TEMPLATE.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
        assert_eq!(code.matches("skipWaiting()").count(), 1, "only the message handler may skip waiting");
        assert!(code.contains("event.data.type === \"SKIP_WAITING\""));
    }
}
