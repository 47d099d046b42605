//! Browser entry point of the page: installs the panic hook and mounts the app.
use wasm_bindgen::prelude::*;

fn main() {
    tumen::start();
}

/// Bytes of the page's wasm memory (read by `cargo xtask bench`).
#[wasm_bindgen]
pub fn tumen_wasm_memory_bytes() -> f64 {
    tumen::timing::wasm_memory_bytes()
}
