// Fill a Form A student block with the values the roster lookup returned (students/_filled.html).
// The server has already saved them on the draft and logged the disclosure; this shows them.
(function () {
  "use strict";
  if (window.rosterFillReady) return;
  window.rosterFillReady = true;
  var RACES = ["hispanic_latino", "white", "black", "pacific_islander", "asian", "american_indian"];

  function fill(note) {
    var values = JSON.parse(note.dataset.rosterFill);
    var block = note.closest("fieldset.student");
    if (!block) return;
    function inputs(name) {
      return Array.prototype.slice.call(block.querySelectorAll('[name$="-' + name + '"]'));
    }
    // A part the district did not supply is absent: the SRO's entry there stays as it is.
    if ("age" in values) {
      inputs("age").forEach(function (i) { i.value = values.age === null ? "" : values.age; });
    }
    if ("gender" in values) {
      inputs("gender").forEach(function (i) { i.checked = i.value === values.gender; });
    }
    RACES.forEach(function (name) {
      if (!(name in values)) return;
      inputs(name).forEach(function (i) { i.checked = Boolean(values[name]); });
    });
    var disability = values.known_disability === null ? null : values.known_disability ? "True" : "False";
    inputs("known_disability").forEach(function (i) { i.checked = i.value === disability; });
    // One change event, once every value is in place: the form's autosave posts the block as
    // filled. An event per input would post it half filled, and the server would take the
    // stale half for the SRO's own changes (the block would count as entered by hand).
    inputs("age").forEach(function (i) { i.dispatchEvent(new Event("change", { bubbles: true })); });
    // The name typed to find the student is not kept on the page either.
    var search = block.querySelector(".roster-lookup input[type=search]");
    if (search) search.value = "";
    // Filled once: the notice stays (it says which student was filled) and takes the focus.
    note.removeAttribute("data-roster-fill");
    note.setAttribute("tabindex", "-1");
    note.focus();
  }

  // Typing a name to search is not editing the report: keep those events from the form's autosave.
  function quiet(root) {
    root.querySelectorAll(".roster-lookup").forEach(function (box) {
      if (box.dataset.quiet) return;
      box.dataset.quiet = "1";
      ["keyup", "change"].forEach(function (type) {
        box.addEventListener(type, function (e) { e.stopPropagation(); });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { quiet(document); });
  } else {
    quiet(document);
  }
  document.addEventListener("htmx:load", function (event) { quiet(event.detail.elt.parentNode || document); });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.querySelectorAll) {
      target.querySelectorAll("[data-roster-fill]").forEach(fill);
    }
  });
})();
