// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to an error summary so screen-reader users hear what to fix.
    var summary = document.querySelector(".form-errors");
    if (summary) { summary.focus(); }
  });

  // After htmx swaps in new content (a tutorial step, say), move focus to its heading.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var heading = target && target.querySelector("[data-focus-after-swap]");
    if (heading) { heading.focus(); }
  });
})();
