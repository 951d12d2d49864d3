/* Progressive enhancement for the knowledge base pages. Everything works without this file:
   it only moves focus after HTMX swaps, adds the copy button, and reports failed requests. */
(function () {
  "use strict";

  function focusById(id) {
    var el = document.getElementById(id);
    if (!el) return;
    // Links and buttons take focus as they are; anything else must not join the tab order.
    if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus();
    el.scrollIntoView({ block: "nearest" });
  }

  function alertUser(message) {
    var box = document.getElementById("kb-alert");
    if (box) box.textContent = message;
  }

  function enhance(root) {
    root.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;
      if (button.dataset.copyReady) return;
      button.dataset.copyReady = "1";
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copyTarget);
        var status = button.parentElement.querySelector(".copy-status");
        if (!source) return;
        var done = function () { if (status) status.textContent = "Copied to the clipboard."; };
        var fallback = function () {
          source.focus();
          source.select();
          var ok = false;
          try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
          if (status) status.textContent = ok ? "Copied to the clipboard." : "Press Ctrl+C to copy the selected text.";
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var body = document.body;

    // The server names the element to focus next (e.g. the next step after "Didn't help").
    body.addEventListener("kb:focus", function (evt) {
      if (evt.detail && evt.detail.id) focusById(evt.detail.id);
    });

    body.addEventListener("htmx:afterSettle", function (evt) {
      enhance(document);
      // A swapped-out link or button takes the focus with it: put it somewhere sensible.
      if (document.activeElement === body || !document.activeElement) {
        var target = evt.detail.target;
        if (target && target.id === "results") focusById("results-heading");
        else if (target && target.id === "checklist") focusById("checklist-title");
      }
      var alertBox = document.getElementById("kb-alert");
      if (alertBox) alertBox.textContent = "";
    });

    body.addEventListener("htmx:responseError", function (evt) {
      var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
      if (status === 403) alertUser("Your session expired. Reload the page and try again.");
      else if (status === 404) alertUser("That item no longer exists. Reload the page.");
      else alertUser("Something went wrong (error " + status + "). Reload the page and try again.");
    });
    body.addEventListener("htmx:sendError", function () {
      alertUser("Could not reach the server. Check your connection and try again.");
    });
  });
})();
