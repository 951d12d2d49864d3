"""The "Was this article helpful?" widget's endpoint: HTMX fragments, and plain forms without JS.

GET  ?token=…&feedback=reasons|ask  the widget in that state (HTMX), or back to the page.
POST token, helpful                   store the visitor's vote (replacing an earlier one); a
                                      "No" then offers the reasons form.
POST token, helpful=no, refine, reasons, comment  add reasons and a comment to that "No".
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from kb.feedback.forms import VoteForm
from kb.feedback.ratelimit import rate_limited
from kb.feedback.votes import BadToken, read_token
from kb.feedback.widget import STATES, widget_context
from kb.visitor.identity import COOKIE_NAME as VISITOR_COOKIE

WIDGET = "kb/feedback/vote.html#widget"
PAGE = "kb/feedback/vote_page.html"


@require_http_methods(["GET", "POST"])
@rate_limited("feedback", 30, per=600)
def vote(request):
    if request.method == "GET":
        return _widget(request)
    form = VoteForm(
        request.POST,
        visitor=request.visitor_id,
        user=request.user,
        has_cookie=VISITOR_COOKIE in request.COOKIES,
    )
    if not form.is_valid():
        return _refused(request, form)
    vote = form.save()
    target = form.target
    # A "No" is kept as soon as it is clicked; then the visitor may say what went wrong.
    state = "reasons" if not vote.helpful and not form.refines else "thanks"
    if request.htmx:
        return render(request, WIDGET, widget_context(request, target, state=state))
    response = HttpResponseRedirect(f"{target.url}?feedback={state}#feedback")
    response.status_code = 303  # See Other: the browser GETs the page, no re-POST on reload
    return response


def _widget(request):
    state = request.GET.get("feedback", "ask")
    state = state if state in STATES else "ask"
    try:
        target = read_token(request.GET.get("token", ""), request.visitor_id, request.user)
    except BadToken as exc:
        return _broken(request, str(exc))
    if target is None:
        return _broken(request, "This page is no longer available.")
    if not request.htmx:
        return HttpResponseRedirect(f"{target.url}?feedback={state}#feedback")
    return render(request, WIDGET, widget_context(request, target, state=state))


def _refused(request, form):
    if form.target is None:
        return _broken(request, form.token_error or "This form could not be read.")
    if form.wants_reasons:
        context = widget_context(request, form.target, state="reasons", form=form)
    else:
        # The Yes/No buttons have no field to show a message beside: one line above them.
        error = " ".join(message for errors in form.errors.values() for message in errors)
        context = widget_context(request, form.target, state="ask", error=error)
    return render(request, WIDGET if request.htmx else PAGE, context, status=400)


def _broken(request, message):
    """A form we cannot tie to a page: say so, and offer a fresh start."""
    context = {"state": "broken", "error": message}
    return render(request, WIDGET if request.htmx else PAGE, context, status=400)
