// Form A's page (reporting/edit.html): keep the focused field above the sticky Save / Review
// bar, put the focus where the SRO's next step is after a swap, and keep each block's "Filled
// from the roster" notice on screen for as long as the page is open (never saved).
(function () {
  "use strict";
  if (window.formaReady) return;
  window.formaReady = true;

  // The bar's height, for `scroll-padding-bottom` (app.css): a focused field scrolls above it.
  function measureBar() {
    var bar = document.getElementById("form-actions");
    if (!bar) return;
    var set = function () {
      document.documentElement.style.setProperty("--form-actions-height", bar.offsetHeight + "px");
    };
    set();
    if (window.ResizeObserver) new ResizeObserver(set).observe(bar);
  }

  // The error summary: it takes the focus; each link puts the focus on its field.
  function focusField(id) {
    var target = document.getElementById(id);
    if (!target) return;
    if (!target.matches("input, select, textarea, button")) {
      target = target.querySelector("input:checked, input, select, textarea") || target;
      if (!target.matches("input, select, textarea")) target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#problems a[href^='#']");
    if (!link) return;
    event.preventDefault();
    focusField(link.getAttribute("href").slice(1));
  });

  function blockId(block) {
    var id = block.querySelector("input[type=hidden][name$='-id']");
    return id ? id.value : "";
  }

  // "Add a student" and "Remove" swap the student blocks: remember which, and the notices.
  var pending = null;
  var notices = {};
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && (elt.name === "add_student" || elt.name === "remove_student")) {
      pending = { action: elt.name, position: parseInt(elt.value, 10) || 0, focused: document.activeElement };
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "students") return;
    notices = {};
    event.detail.target.querySelectorAll("fieldset.student").forEach(function (block) {
      var note = block.querySelector(".roster-filled");
      if (note) notices[blockId(block)] = note.outerHTML;
    });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var section = document.getElementById("students");
    if (!section) return;
    var blocks = section.querySelectorAll("fieldset.student");
    blocks.forEach(function (block) {
      var html = notices[blockId(block)];
      var results = block.querySelector(".roster-results");
      if (html && results && !results.querySelector(".roster-filled")) results.innerHTML = html;
    });
    // Only the swap of the student blocks answers "Add a student" or "Remove": an autosave that
    // settles in between (a roster fill's, say) must not take the focus meant for the new block.
    var target = event.detail && event.detail.target;
    if (!pending || !blocks.length || !target || target.id !== "students") return;
    var index = pending.action === "add_student" ? blocks.length - 1 : Math.min(pending.position, blocks.length - 1);
    var before = pending.focused;
    pending = null;
    // On a slow network the SRO may already be typing in another field: leave the focus there.
    var now = document.activeElement;
    if (now && now !== before && now !== document.body && document.contains(now)) return;
    var block = blocks[index];
    var focus = block.querySelector(".roster-filled") || block.querySelector(".roster-lookup input[type=search]");
    if (focus) {
      if (!focus.matches("input")) focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  });

  // "Save draft" and "Review and sign" post the whole form. An autosave beside them would race
  // them on the server and land after the SRO has moved on, so the submit waits for a save in
  // flight to finish, and no autosave starts once the submit is on its way.
  var submitting = false;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.forma")) return;
    if (form.classList.contains("htmx-request")) {
      event.preventDefault();
      var submitter = event.submitter || null;
      form.addEventListener(
        "htmx:afterRequest",
        function () {
          form.requestSubmit(submitter);
        },
        { once: true }
      );
      return;
    }
    submitting = true;
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (submitting && elt && elt.matches && elt.matches("form.forma")) event.preventDefault();
  });
  // Back from the next page (the browser's cache): autosave works again.
  window.addEventListener("pageshow", function () {
    submitting = false;
  });

  function ready() {
    measureBar();
    var summary = document.querySelector("#problems[role=alert]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
