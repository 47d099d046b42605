// Starts the reader's worker: loads its wasm (built by Trunk from src/worker_main.rs) and hands
// it the messages that arrived while it loaded. `?v=BUILD` (set by the page from the build id
// `cargo xtask build` stamps) keeps the worker's files from mixing builds in any cache.
"use strict";
(function () {
  var early = [];
  self.onmessage = function (event) { early.push(event.data); };
  var v = new URL(self.location.href).searchParams.get("v");
  var suffix = v ? "?v=" + encodeURIComponent(v) : "";
  try {
    importScripts("tumen-worker.js" + suffix);
  } catch (e) {
    self.postMessage(JSON.stringify({ Error: { id: 0, message: "The reader's worker could not load its code: " + e } }));
    return;
  }
  wasm_bindgen({ module_or_path: "tumen-worker_bg.wasm" + suffix }).then(function () {
    // The worker's main() has replaced onmessage with its own handler.
    early.forEach(function (data) { self.onmessage({ data: data }); });
  }, function (e) {
    self.postMessage(JSON.stringify({ Error: { id: 0, message: "The reader's worker could not start: " + e } }));
  });
})();
