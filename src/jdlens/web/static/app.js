/* jdlens: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  var NARROW = "(max-width: 999px)";

  function marks(docId, key) {
    var doc = document.getElementById(docId);
    if (!doc) { return []; }
    return Array.prototype.filter.call(doc.querySelectorAll("mark.ev"), function (m) {
      return m.getAttribute("data-key") === key;
    });
  }

  /* Scroll the document pane (never the page) so its first active mark sits a third of the way down. */
  function revealIn(doc) {
    if (!doc || !doc.offsetParent) { return; }
    var mark = doc.querySelector("mark.ev.active");
    if (!mark) { return; }
    var top = mark.getBoundingClientRect().top - doc.getBoundingClientRect().top + doc.scrollTop;
    doc.scrollTop = Math.max(0, top - doc.clientHeight / 3);
  }

  function clearActive(scope) {
    scope.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    scope.querySelectorAll('[aria-pressed="true"]').forEach(function (el) { el.setAttribute("aria-pressed", "false"); });
  }

  function showKey(key, docIds) {
    var found = {};
    docIds.forEach(function (id) {
      var list = marks(id, key);
      list.forEach(function (m) { m.classList.add("active"); });
      found[id] = list.length;
      revealIn(document.getElementById(id));
    });
    return found;
  }

  /* Analysis page: a skill button highlights where the posting asks for it. */
  function initSkills() {
    document.querySelectorAll("button.skill").forEach(function (btn) {
      btn.setAttribute("aria-pressed", "false");
      btn.addEventListener("click", function () {
        var pressed = btn.getAttribute("aria-pressed") === "true";
        clearActive(document);
        if (!pressed) {
          showKey(btn.getAttribute("data-key"), [btn.getAttribute("data-doc")]);
          btn.setAttribute("aria-pressed", "true");
        }
      });
    });
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* Match page: selecting a requirement highlights its spans in both documents; the selection stays. */
  function selectRequirement(key) {
    var workspace = document.getElementById("workspace");
    if (!workspace) { return; }
    clearActive(document);
    var found = showKey(key, ["job-doc", "resume-doc"]);
    var item = workspace.querySelector('li.req[data-key="' + key + '"]');
    if (item) {
      item.classList.add("active");
      var btn = item.querySelector("button.req-name");
      if (btn) { btn.setAttribute("aria-pressed", "true"); }
    }
    var status = document.getElementById("selection");
    if (status && item) {
      var name = item.querySelector(".req-name").textContent.trim();
      var where = item.querySelector(".req-status .status").textContent.trim();
      status.textContent = name + ": " + where + ". Highlighted in " + plural(found["job-doc"] || 0, "place") +
        " of the job description and " + plural(found["resume-doc"] || 0, "place") + " of your resume.";
    }
    return item;
  }

  function initRequirements() {
    document.querySelectorAll("button.req-link").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var item = selectRequirement(btn.getAttribute("data-key"));
        if (btn.closest("#summary") && item) {
          showTab("pane-req");
          item.scrollIntoView({ block: "nearest" });
          var target = item.querySelector("button.req-name");
          if (target) { target.focus({ preventScroll: true }); }
        }
      });
    });
  }

  /* Tabs (Requirements / Job / Resume) on narrow screens; side by side on wide ones. */
  function showTab(paneId) {
    var tabs = document.querySelectorAll('#workspace [role="tab"]');
    tabs.forEach(function (tab) {
      var on = tab.getAttribute("aria-controls") === paneId;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).classList.toggle("shown", on);
    });
    var pane = document.getElementById(paneId);
    if (pane) { revealIn(pane.querySelector(".doc")); }
  }

  function initTabs() {
    var workspace = document.getElementById("workspace");
    if (!workspace) { return; }
    var list = workspace.querySelector('[role="tablist"]');
    var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    var narrow = window.matchMedia(NARROW);
    function apply() {
      workspace.classList.toggle("tabbed", narrow.matches);
      list.hidden = !narrow.matches;
      if (!narrow.matches) {
        ["job-doc", "resume-doc"].forEach(function (id) { revealIn(document.getElementById(id)); });
      }
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { showTab(tab.getAttribute("aria-controls")); });
      tab.addEventListener("keydown", function (ev) {
        var step = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
        if (!step) { return; }
        var next = tabs[(i + step + tabs.length) % tabs.length];
        next.focus();
        showTab(next.getAttribute("aria-controls"));
      });
    });
    showTab("pane-req");
    narrow.addEventListener("change", apply);
    apply();
  }

  /* Drag and drop a file onto a field; the matching file input takes it. */
  function initDrop() {
    document.querySelectorAll(".drop[data-file]").forEach(function (zone) {
      var input = document.getElementById(zone.getAttribute("data-file"));
      if (!input) { return; }
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (ev) { ev.preventDefault(); zone.classList.add("dragging"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
      });
      zone.addEventListener("drop", function (ev) {
        ev.preventDefault();
        if (ev.dataTransfer && ev.dataTransfer.files.length) {
          input.files = ev.dataTransfer.files;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  /* A visible busy state while the request runs. */
  function busy(form) {
    var btn = form.querySelector("button[data-busy]");
    if (btn) {
      btn.setAttribute("aria-busy", "true");
      btn.disabled = true;
      btn.textContent = btn.getAttribute("data-busy");
    }
    var note = form.querySelector(".busy-note");
    if (note) { note.textContent = "Working: reading the documents and scoring…"; }
  }

  function initForms() {
    var form = document.getElementById("analyze-form");
    if (form) {
      form.addEventListener("submit", function (ev) {
        var text = form.querySelector("#job_text").value.replace(/[\s\u200b-\u200d\u2060\ufeff]/g, "");
        var file = form.querySelector("#job_file").files.length;
        var err = document.getElementById("form-error");
        if (!text && !file) {
          ev.preventDefault();
          err.textContent = "Paste a job description or choose a file.";
          err.hidden = false;
          form.querySelector("#job_text").focus();
          return;
        }
        busy(form);
      });
    }
    var match = document.getElementById("match-form");
    if (match) { match.addEventListener("submit", function () { busy(match); }); }
    var rescan = document.getElementById("rescan-form");
    if (rescan) {
      rescan.addEventListener("submit", function (ev) {
        if (ev.submitter && ev.submitter.id === "download-pdf") { return; }
        busy(rescan);
      });
    }
  }

  /* Browsers restore pages from the back-forward cache with the busy state still on. */
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('button[aria-busy="true"]').forEach(function (btn) {
      btn.removeAttribute("aria-busy");
      btn.disabled = false;
      btn.textContent = { "rescan-submit": "Rescan", "match-submit": "Match" }[btn.id] || "Analyze";
    });
    document.querySelectorAll(".busy-note").forEach(function (n) { n.textContent = ""; });
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    initSkills();
    initRequirements();
    initTabs();
    initDrop();
    initForms();
  });
})();
