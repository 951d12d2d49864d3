"""Find menu paths and named fields in a step's prose (plain-text sources only).

Heuristics, tuned on how help-centre articles write these: `Admin > Firm > Settings`,
`(Settings -> Integration Partner -> Scheduler)`, `toggle X to on`, `Force [a | b]`,
`the "Enable Integration" checkbox`. Markdown exported by kb_export lists both explicitly
instead, so a round trip never depends on guessing.
"""

import re

SEPARATOR = re.compile(r"\s*(?:->|>)\s*")
# What ends a menu-path part: closing bracket, sentence end, clause punctuation.
PART_END = re.compile(r"\)|\(|,|;|:|\.(?:\s|$)|\?|!")
PART_STOP = re.compile(
    r"\s+(?:and|then|to|is|are|was|page|screen|section|tab|window|dialog|menu)\b.*$"
)
START_CUT = re.compile(r".*(?:\(|,|;|:|\.\s)")
LEAD_VERBS = {"open", "go", "navigate", "click", "select", "choose", "in", "under", "from", "visit"}
MAX_PART_WORDS = 6

TOGGLE = re.compile(r"\btoggle\s+(?:the\s+)?(.+?)\s+(?:to\s+)?(?:on|off)\b", re.IGNORECASE)
OPTION_GROUP = re.compile(r"\b([A-Z][\w-]*)\s*\[([^\[\]|]+(?:\|[^\[\]|]+)+)\]")
QUOTED_CONTROL = re.compile(
    r"[“\"]([^”\"]{1,60})[”\"]\s+(?:checkbox|check box|field|option|toggle|setting|button)\b"
)
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}


def _is_part(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_PART_WORDS and (text[0].isupper() or text[0].isdigit())


def _trailing_name(segment: str) -> str:
    """The menu name a segment ends with: `go to Admin` -> `Admin`."""
    tail = START_CUT.sub("", segment).split()
    name = []
    for word in reversed(tail):
        if not (word[0].isupper() or word[0].isdigit()):
            break
        name.insert(0, word)
    while name and name[0].lower() in LEAD_VERBS:
        name.pop(0)
    return " ".join(name[-MAX_PART_WORDS:])


def _leading_name(segment: str) -> tuple[str, bool]:
    """The menu name a segment starts with, and whether the path goes on past it."""
    end = PART_END.search(segment)
    head = segment[: end.start()] if end else segment
    stopped = PART_STOP.search(head)
    if stopped:
        head = head[: stopped.start()]
    head = head.strip()
    return head.rstrip("."), head == segment.strip()


def menu_paths(text: str) -> list[str]:
    segments = SEPARATOR.split(text)
    paths: list[str] = []
    current: list[str] = []
    for index, segment in enumerate(segments):
        if index:
            head, continues = _leading_name(segment)
            if current and _is_part(head):
                current.append(head)
            else:
                current, continues = [], False
            if not continues or index == len(segments) - 1:
                if len(current) >= 2:
                    paths.append(" > ".join(current))
                current = []
        if index < len(segments) - 1 and not current:
            start = _trailing_name(segment)
            current = [start] if start and _is_part(start) else []
    return list(dict.fromkeys(paths))


def prose_fields(text: str) -> list[str]:
    """Fields a sentence names: toggles, `Force [a | b]` groups, quoted checkboxes."""
    found = [(m.start(), m.group(1).strip()) for m in TOGGLE.finditer(text)]
    for match in OPTION_GROUP.finditer(text):
        for option in match.group(2).split("|"):
            found.append((match.start(), f"{match.group(1)} {option.strip()}"))
    found += [(m.start(), m.group(1).strip()) for m in QUOTED_CONTROL.finditer(text)]
    return list(dict.fromkeys(name for _, name in sorted(found, key=lambda pair: pair[0])))


def looks_like_field(text: str) -> bool:
    """A short Title Case name without sentence punctuation: `Default Billing Group`."""
    words = text.split()
    if not 0 < len(words) <= MAX_PART_WORDS or text[-1] in ".!?:;,":
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS for w in words) and (
        words[0][0].isupper()
    )
