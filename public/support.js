// Runs before the reader: if this browser cannot run WebAssembly, say so in plain words
// instead of leaving a blank page. (No inline script: the Content-Security-Policy forbids it.)
(function () {
  "use strict";
  var ok =
    typeof WebAssembly === "object" &&
    typeof WebAssembly.instantiate === "function" &&
    typeof WebAssembly.Module === "function";
  if (ok) return;
  function show() {
    var box = document.getElementById("unsupported");
    if (box) box.hidden = false;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();

// Text typed just before a reload, which the URL had not caught up with yet (the search box
// writes it once typing pauses): put it back before anything reads the URL. The page keeps it
// in this tab's sessionStorage when it goes away (src/components/search_box.rs); this is the
// first script to run, so it restores it, for the address it was typed on only.
(function () {
  "use strict";
  try {
    var kept = sessionStorage.getItem("tumen:unwritten-url");
    if (kept === null) return;
    sessionStorage.removeItem("tumen:unwritten-url");
    var pair = JSON.parse(kept);
    if (Array.isArray(pair) && pair[0] === location.href && typeof pair[1] === "string") {
      history.replaceState(null, "", pair[1]);
    }
  } catch (e) {
    // Storage refused or the value unreadable: the page opens at its address as it is.
  }
})();

// Starts the reader's worker at once, while the page's own WebAssembly is still on its way:
// the worker downloads its code and the corpus' first files in parallel with the page's, and
// the page (src/client.rs) adopts it, with the messages that arrived meanwhile, when it starts.
// The first request is the same one the page would send: open the corpus with the reader's
// own files (kept in localStorage, see src/storage.rs).
(function () {
  "use strict";
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") return;
  try {
    var meta = document.querySelector('meta[name="tumen-build"]');
    var build = meta ? meta.getAttribute("content") : "";
    var worker = new Worker("worker-boot.js" + (build ? "?v=" + encodeURIComponent(build) : ""));
    var early = [];
    worker.onmessage = function (event) { early.push(event.data); };
    var added = [];
    try {
      added = JSON.parse(localStorage.getItem("tumen:added-files") || "[]").map(function (f) {
        return { name: String(f[0]), text: String(f[1]) };
      });
    } catch (e) { added = []; }
    // `first`: the list this URL shows, answered as soon as the corpus is open.
    worker.postMessage(JSON.stringify({ Open: { base: "corpus/", added: added, first: location.search } }));
    window.__tumenWorker = { worker: worker, early: early };
  } catch (e) {
    // The page starts the worker itself (and says so if it cannot).
  }
})();
