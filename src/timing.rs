//! Performance marks for dev tools and the benchmark (`tumen:opened`,
//! `tumen:rendered`, …), with the page's wasm memory at each mark in
//! `window.__tumenMemory[name]`.

use wasm_bindgen::JsCast;

/// Bytes of this wasm instance's linear memory.
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().map(|b| b.byte_length() as f64).unwrap_or(0.0))
        .unwrap_or(0.0)
}

/// Records a performance mark and the memory at that moment.
pub fn mark(name: &str) {
    let Some(window) = web_sys::window() else { return };
    if let Some(performance) = window.performance() {
        let _ = performance.mark(name);
    }
    let memory = js_sys::Reflect::get(&window, &"__tumenMemory".into())
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&memory, &name.into(), &wasm_memory_bytes().into());
    let _ = js_sys::Reflect::set(&window, &"__tumenMemory".into(), &memory);
}
