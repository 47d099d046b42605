// Starts the reader's worker: loads its wasm (built by Trunk from src/worker_main.rs) and hands
// it the messages that arrived while it loaded. `?v=BUILD` (set by the page from the build id
// `cargo xtask build` stamps) keeps the worker's files from mixing builds in any cache.
"use strict";
(function () {
  var early = [];
  // The manifest is the worker's first download. Asked for as soon as the page's Open
  // request arrives, it comes while the worker's code is still on its way; the worker
  // (`fresh` in src/worker/fetch.rs) takes this answer instead of asking again.
  self.__tumenPrefetch = {};
  self.onmessage = function (event) {
    early.push(event.data);
    try {
      var open = typeof event.data === "string" ? JSON.parse(event.data).Open : null;
      if (open && typeof open.base === "string") {
        // The name is tumen_core::bundle::MANIFEST (a test in src/worker/fetch.rs checks it).
        var url = new URL(open.base + "manifest.json", self.location.href).href;
        var answer = fetch(url, { cache: "no-cache" });
        answer.catch(function () { /* the worker sees the failure when it takes the answer */ });
        self.__tumenPrefetch[url] = answer;
      }
    } catch (e) {
      // Not an Open request: nothing to fetch ahead.
    }
  };
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
