"""The plain data tree an import produces: parsed text, before anything touches the database.

The parser builds it, the mapping adjusts it, the writer saves it and the exporter reads the
same shape back out of the database, so every stage can be tested on its own.
"""

from dataclasses import dataclass, field

KIND_LABELS = {"alternative": "try", "step": "step", "note": "note", "warning": "warning"}


@dataclass
class StepData:
    kind: str  # a kb.models.StepKind value
    text: str
    line: int = 0  # where the step starts in the source, for error messages
    menu_paths: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    link_url: str = ""
    # Screenshots ({"file", "alt", "caption"}, kb/importer/images.py); None: the file says
    # nothing about them (the step keeps its own).
    images: list[dict] | None = None
    children: list["StepData"] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class ScenarioData:
    title: str
    slug: str = ""
    title_inferred: bool = False
    symptom: str = ""
    systems: list[str] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)
    line: int = 0
    source_title: str = ""  # the title as parsed, before a mapping renamed it


@dataclass
class IssueData:
    title: str
    slug: str = ""
    title_inferred: bool = False
    scenarios: list[ScenarioData] = field(default_factory=list)
    line: int = 0
    # True when the source had no "Scenario" heading under this issue: the issue and its one
    # scenario are the same thing and share title and slug.
    mirrors_scenario: bool = False


@dataclass
class ArticleData:
    title: str
    slug: str = ""
    summary: str = ""
    source: str = ""
    systems: list[str] = field(default_factory=list)
    issues: list[IssueData] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings for the editor (encoding, ...)

    def scenarios(self):
        return [scenario for issue in self.issues for scenario in issue.scenarios]


def step_refs(scenario: ScenarioData):
    """(ref, parent_ref, order, step) for every step, parents before their children."""
    for number, step in enumerate(scenario.steps, 1):
        ref = f"{scenario.slug}/{number}"
        yield ref, None, number, step
        for sub, child in enumerate(step.children, 1):
            yield f"{ref}.{sub}", ref, sub, child
