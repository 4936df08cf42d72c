// Live chat on top of plain forms: new messages without a reload, typing, sending in place.
// Every message carries its id; a poll asks for everything after the last id this page
// shows, and a message already on the page is never added twice.
(function () {
  "use strict";

  function post(url, body, csrf) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Chat-Client": "1", "X-CSRFToken": csrf || "" }
    });
  }

  function startChat(root) {
    var log = document.getElementById("chat-log");
    var panel = document.getElementById("chat-panel");
    var typingNote = document.getElementById("chat-typing");
    var statusLine = document.getElementById("chat-status");
    var refresh = root.querySelector(".chat-refresh");
    var csrf = root.getAttribute("data-csrf");
    var state = {
      rev: parseInt(root.getAttribute("data-rev"), 10),
      after: parseInt(root.getAttribute("data-after"), 10) || 0,
      mark: root.getAttribute("data-mark") || "-",
      active: root.getAttribute("data-active") === "1"
    };
    var interval = parseInt(root.getAttribute("data-interval"), 10) || 750;
    var timer = null, busy = false, typingHide = null, lastTyping = 0, failures = 0;
    // While the other side is typing, a message is on its way: ask more often until it lands.
    var typingUntil = 0, quick = Math.max(250, Math.round(interval / 3));

    if (refresh) { refresh.hidden = true; }

    function showTyping(on) {
      typingUntil = on ? Date.now() + 6000 : 0;
      if (!typingNote) { return; }
      typingNote.hidden = !on;
      clearTimeout(typingHide);
      if (on) { typingHide = setTimeout(function () { typingNote.hidden = true; }, 6000); }
    }

    function apply(data) {
      state.rev = data.rev;
      if (data.mark !== undefined) { state.mark = data.mark; }
      (data.messages || []).forEach(function (message) {
        if (message.id > state.after && !document.getElementById("m" + message.id)) {
          log.insertAdjacentHTML("beforeend", message.html);
        }
        if (message.id > state.after) { state.after = message.id; }
      });
      if (panel && data.panel !== undefined && panel.getAttribute("data-html") !== data.panel) {
        panel.innerHTML = data.panel;
        panel.setAttribute("data-html", data.panel);
      }
      var shared = document.getElementById("chat-context");
      if (shared && data.context !== undefined && shared.getAttribute("data-html") !== data.context) {
        shared.innerHTML = data.context;
        shared.setAttribute("data-html", data.context);
      }
      showTyping(!!data.typing);
      if (data.status === "ended") {
        var form = root.querySelector(".chat-form");
        if (form) { form.hidden = true; }
      }
    }

    function schedule(delay) {
      clearTimeout(timer);
      if (!state.active) { return; }
      if (delay === undefined) {
        delay = document.hidden ? interval * 6 : (Date.now() < typingUntil ? quick : interval);
      }
      timer = setTimeout(poll, delay);
    }

    function poll() {
      if (busy) { return; }
      busy = true;
      var url = root.getAttribute("data-updates") + "?after=" + state.after + "&rev=" + state.rev +
        "&mark=" + encodeURIComponent(state.mark);
      fetch(url, { credentials: "same-origin", headers: { "X-Chat-Client": "1" } })
        .then(function (response) {
          if (response.status !== 200) { return null; }
          return response.json().then(function (data) {
            if (data.gone) { state.active = false; } else { apply(data); }
          });
        })
        .then(function () { failures = 0; })
        .catch(function () { failures += 1; })
        .then(function () {
          busy = false;
          // Offline or the server restarting: try again, more slowly, and catch up then.
          schedule(failures ? Math.min(interval * (1 + failures), 15000) : undefined);
        });
    }

    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { schedule(0); }
    });

    root.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.hasAttribute || !form.hasAttribute("data-chat-form")) { return; }
      event.preventDefault();
      var body = new FormData(form);
      if (event.submitter && event.submitter.name) {
        body.append(event.submitter.name, event.submitter.value);
      }
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      post(form.action, body, csrf)
        .then(function (response) {
          return response.json().then(function (data) {
            if (statusLine) { statusLine.textContent = data.message || ""; }
            var changed = data.replace && document.getElementById("m" + data.replace.id);
            if (changed) { changed.outerHTML = data.replace.html; }
            if (response.ok && form.hasAttribute("data-clear")) {
              var box = form.querySelector("textarea");
              if (box) { box.value = ""; box.focus(); }
            }
            if (response.ok) { state.active = true; }
          });
        })
        .catch(function () {
          if (statusLine) { statusLine.textContent = root.getAttribute("data-offline") || ""; }
        })
        .then(function () {
          buttons.forEach(function (b) { b.disabled = false; });
          schedule(0);
        });
    });

    var box = root.querySelector(".chat-form textarea");
    var typingUrl = root.getAttribute("data-typing");
    if (box && typingUrl) {
      box.addEventListener("input", function () {
        var now = Date.now();
        if (now - lastTyping < 3000 || !state.active) { return; }
        lastTyping = now;
        post(typingUrl, new FormData(), csrf).catch(function () {});
      });
      // Enter sends, Shift+Enter starts a new line.
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          box.form.requestSubmit();
        }
      });
    }
    schedule();
  }

  function startQueue(root) {
    var notice = document.getElementById("chat-notice");
    var count = document.getElementById("chat-notice-count");
    var list = document.getElementById("agent-queue");
    var interval = parseInt(root.getAttribute("data-interval"), 10) || 2000;
    var title = document.title;
    function poll() {
      fetch(root.getAttribute("data-updates"), { credentials: "same-origin", headers: { "X-Chat-Client": "1" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (list.getAttribute("data-html") !== data.html) {
            list.innerHTML = data.html;
            list.setAttribute("data-html", data.html);
          }
          notice.hidden = data.waiting === 0;
          count.textContent = data.notice;
          document.title = data.waiting ? "(" + data.waiting + ") " + title : title;
        })
        .catch(function () {})
        .then(function () { setTimeout(poll, interval); });
    }
    setTimeout(poll, interval);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var chat = document.getElementById("chat");
    if (chat) { startChat(chat); }
    var queue = document.getElementById("agent-chats");
    if (queue) { startQueue(queue); }
  });
})();
