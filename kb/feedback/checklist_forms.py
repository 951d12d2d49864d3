"""What the checklist buttons post: a tick, or how a step went."""

from django import forms

from kb.models import Outcome


class CheckForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "Done"), ("0", "Not done")],
        coerce=lambda value: value == "1",
        error_messages={
            "required": "Say whether the step is done.",
            "invalid_choice": "Say whether the step is done (1) or not (0).",
        },
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        error_messages={
            "required": "Choose “This fixed it” or “Didn't help”.",
            "invalid_choice": "Choose “This fixed it” or “Didn't help”.",
        },
    )
