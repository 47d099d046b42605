//! Runs the built `tumen tag` binary and checks its JSON.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tumen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn tags_stdin_text_with_offsets() {
    let text = "Smugglers in Hyesan's market said 양강도에서 prices rose; traders in Dandong agreed.";
    let (code, stdout, stderr) = run(&["tag"], text);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON object");
    assert_eq!(v["provinces"], serde_json::json!(["ryanggang"]));
    let places = v["places"].as_array().expect("places");
    let hyesan = places.iter().find(|p| p["id"] == "hyesan").expect("hyesan place");
    assert_eq!(hyesan["name"], "Hyesan");
    assert_eq!(hyesan["province"], "ryanggang");
    // Foreign places are entities but not places.
    assert!(!places.iter().any(|p| p["id"] == "dandong"));
    let entities = v["entities"].as_array().expect("entities");
    assert!(entities.iter().any(|e| e["id"] == "dandong" && e["kind"] == "foreign-place"));
    for e in entities {
        let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[s..t], e["text"].as_str().unwrap(), "{e}");
    }
    let ry = entities.iter().find(|e| e["id"] == "ryanggang").expect("ryanggang");
    assert_eq!(ry["text"], "양강도");
    assert!(v["topics"].as_array().unwrap().iter().any(|t| t["id"] == "smuggling"));
}

#[test]
fn tags_a_corpus_per_article() {
    let dir = std::env::temp_dir().join(format!("tumen-tag-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("corpus.json");
    std::fs::write(
        &path,
        r#"{"version":1,"articles":[
          {"id":"a1","title":"Rice prices rise in Hyesan","date":"2024-03-01","source":"Daily NK","url":null,"summary":"Smugglers in Sinuiju."},
          {"id":"a2","title":"","source":"Daily NK"}]}"#,
    )
    .unwrap();
    let (code, stdout, stderr) = run(&["tag", "--corpus", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("title"), "problems go to stderr: {stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["id"], "a1");
    assert_eq!(v["provinces"], serde_json::json!(["north-pyongan", "ryanggang"]));
    assert!(v["entities"].as_array().unwrap().iter().any(|e| e["id"] == "hyesan" && e["count"] == 1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_corpus_fails_cleanly() {
    let (code, stdout, stderr) = run(&["tag", "--corpus", "/nonexistent/corpus.json"], "");
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("cannot read"), "{stderr}");
}
