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

// "Insert into the answer": put a prepared text (an article link) at the cursor of a field.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-insert-into]");
  if (!button) { return; }
  var field = document.getElementById(button.getAttribute("data-insert-into"));
  if (!field) { return; }
  var text = button.getAttribute("data-insert-text") || "";
  var start = field.selectionStart || 0;
  var end = field.selectionEnd || 0;
  field.value = field.value.slice(0, start) + text + field.value.slice(end);
  field.focus();
  field.selectionStart = field.selectionEnd = start + text.length;
});

// Task lists in articles ("- [ ]" in Markdown) arrive as disabled boxes: let readers tick
// the steps as they go, kept on this device per page. Without storage they still tick.
document.addEventListener("DOMContentLoaded", function () {
  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not kept */ }
  }
  var lists = document.querySelectorAll("main .task-list");
  Array.prototype.forEach.call(lists, function (list, listIndex) {
    var boxes = list.querySelectorAll(":scope > .task-list-item input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box, boxIndex) {
      var key = "portal-tasks:" + window.location.pathname + ":" + listIndex + ":" + boxIndex;
      var saved = read(key);
      if (saved !== null) { box.checked = saved === "1"; }
      box.disabled = false;
      box.addEventListener("change", function () { write(key, box.checked ? "1" : "0"); });
    });
    list.classList.add("is-live");
  });
});
