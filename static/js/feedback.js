// htmx leaves 4xx responses unswapped by default. Our fragment endpoints answer a refused form
// (400) or a rate limit (429) with a fragment that explains what happened, so show it in place.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status === 400 || status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Anything else that stops an answer (a 403 after the CSRF cookie expired, a 500, no network)
// must not fail silently: say so inside the feedback widget.
function kbFeedbackFailed(event) {
  var widget = event.target.closest && event.target.closest("[data-kb-feedback]");
  if (!widget) {
    return;
  }
  var note = widget.querySelector(".kb-feedback-network");
  if (!note) {
    note = document.createElement("p");
    note.className = "kb-feedback-error kb-feedback-network";
    note.setAttribute("role", "alert");
    widget.appendChild(note);
  }
  note.textContent = "Your answer could not be sent. Reload the page and try again.";
}
document.addEventListener("htmx:responseError", kbFeedbackFailed);
document.addEventListener("htmx:sendError", kbFeedbackFailed);
