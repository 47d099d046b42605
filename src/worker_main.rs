//! Browser entry point of the worker (`worker-boot.js` loads it): answers the
//! page's requests. See `tumen::worker`.
use wasm_bindgen::prelude::*;

fn main() {
    tumen::worker::start();
}

/// Bytes of the worker's wasm memory (read by `cargo xtask bench`).
#[wasm_bindgen]
pub fn tumen_worker_memory_bytes() -> f64 {
    tumen::timing::wasm_memory_bytes()
}
