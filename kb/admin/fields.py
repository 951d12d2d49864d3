"""Form fields that let editors type lists (menu paths, named fields) as one item per line."""

from django import forms
from django.core.exceptions import ValidationError

from kb.models import SolutionStep

MAX_LINE_LENGTH = 200


class LinesField(forms.CharField):
    """A JSON list edited as text lines: blank lines dropped, repeats removed, order kept."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})
    what = "line"

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            lines = [str(item) for item in value]
        else:
            lines = (value or "").splitlines()
        items = []
        for number, line in enumerate(lines, start=1):
            line = " ".join(line.split())
            if not line:
                continue
            if len(line) > MAX_LINE_LENGTH:
                raise ValidationError(
                    f"Line {number} is longer than {MAX_LINE_LENGTH} characters: "
                    f"one {self.what} per line."
                )
            item = self.normalise(line, number)
            if item not in items:
                items.append(item)
        return items

    def normalise(self, line: str, number: int) -> str:
        return line

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial or []) != self.to_python(data or "")
        except ValidationError:
            return True


class MenuPathsField(LinesField):
    """`Admin -> Firm > Settings` becomes `Admin > Firm > Settings`; each needs two parts."""

    what = "menu path"

    def normalise(self, line, number):
        raw_parts = line.replace("->", ">").split(">")
        if any(not part.strip() for part in raw_parts):
            raise ValidationError(
                f'Menu path on line {number} ("{line}") has an empty part: write the menu '
                'names separated by ">", e.g. "Admin > Firm > Settings".'
            )
        parts = SolutionStep.split_path(line)
        if len(parts) < 2:
            raise ValidationError(
                f'Menu path on line {number} ("{line}") names only one menu: separate the '
                'levels with ">", e.g. "Admin > Firm > Settings".'
            )
        return " > ".join(parts)


class NamedFieldsField(LinesField):
    what = "field name"
