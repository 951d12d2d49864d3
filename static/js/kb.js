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

  // The search box shows the query the results are for: after Back/Forward (an htmx history
  // restore, or the browser's back-forward cache) the snapshot's box may hold older text.
  function syncSearchBox() {
    var box = document.getElementById("q");
    if (!box || box.type !== "search") return;
    box.value = new URLSearchParams(window.location.search).get("q") || "";
  }

  function focusResultsHeading() {
    var heading = document.getElementById("results-heading");
    if (heading) heading.focus({ preventScroll: true });
  }

  window.addEventListener("pageshow", function (evt) {
    if (evt.persisted) syncSearchBox();
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var body = document.body;
    // Arriving at results (Enter on another page, a link, a reload): focus the results heading,
    // so the first result is one Tab away and screen readers hear the count next to it.
    var box = document.getElementById("q");
    if (box && box.value && body.classList.contains("page-search")) focusResultsHeading();

    // A deliberate search (Enter, the Search button) moves focus to its results once they are
    // in; live results while typing leave the focus in the box.
    var searchSubmitted = false;
    document.addEventListener("submit", function (evt) {
      if (evt.target && evt.target.id === "search-form") searchSubmitted = true;
    }, true);
    body.addEventListener("htmx:historyRestore", syncSearchBox);

    // Live typing continues the search the page shows (its search-log row): the log counts one
    // search, whichever server process answers the next keystroke.
    body.addEventListener("htmx:configRequest", function (evt) {
      var shown = document.querySelector("#results [data-search-log]");
      if (shown && evt.detail.elt && evt.detail.elt.id === "search-form") {
        evt.detail.headers["KB-Search-Log"] = shown.dataset.searchLog;
      }
    });

    // The server names the element to focus next (e.g. the next step after "Didn't help").
    body.addEventListener("kb:focus", function (evt) {
      if (evt.detail && evt.detail.id) focusById(evt.detail.id);
    });

    body.addEventListener("htmx:afterSettle", function (evt) {
      enhance(document);
      // A swapped-out link or button takes the focus with it: put it somewhere sensible.
      var target = evt.detail.target;
      if (searchSubmitted && target && target.id === "results") {
        searchSubmitted = false;
        focusResultsHeading();
      } else if (document.activeElement === body || !document.activeElement) {
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
