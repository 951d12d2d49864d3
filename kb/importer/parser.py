"""Parse a plain-text (or kb_export Markdown) article into an ArticleData tree.

Plain-text sources are what old help centres give when copied out: headings as `Issue: ...`,
`Scenario 2: ...`, `Possible Solutions:`; bullets `•`, `-`, `*`; numbered sub-steps; `Note:`
lines; bare screenshot URLs; page chrome. kb_export's Markdown uses the same vocabulary plus
explicit `{#slug}` markers, `Symptom:`/`Systems:`/`Fields:`/`Menu:` lines, and a first-line
marker that turns the guessing (field lists, menu paths, tidy punctuation) off, so an export
reads back exactly.
"""

import re

from django.utils.text import slugify

from kb.models import StepKind

from . import extract, images
from .errors import ImportFailed
from .lines import (
    BULLET,
    CHROME,
    END_OF_ARTICLE,
    EXPORT_MARKER,
    ISSUE,
    LABEL,
    LABEL_KINDS,
    META,
    NUMBERED,
    SCENARIO,
    SOLUTIONS,
    URL_ONLY,
    split_attrs,
    split_lines,
    split_link,
)
from .slugs import SLUG_MAX, assign_slugs
from .tree import ArticleData, IssueData, ScenarioData, StepData

TITLE_MAX = 200
INFERRED_TITLE_WORDS = 12
NEEDS_TITLE = "needs-title"
#: Labels whose items follow as a list: Fields:, Menu:, Images:.
LISTS = {"fields": "fields", "menu": "menu_paths", "images": "images"}
IMAGE_HOSTS = re.compile(r"googleusercontent|\.(png|jpe?g|gif|webp)(\?|$)", re.IGNORECASE)


def parse(text: str, *, source: str = "") -> ArticleData:
    return _Parser(text, source).run()


class _Parser:
    def __init__(self, text: str, source: str):
        self.text = text
        self.exact = text.lstrip().startswith(EXPORT_MARKER)
        self.article = ArticleData(title="", source=source)
        self.title_slug = ""
        self.summary: list[list[str]] = []
        self.issue: IssueData | None = None
        self.scenario: ScenarioData | None = None
        self.block_kind: str | None = None
        self.top: StepData | None = None
        self.top_indent = -1
        self.last: StepData | None = None  # the step a continuation line belongs to
        self.blank = True
        self.stack: list[tuple[int, StepData]] = []  # (indent, step) for Fields:/Menu: labels
        self.collect: tuple[str, StepData, int] | None = None
        self.explicit: dict[int, set[str]] = {}  # id(step) -> {"fields", "menu_paths"}
        self.bullet_children: dict[int, list[StepData]] = {}
        self.first_content_line = 0

    # --- driving -----------------------------------------------------------------------------
    def run(self) -> ArticleData:
        for line in split_lines(self.text):
            if not line.text:
                self.blank = True
                continue
            if END_OF_ARTICLE.match(line.text):
                break
            if CHROME.match(line.text):
                continue
            self.first_content_line = self.first_content_line or line.number
            self.handle(line)
            self.blank = False
        return self.finish()

    def handle(self, line):
        text = line.text
        # A label's list sits two columns deeper than the label, so the sub-steps that follow
        # (one column deeper in kb_export's layout) are not mistaken for its items.
        if self.collect and line.indent >= self.collect[2] + 2:
            item = BULLET.match(text)
            if item:
                self.add_listed(self.collect[0], self.collect[1], item.group(1), line.number)
                return
        self.collect = None
        if match := ISSUE.match(text):
            return self.start_issue(match.group(1), line)
        if match := SCENARIO.match(text):
            return self.start_scenario(match.group(1), line)
        if match := SOLUTIONS.match(text):
            return self.start_block(match, line)
        if (match := META.match(text)) and self.meta(match.group(1).lower(), match.group(2)):
            return
        if not self.issue and not self.article.title and not self.is_item(text):
            title, self.title_slug, _ = split_attrs(text)
            self.article.title = self.check_title(title, line)
            return
        if not self.issue and not self.is_item(text):
            return self.add_summary(text)
        self.item(line)

    @staticmethod
    def is_item(text: str) -> bool:
        return any(p.match(text) for p in (BULLET, NUMBERED, LABEL, URL_ONLY))

    # --- headings ----------------------------------------------------------------------------
    def check_title(self, title: str, line) -> str:
        if len(title) > TITLE_MAX:
            raise ImportFailed(
                f"heading is {len(title)} characters long (at most {TITLE_MAX}).", line.number
            )
        return title

    def heading_title(self, title: str) -> str:
        return title if self.exact else title.rstrip(" .:")

    def start_issue(self, heading: str, line):
        title, slug, classes = split_attrs(heading)
        title = self.check_title(self.heading_title(title), line)
        self.issue = IssueData(
            title=title, slug=slug, title_inferred=NEEDS_TITLE in classes or not title,
            line=line.number, mirrors_scenario=True,
        )  # fmt: skip
        self.article.issues.append(self.issue)
        # The issue is its own scenario until a "Scenario" heading says otherwise.
        self.new_scenario(title, slug, self.issue.title_inferred, line, heading_symptom=title)

    def start_scenario(self, heading: str, line):
        title, slug, classes = split_attrs(heading)
        title = self.check_title(title, line)
        if self.issue is None:
            self.issue = IssueData(title="", line=line.number)
            self.article.issues.append(self.issue)
        if self.issue.mirrors_scenario:
            self.issue.mirrors_scenario = False
            if self.issue.scenarios and not self.issue.scenarios[-1].steps:
                self.issue.scenarios.pop()
        self.new_scenario(
            self.heading_title(title),
            slug,
            NEEDS_TITLE in classes or not title,
            line,
            heading_symptom=title,
        )

    def new_scenario(self, title, slug, inferred, line, heading_symptom=""):
        symptom = ""
        if heading_symptom and not inferred and not self.exact:
            symptom = self.sentence(heading_symptom)
        self.scenario = ScenarioData(
            title=title, slug=slug, title_inferred=inferred, symptom=symptom, line=line.number,
            source_title=title,
        )  # fmt: skip
        self.issue.scenarios.append(self.scenario)
        self.block_kind = None
        self.top, self.top_indent, self.last, self.stack = None, -1, None, []

    def start_block(self, match, line):
        kind = (
            StepKind.ALTERNATIVE if match.group(1).lower().startswith("possible") else StepKind.STEP
        )
        if self.scenario is None or self.scenario.steps:
            self.headless_block(line)
        self.block_kind = kind
        self.top, self.top_indent, self.last, self.stack = None, -1, None, []
        if match.group(2).strip():
            self.add_step(kind, match.group(2).strip(), line, top=True)

    def headless_block(self, line):
        """Solutions with no heading of their own: the source lost it; an editor must title it."""
        if self.issue is None or self.issue.mirrors_scenario:
            self.issue = IssueData(title="", title_inferred=True, line=line.number,
                                   mirrors_scenario=True)  # fmt: skip
            self.article.issues.append(self.issue)
        self.new_scenario("", "", True, line)

    def meta(self, name: str, value: str) -> bool:
        value = value.strip()
        if self.scenario is not None and self.scenario.steps:
            return False  # "Source: ..." inside a step is just text
        if name == "systems":
            names = [part.strip() for part in value.split(",") if part.strip()]
            (self.scenario or self.article).systems = names
        elif name == "symptom" and self.scenario is not None:
            self.scenario.symptom = value
        elif name == "source" and self.scenario is None:
            self.article.source = value
        else:
            return False
        return True

    def add_summary(self, text):
        if self.blank or not self.summary:
            self.summary.append([])
        self.summary[-1].append(text)

    # --- steps -------------------------------------------------------------------------------
    def item(self, line):
        text = line.text
        bullet, numbered, url = BULLET.match(text), NUMBERED.match(text), URL_ONLY.match(text)
        if self.scenario is None:
            self.headless_block(line)
        if bullet or numbered:
            body = (bullet or numbered).group(1 if bullet else 2)
            child = self.top is not None and line.indent > self.top_indent
            if self.label(body, line):
                return
            if url := URL_ONLY.match(body):
                return self.add_link(url.group(1), line, child)
            if child:
                kind = StepKind.STEP if numbered else StepKind.ALTERNATIVE
                step = self.add_step(kind, body, line, top=False)
                if bullet:
                    self.bullet_children.setdefault(id(self.top), []).append(step)
                return
            kind = StepKind.STEP if numbered else (self.block_kind or StepKind.ALTERNATIVE)
            self.add_step(kind, body, line, top=True)
            return
        if self.label(text, line):
            return
        if url:
            return self.add_link(url.group(1), line, self.top and line.indent > self.top_indent)
        if self.last is not None and not self.blank:
            joiner = "\n" if self.exact else " "
            self.last.text = f"{self.last.text}{joiner}{text}"
            return
        if self.top is not None and line.indent > self.top_indent:
            self.add_step(StepKind.NOTE, text, line, top=False)
        elif self.block_kind is None and not self.scenario.steps and not self.exact:
            # Prose between a heading and its solutions describes the problem.
            self.scenario.symptom = f"{self.scenario.symptom} {text}".strip()
        else:
            self.add_step(self.block_kind or StepKind.STEP, text, line, top=True)

    def label(self, body: str, line) -> bool:
        match = LABEL.match(body)
        if not match:
            return False
        name, rest = match.group(1).lower(), match.group(2).strip()
        if name in LISTS:
            target = self.owner(line.indent)
            if target is None:
                raise ImportFailed(f"'{match.group(1)}:' does not belong to any step.", line.number)
            key = LISTS[name]
            self.explicit.setdefault(id(target), set()).add(key)
            if key == "images" and target.images is None:
                target.images = []
            if rest and rest.lower() != "none":
                for value in rest.split(";") if key == "fields" else [rest]:
                    self.add_listed(key, target, value, line.number)
            self.collect = (key, target, line.indent)
            return True
        child = self.top is not None and line.indent > self.top_indent
        self.add_step(LABEL_KINDS[name], rest, line, top=not child)
        return True

    def owner(self, indent: int) -> StepData | None:
        for step_indent, step in reversed(self.stack):
            if step_indent < indent:
                return step
        return None

    def add_listed(self, key: str, step: StepData, value: str, line: int | None = None):
        value = value.strip()
        if key == "images":  # ![alt](/media/step-images/...): a screenshot stored here
            return step.images.append(images.parse_item(value, line))
        if key == "menu_paths":
            value = " > ".join(extract.SEPARATOR.split(value))
        if value:
            getattr(step, key).append(value)

    def add_link(self, url: str, line, child: bool):
        label = "Screenshot" if IMAGE_HOSTS.search(url) else "Link"
        step = self.add_step(
            StepKind.NOTE, f"{label} from the source article.", line, top=not child
        )
        step.link_url = url

    def add_step(self, kind, text, line, *, top: bool) -> StepData:
        step = StepData(kind=kind, text=text, line=line.number)
        if top or self.top is None:
            self.scenario.steps.append(step)
            self.top, self.top_indent = step, line.indent
            self.stack = [(line.indent, step)]
        else:
            self.top.children.append(step)
            self.stack = [entry for entry in self.stack if entry[0] < line.indent]
            self.stack.append((line.indent, step))
        self.last = step
        return step

    # --- tidying up --------------------------------------------------------------------------
    def finish(self) -> ArticleData:
        article = self.article
        scenarios = article.scenarios()
        if not any(s.steps for s in scenarios):
            raise ImportFailed(
                "No troubleshooting structure found: expected 'Issue:', 'Scenario 1:' or "
                "'Possible Solutions:' / 'Solution:' headings followed by solutions.",
                self.first_content_line or None,
            )
        for issue in article.issues:
            for scenario in issue.scenarios:
                if not scenario.steps:
                    what = "Issue" if issue.mirrors_scenario else "Scenario"
                    raise ImportFailed(
                        f"{what} '{scenario.title or issue.title}' has no solutions under it.",
                        scenario.line,
                    )
                for step in scenario.steps:
                    self.tidy(step)
                if scenario.title_inferred and not scenario.title:
                    scenario.title = self.inferred_title(scenario)
                    scenario.source_title = scenario.title
            if issue.mirrors_scenario:
                only = issue.scenarios[0]
                issue.title, issue.title_inferred = only.title, only.title_inferred
            elif not issue.title:
                issue.title, issue.title_inferred = article.title or issue.scenarios[0].title, True
        joiner = "\n" if self.exact else " "
        article.summary = "\n\n".join(joiner.join(p) for p in self.summary)
        if not self.exact and article.summary.endswith(":"):
            article.summary = article.summary[:-1] + "."
        article.title = article.title or article.issues[0].title
        article.slug = self.title_slug or slugify(article.title)[:SLUG_MAX].strip("-")
        assign_slugs(article)
        return article

    def tidy(self, step: StepData):
        if self.exact and step.images is None:
            step.images = []  # an export lists every image: none listed means none
        if not step.link_url:
            step.text, step.link_url = split_link(step.text)
        if not step.text.strip():
            raise ImportFailed(f"this {step.kind_label} has no text.", step.line)
        if not self.exact:
            subs = self.bullet_children.get(id(step), [])
            if subs and all(extract.looks_like_field(s.text) for s in subs):
                step.fields += [s.text for s in subs]
                moved = {id(s) for s in subs}
                step.children = [c for c in step.children if id(c) not in moved]
        for child in step.children:
            self.tidy(child)
        if self.exact:
            return
        step.text = re.sub(r"\s+", " ", step.text).strip()
        explicit = self.explicit.get(id(step), set())
        if "menu_paths" not in explicit:
            step.menu_paths = extract.menu_paths(step.text)
        if "fields" not in explicit and not step.fields:
            step.fields = extract.prose_fields(step.text)
        if step.text.endswith(":") and not step.children and not step.fields:
            step.text = step.text[:-1] + "."  # a colon that introduces nothing
        step.text = self.sentence(step.text)

    @staticmethod
    def sentence(text: str) -> str:
        text = re.sub(r"\s+", " ", text).strip()
        return f"{text}." if text and text[-1].isalnum() else text

    @staticmethod
    def inferred_title(scenario: ScenarioData) -> str:
        first = next((s for s in scenario.steps if s.kind != StepKind.NOTE), scenario.steps[0])
        sentence = re.split(r"(?<=[.:?!])\s", first.text, maxsplit=1)[0].rstrip(" .:")
        words = sentence.split()
        title = " ".join(words[:INFERRED_TITLE_WORDS])
        return (title + ("…" if len(words) > INFERRED_TITLE_WORDS else ""))[:TITLE_MAX]
