"""The vote widget in each of its states ("ask", "reasons", "thanks"), and what each shows the
visitor: their current vote, the signed token, the reasons form. The page's view computes it and
passes it in its context (`{% vote_widget feedback_widget %}`), so no template queries.
"""

from .forms import VoteForm
from .votes import Target, target_of, token_for

STATES = {"ask", "reasons", "thanks"}


def widget_context(request, target: Target, *, state="ask", form=None, error="") -> dict:
    """Everything vote.html#widget needs to show a visitor the widget in one of its states."""
    visitor = request.visitor_id
    current = target.votes().filter(visitor=visitor).first()
    if state not in STATES or (state == "thanks" and current is None):
        state = "ask"
    if form is None and state == "reasons":
        initial = {"helpful": "no"}
        if current and not current.helpful:
            initial.update(reasons=current.reasons, comment=current.comment)
        form = VoteForm(initial=initial)
    return {
        "target": target,
        "token": token_for(target, visitor),
        "current_vote": current,
        "state": state,
        "form": form,
        "error": error,
    }


def page_widget(request, page) -> dict:
    """The widget for an article or scenario page, in the state its URL asks for (?feedback=)."""
    return widget_context(request, target_of(page), state=request.GET.get("feedback", "ask"))
