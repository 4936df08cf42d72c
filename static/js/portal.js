// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Move focus to an error summary so screen-reader users hear what to fix.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".form-errors");
    if (summary) { summary.focus(); }
  });
})();
