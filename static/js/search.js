// The page's search box as a combobox: htmx fetches suggestions, this script handles the
// keyboard and the ARIA state. Without JavaScript the box stays a plain search form.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // One box per page suggests: the header's, or the home page's big one in its place.
    var input = document.querySelector("input[data-suggest]");
    var list = input && document.getElementById(input.id + "-listbox");
    if (!input || !list) { return; }
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    list.setAttribute("role", "listbox");

    function options() { return list.querySelectorAll("[role=option]"); }

    function highlight(index) {
      var items = options();
      active = index;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      var has = options().length > 0 && input.value.trim().length > 1;
      list.hidden = !has;
      input.setAttribute("aria-expanded", has ? "true" : "false");
      highlight(-1);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }

    function go(item) {
      if (item && item.dataset.url) { window.location.assign(item.dataset.url); }
    }

    list.addEventListener("htmx:afterSwap", open);

    input.addEventListener("keydown", function (event) {
      var items = options();
      if (event.key === "ArrowDown") {
        if (list.hidden && items.length) { open(); }
        if (items.length) { highlight((active + 1) % items.length); }
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        if (items.length) { highlight(active <= 0 ? items.length - 1 : active - 1); }
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0 && items[active]) {
          event.preventDefault();
          go(items[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); }
        close();
      }
    });

    input.addEventListener("input", function () {
      if (input.value.trim().length < 2) { close(); }
    });

    // mousedown, not click: it fires before the input loses focus and closes the list.
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) { event.preventDefault(); go(item); }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  });
})();
