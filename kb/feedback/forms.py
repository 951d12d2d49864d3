"""Validation for the feedback widget and the editors' report filters."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from kb.models import Vote, VoteReason

from .votes import BadToken, OtherBrowser, read_token

COMMENT_MAX_LENGTH = Vote._meta.get_field("comment").max_length
COOKIES_NEEDED = (
    "Your browser did not send back the cookie that tells your answers apart. Allow cookies "
    "for this site, reload the page and answer again."
)


class VoteForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Choose Yes or No.", "invalid_choice": "Choose Yes or No."},
    )
    reasons = forms.MultipleChoiceField(
        choices=VoteReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What went wrong?",
        error_messages={"invalid_choice": "“%(value)s” is not one of the reasons offered."},
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        label="Anything else we should know? (optional)",
        error_messages={
            "max_length": f"Keep the comment to at most {COMMENT_MAX_LENGTH:,} characters "
            "(it has %(show_value)d)."
        },
    )
    # Hidden from people by CSS and from assistive technology by aria-hidden; bots fill it in.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, visitor="", user=None, has_cookie=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.visitor = visitor
        self.has_cookie = has_cookie
        self.user = user
        self.target = None
        self.token_error = ""
        # The reasons form refines a "No" already recorded when it was clicked; the No button
        # itself records the vote and keeps any reasons given earlier.
        self.refines = bool(self.data.get("refine"))

    def clean_token(self):
        token = self.cleaned_data["token"]
        try:
            self.target = read_token(token, self.visitor, self.user)
        except OtherBrowser as exc:
            self.token_error = str(exc) if self.has_cookie else COOKIES_NEEDED
            raise forms.ValidationError(self.token_error) from exc
        except BadToken as exc:
            self.token_error = str(exc)
            raise forms.ValidationError(self.token_error) from exc
        if self.target is None:
            self.token_error = "This page is no longer available, so your answer was not saved."
            raise forms.ValidationError(self.token_error)
        return token

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                "Your answer was not saved: the “Leave this field empty” box was filled in."
            )
        return ""

    def clean_reasons(self):
        # A set: a reason sent twice (a replayed or forged form) counts once in the reports.
        return list(dict.fromkeys(self.cleaned_data["reasons"]))

    def clean_comment(self):
        return self.cleaned_data["comment"].strip()

    def clean(self):
        cleaned = super().clean()
        refined = cleaned.get("reasons") or cleaned.get("comment")
        if cleaned.get("helpful") is False and self.refines and "reasons" in cleaned and not refined:
            self.add_error("reasons", "Choose at least one reason, so editors know what to fix.")
        if cleaned.get("helpful") is True:
            # A "Yes" needs no explanation; drop anything a stale form still carried.
            cleaned["reasons"], cleaned["comment"] = [], ""
        return cleaned

    @property
    def wants_reasons(self) -> bool:
        """Whether a refused form should come back as the reasons form (a "No" with errors)."""
        return self.data.get("helpful") == "no" and self.refines and not self.token_error

    def save(self) -> Vote:
        data = self.cleaned_data
        reasons, comment = data["reasons"], data["comment"]
        if data["helpful"] is False and not self.refines:
            earlier = self.target.votes().filter(visitor=self.visitor, helpful=False).first()
            if earlier:  # clicking No again does not wipe the reasons sent after the first one
                reasons, comment = earlier.reasons, earlier.comment
        return Vote.objects.record(
            visitor=self.visitor,
            article=self.target.article,
            scenario=self.target.scenario,
            helpful=data["helpful"],
            reasons=reasons,
            comment=comment,
        )


class ReportRangeForm(forms.Form):
    """The date range of an editors' report; the last 30 days unless chosen otherwise."""

    DEFAULT_DAYS = 30
    MAX_DAYS = 366 * 3

    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(days=self.DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        if (end - start).days > self.MAX_DAYS:
            raise forms.ValidationError("Choose a range of at most three years.")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def range(self) -> tuple:
        """The chosen (start, end), or the default range when the choice was invalid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        end = timezone.localdate()
        return end - timedelta(days=self.DEFAULT_DAYS - 1), end
