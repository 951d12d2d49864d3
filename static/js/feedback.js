// htmx leaves 4xx responses unswapped by default. Our fragment endpoints answer a refused form
// (400) or a rate limit (429) with a fragment that explains what happened, so show it in place.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status === 400 || status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
