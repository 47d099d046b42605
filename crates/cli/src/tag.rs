//! Placeholder until the tagger lands.
use std::process::ExitCode;
pub fn run(_corpus: Option<&std::path::Path>) -> ExitCode {
    eprintln!("tag: not available yet");
    ExitCode::FAILURE
}
