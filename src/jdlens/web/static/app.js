/* jdlens: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  function marks(docId, key) {
    var doc = document.getElementById(docId);
    if (!doc) { return []; }
    return Array.prototype.filter.call(doc.querySelectorAll("mark.ev"), function (m) {
      return m.getAttribute("data-key") === key;
    });
  }

  function clearActive() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll('[aria-pressed="true"]').forEach(function (el) { el.setAttribute("aria-pressed", "false"); });
  }

  function showKey(key, docIds, scroll) {
    clearActive();
    var first = null;
    docIds.forEach(function (id) {
      marks(id, key).forEach(function (m, i) {
        m.classList.add("active");
        if (i === 0 && scroll) { m.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
        first = first || m;
      });
    });
    return first;
  }

  function initSkills() {
    document.querySelectorAll("button.skill").forEach(function (btn) {
      btn.setAttribute("aria-pressed", "false");
      btn.addEventListener("click", function () {
        var pressed = btn.getAttribute("aria-pressed") === "true";
        clearActive();
        if (!pressed) {
          showKey(btn.getAttribute("data-key"), [btn.getAttribute("data-doc")], true);
          btn.setAttribute("aria-pressed", "true");
        }
      });
    });
  }

  function initRequirements() {
    document.querySelectorAll("table.req tbody tr").forEach(function (row) {
      var key = row.getAttribute("data-key");
      row.addEventListener("mouseenter", function () { showKey(key, ["job-doc", "resume-doc"], false); row.classList.add("active"); });
      row.addEventListener("mouseleave", clearActive);
    });
    document.querySelectorAll("details.where").forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (d.open) { showKey(d.getAttribute("data-key"), ["job-doc", "resume-doc"], true); }
      });
    });
  }

  function initForm() {
    var form = document.getElementById("analyze-form");
    if (!form) { return; }
    form.addEventListener("submit", function (ev) {
      var text = form.querySelector("#job_text").value.trim();
      var file = form.querySelector("#job_file").files.length;
      var err = document.getElementById("form-error");
      if (!text && !file) {
        ev.preventDefault();
        err.textContent = "Paste a job description or choose a file.";
        err.hidden = false;
        form.querySelector("#job_text").focus();
        return;
      }
      var btn = document.getElementById("submit");
      btn.setAttribute("aria-busy", "true");
      btn.textContent = "Reading…";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initSkills();
    initRequirements();
    initForm();
  });
})();
