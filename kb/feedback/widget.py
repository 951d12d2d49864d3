"""The vote widget in each of its states ("ask", "reasons", "thanks", "fixed"), and what each shows the
visitor: their current vote, the signed token, the reasons form. The page's view computes it and
passes it in its context (`{% vote_widget feedback_widget %}`), so no template queries.
"""

from kb.models import Outcome, StepOutcome
from kb.visitor.identity import nothing_stored

from .forms import VoteForm
from .votes import Target, target_of, token_for

STATES = {"ask", "reasons", "thanks"}


def fixed_a_step(target: Target, visitor: str) -> bool:
    """Whether the visitor said "This fixed it" on a step of the target's scenario."""
    if target.scenario is None:
        return False
    return StepOutcome.objects.filter(
        visitor=visitor, step__scenario=target.scenario, outcome=Outcome.FIXED
    ).exists()


def widget_context(
    request, target: Target, *, state="ask", form=None, error="", fixed=None, oob=False
) -> dict:
    """Everything vote.html#widget needs to show a visitor the widget in one of its states.

    `fixed`: whether the visitor marked a step as the fix (looked up when not given). Then,
    until they vote, the widget says so instead of asking as if nothing had happened.
    """
    visitor = request.visitor_id
    # A visitor whose id was made for this request has voted on nothing and fixed nothing.
    new = nothing_stored(request)
    current = None if new else target.votes().filter(visitor=visitor).first()
    if state not in STATES or (state == "thanks" and current is None):
        state = "ask"
    if state == "ask" and current is None and not new:
        if fixed is None:
            fixed = fixed_a_step(target, visitor)
        if fixed:
            state = "fixed"
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
        "oob": oob,
    }


def page_widget(request, page, *, fixed=None) -> dict:
    """The widget for an article or scenario page, in the state its URL asks for (?feedback=)."""
    state = request.GET.get("feedback", "ask")
    return widget_context(request, target_of(page), state=state, fixed=fixed)
