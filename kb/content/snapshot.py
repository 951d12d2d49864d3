"""The whole article as plain data: the article, its issues, scenarios, steps and systems.

Rows are named by their natural keys (slugs, step refs) and also carry their ids, so a restore
puts a version back onto the same rows (their feedback stays with them). Read in seven queries
whatever the article's size, so an import of 3,000 scenarios records its version cheaply.
Archived scenarios and steps (kept for their feedback) are not part of the article.
"""

from collections import defaultdict

from kb.models import Article, Issue, Scenario, SolutionStep

from . import step_images

FORMAT = 1
ARTICLE_FIELDS = ["id", "slug", "title", "summary", "status", "source"]
ISSUE_FIELDS = ["id", "slug", "title", "title_inferred", "order"]
SCENARIO_FIELDS = ["id", "issue_id", "slug", "title", "title_inferred", "symptom", "order"]
STEP_FIELDS = [
    "id", "scenario_id", "parent_id", "ref", "order", "kind", "text", "menu_paths", "fields",
    "link_url",
]  # fmt: skip
#: What a step is, as the public page shows it (compared by the diff and the conflict check).
STEP_CONTENT = ["kind", "text", "menu_paths", "fields", "link_url"]


def take(article: Article | int) -> dict:
    article_id = getattr(article, "pk", article)
    row = Article.objects.filter(pk=article_id).values(*ARTICLE_FIELDS).get()
    row["systems"] = sorted(
        Article.systems.through.objects.filter(article_id=article_id).values_list(
            "system__slug", flat=True
        )
    )
    issues = list(
        Issue.objects.filter(article_id=article_id).order_by("order", "pk").values(*ISSUE_FIELDS)
    )
    scenarios = list(
        Scenario.objects.filter(issue__article_id=article_id, archived_at__isnull=True)
        .order_by("order", "pk")
        .values(*SCENARIO_FIELDS)
    )
    systems = defaultdict(list)
    for scenario_id, slug in Scenario.systems.through.objects.filter(
        scenario__issue__article_id=article_id
    ).values_list("scenario_id", "system__slug"):
        systems[scenario_id].append(slug)
    steps = defaultdict(list)
    # A step's screenshots; the key is left out when it has none, so versions recorded before
    # screenshots existed still compare equal to an unchanged article.
    images = step_images.take({"step__scenario__issue__article_id": article_id})
    for step in (
        SolutionStep.objects.filter(scenario__issue__article_id=article_id)
        .order_by("order", "pk")
        .values(*STEP_FIELDS)
    ):
        if step["id"] in images:
            step["images"] = images[step["id"]]
        steps[step.pop("scenario_id")].append(step)
    by_issue = defaultdict(list)
    for scenario in scenarios:
        scenario["systems"] = sorted(systems.get(scenario["id"], []))
        scenario["steps"] = _page_order(steps.get(scenario["id"], []))
        by_issue[scenario.pop("issue_id")].append(scenario)
    for issue in issues:
        issue["scenarios"] = by_issue.get(issue["id"], [])
    return {"format": FORMAT, "article": row, "issues": issues}


def _page_order(steps: list[dict]) -> list[dict]:
    """Each top-level step followed by its sub-steps; a sub-step names its parent's ref."""
    refs = {step["id"]: step["ref"] for step in steps}
    children = defaultdict(list)
    for step in steps:
        step["parent"] = refs.get(step["parent_id"])
        children[step["parent_id"] if step["parent"] else None].append(step)
    ordered = []
    for step in children.pop(None, []):
        ordered.append(step)
        ordered.extend(children.pop(step["id"], []))
    for rest in children.values():  # a parent outside the scenario: keep the step listed
        ordered.extend(rest)
    return ordered


def scenarios_of(snapshot: dict):
    for issue in snapshot["issues"]:
        yield from issue["scenarios"]


def part(snapshot: dict, kind: str, pk: int):
    """The part of a snapshot that one admin change form edits, to tell whether two editors
    changed the same thing: the article with its list of issues, an issue with its list of
    scenarios, a scenario with its steps, or one step. None when the object is not there."""
    if kind == "article":
        shallow = [{k: v for k, v in i.items() if k != "scenarios"} for i in snapshot["issues"]]
        return {**snapshot["article"], "issues": shallow}
    for issue in snapshot["issues"]:
        if kind == "issue" and issue["id"] == pk:
            shallow = [{k: v for k, v in s.items() if k != "steps"} for s in issue["scenarios"]]
            return {**issue, "scenarios": shallow}
        for scenario in issue["scenarios"]:
            if kind == "scenario" and scenario["id"] == pk:
                return {**scenario, "issue": issue["id"]}
            for step in scenario["steps"]:
                if kind == "step" and step["id"] == pk:
                    return {**step, "scenario": scenario["id"]}
    return None


def rows(snapshot: dict) -> dict[tuple[str, int], dict]:
    """Every issue, scenario and step of a snapshot by (kind, id)."""
    found = {}
    for issue in snapshot["issues"]:
        found["issue", issue["id"]] = issue
        for scenario in issue["scenarios"]:
            found["scenario", scenario["id"]] = scenario
            for step in scenario["steps"]:
                found["step", step["id"]] = step
    return found
