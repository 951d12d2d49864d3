"""Write an article as Markdown that kb_import reads back to the same structure.

The file starts with a marker that switches the parser to exact mode: no guessing of field
lists, menu paths or punctuation; slugs, "needs a title" flags, symptoms, systems, fields and
menu paths are all spelled out. It still reads as an ordinary Markdown document.
"""

from kb.models import Article, StepKind

from . import images
from .lines import BULLET, ISSUE, LABEL, META, NUMBERED, SCENARIO, SOLUTIONS, URL_ONLY
from .parser import NEEDS_TITLE
from .tree import ArticleData, IssueData, ScenarioData, StepData

MARKER = "<!-- kb-export v1: kb_import reads this file back; keep the {#slug} markers. -->"
KIND_LABELS = {
    StepKind.NOTE: "Note",
    StepKind.WARNING: "Warning",
    StepKind.STEP: "Step",
    StepKind.ALTERNATIVE: "Alternative",
}
RESERVED = (BULLET, NUMBERED, LABEL, META, SOLUTIONS, URL_ONLY, ISSUE, SCENARIO)


def from_database(article: Article) -> ArticleData:
    data = ArticleData(
        title=article.title, slug=article.slug, summary=article.summary, source=article.source,
        systems=[s.slug for s in article.systems.all()],
    )  # fmt: skip
    for issue in article.issues.order_by("order", "id"):
        scenarios = []
        current = issue.scenarios.current().order_by("order", "id")
        current = current.prefetch_related("systems", "steps__images")
        for scenario in current:
            scenarios.append(ScenarioData(
                title=scenario.title, slug=scenario.slug, title_inferred=scenario.title_inferred,
                symptom=scenario.symptom, systems=[s.slug for s in scenario.systems.all()],
                steps=[_step(s) for s in scenario.step_tree()],
            ))  # fmt: skip
        only = scenarios[0] if len(scenarios) == 1 else None
        mirrors = bool(only) and (only.slug, only.title, only.title_inferred) == (
            issue.slug,
            issue.title,
            issue.title_inferred,
        )
        if not scenarios and issue.scenarios.exists():  # kept only for archived feedback
            continue
        data.issues.append(IssueData(
            title=issue.title, slug=issue.slug, title_inferred=issue.title_inferred,
            scenarios=scenarios, mirrors_scenario=mirrors,
        ))  # fmt: skip
    return data


def _step(row) -> StepData:
    return StepData(
        kind=row.kind, text=row.text, menu_paths=list(row.menu_paths), fields=list(row.fields),
        link_url=row.link_url, children=[_step(c) for c in getattr(row, "children", [])],
        images=list(row.images.all()),
    )  # fmt: skip


def export_markdown(article: Article) -> str:
    return render(from_database(article))


def render(data: ArticleData) -> str:
    out = [MARKER, f"# {_heading(data.title, data.slug, False)}", ""]
    if data.source:
        out.append(f"Source: {data.source}")
    if data.systems:
        out.append(f"Systems: {', '.join(data.systems)}")
    if data.source or data.systems:
        out.append("")
    if data.summary:
        out += [data.summary, ""]
    for issue in data.issues:
        out += [f"## Issue: {_heading(issue.title, issue.slug, issue.title_inferred)}", ""]
        for scenario in issue.scenarios:
            if not issue.mirrors_scenario:
                heading = _heading(scenario.title, scenario.slug, scenario.title_inferred)
                out += [f"### Scenario: {heading}", ""]
            out += _scenario(scenario)
    return "\n".join(out).rstrip() + "\n"


def _heading(title: str, slug: str, inferred: bool) -> str:
    attrs = f"#{slug}" + (f" .{NEEDS_TITLE}" if inferred else "")
    return f"{title} {{{attrs}}}"


def _scenario(scenario: ScenarioData) -> list[str]:
    out = []
    if scenario.symptom:
        out.append(f"Symptom: {scenario.symptom}")
    if scenario.systems:
        out.append(f"Systems: {', '.join(scenario.systems)}")
    if out:
        out.append("")
    actionable = [s.kind for s in scenario.steps if s.kind in (StepKind.ALTERNATIVE, StepKind.STEP)]
    block = actionable[0] if actionable else StepKind.STEP
    out += ["Possible Solutions:" if block == StepKind.ALTERNATIVE else "Solution:", ""]
    for step in scenario.steps:
        out += _item(step, "- ", "", block)
        for number, child in enumerate(step.children, 1):
            marker = f"{number}. " if child.kind == StepKind.STEP else "- "
            default = StepKind.STEP if child.kind == StepKind.STEP else StepKind.ALTERNATIVE
            out += _item(child, marker, "   ", default)
    out.append("")
    return out


def _item(step: StepData, marker: str, indent: str, default_kind: str) -> list[str]:
    text = step.text
    lines = text.split("\n")
    needs_label = step.kind != default_kind or any(p.match(lines[0]) for p in RESERVED)
    first = f"{KIND_LABELS[step.kind]}: {lines[0]}" if needs_label else lines[0]
    if step.link_url:
        lines[-1] = f"{lines[-1]} <{step.link_url}>"
        first = first if len(lines) > 1 else f"{first} <{step.link_url}>"
    inner = indent + " " * len(marker)
    out = [f"{indent}{marker}{first}"]
    out += [f"{inner}{line}" for line in lines[1:]]
    if step.menu_paths:
        out.append(f"{inner}- Menu:")
        out += [f"{inner}  - {path}" for path in step.menu_paths]
    if step.fields:
        out.append(f"{inner}- Fields:")
        out += [f"{inner}  - {name}" for name in step.fields]
    if step.images:
        out.append(f"{inner}- Images:")
        out += [f"{inner}  - {images.render_item(image)}" for image in step.images]
    return out
