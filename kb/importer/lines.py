"""Line-level recognition: what one source line is, independent of where it stands."""

import re
from dataclasses import dataclass

from kb.models import StepKind

EXPORT_MARKER = "<!-- kb-export v1"
SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")
MD_HEADING = re.compile(r"^#{1,6}\s+")
BOLD_LABEL = re.compile(r"^\*\*([^*]+?:)\*\*\s*|^__([^_]+?:)__\s*")
ATTRS = re.compile(r"\s*\{\s*(#[\w-]+)?((?:\s*\.[\w-]+)*)\s*\}\s*$")
BULLET = re.compile(r"^[•\-*\u2013\u25aa\u25cf\u25e6]\s+(.*)$")
NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
URL_ONLY = re.compile(r"^<?(https?://[^\s<>]+)>?$")
TRAILING_URL = re.compile(r"\s*<(https?://[^\s<>]+)>$")

ISSUE = re.compile(r"^Issue\s*:\s*(.*)$", re.IGNORECASE)
SCENARIO = re.compile(r"^Scenario(?:\s+\d+)?\s*:\s*(.*)$", re.IGNORECASE)
SOLUTIONS = re.compile(r"^(Possible\s+Solutions?|Solutions?)\s*:\s*(.*)$", re.IGNORECASE)
LABEL = re.compile(
    r"^(Note|Tip|Warning|Important|Caution|Step|Alternative|Fields|Menu|Images)\s*:\s*(.*)$",
    re.IGNORECASE,
)
META = re.compile(r"^(Symptom|Systems|Source)\s*:\s*(.*)$", re.IGNORECASE)
LABEL_KINDS = {
    "note": StepKind.NOTE,
    "tip": StepKind.NOTE,
    "warning": StepKind.WARNING,
    "important": StepKind.WARNING,
    "caution": StepKind.WARNING,
    "step": StepKind.STEP,
    "alternative": StepKind.ALTERNATIVE,
}

# Page chrome from the help centre the articles were copied out of.
CHROME = re.compile(
    r"^(Modified on\b.*|That[’']s Great!?|Thank you for your feedback!?|"
    r"Sorry!? We couldn[’']t be helpful!?|Let us know how can we improve this article!?|"
    r"Select at least one of the reasons|CAPTCHA verification is required\.?|Feedback sent|"
    r"We appreciate your effort and will try to fix the article\.?|<!--.*-->)$",
    re.IGNORECASE,
)
# The feedback widget closes every exported page; nothing after it is article content.
END_OF_ARTICLE = re.compile(r"^Was this article helpful\??$", re.IGNORECASE)


@dataclass
class Line:
    number: int
    indent: int
    text: str  # stripped, Markdown heading marks and bold labels removed
    is_heading_mark: bool = False  # the line started with Markdown '#'


def split_lines(text: str):
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = SPACES.sub(" ", raw).expandtabs(4).rstrip()
        content = line.lstrip()
        heading = bool(MD_HEADING.match(content))
        content = MD_HEADING.sub("", content)
        bold = BOLD_LABEL.match(content)
        if bold:
            content = (bold.group(1) or bold.group(2)) + " " + content[bold.end() :]
        yield Line(number, len(line) - len(line.lstrip()), content.strip(), heading)


def split_attrs(title: str) -> tuple[str, str, set[str]]:
    """`Title {#slug .needs-title}` -> ("Title", "slug", {"needs-title"})."""
    match = ATTRS.search(title)
    if not match:
        return title.strip(), "", set()
    classes = {c for c in re.split(r"\s*\.", match.group(2) or "") if c.strip()}
    return title[: match.start()].strip(), (match.group(1) or "")[1:], classes


def split_link(text: str) -> tuple[str, str]:
    match = TRAILING_URL.search(text)
    if not match:
        return text, ""
    return text[: match.start()].strip(), match.group(1)
