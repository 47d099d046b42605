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
