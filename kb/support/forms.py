"""The built-in support request form."""

from django import forms

from kb.models import SupportRequest

DESCRIPTION_MAX_LENGTH = SupportRequest._meta.get_field("description").max_length


class SupportRequestForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Your name",
        error_messages={"required": "Enter your name, so support knows whom to answer."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your email address",
        error_messages={
            "required": "Enter your email address: support answers there.",
            "invalid": "Enter an email address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    description = forms.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        label="What is going wrong",
        help_text="We filled in what you searched for and the steps you tried; add anything "
        "else support should know.",
        widget=forms.Textarea(attrs={"rows": 12, "maxlength": DESCRIPTION_MAX_LENGTH}),
        error_messages={
            "required": "Describe the problem.",
            "max_length": f"Keep the description to at most {DESCRIPTION_MAX_LENGTH:,} "
            "characters (it has %(show_value)d).",
        },
    )
    # The hand-off's context: where the visitor came from (validated again by the view).
    q = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    scenario = forms.CharField(required=False, max_length=120, widget=forms.HiddenInput)
    # Hidden from people by CSS; bots fill it in.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Leave the last field empty.")
        return ""
