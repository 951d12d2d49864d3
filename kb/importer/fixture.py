"""Render an ArticleData tree as a loaddata fixture, in the layout of the shipped fixtures/."""

import json

from kb.models import Status

from .tree import ArticleData, step_refs


def fixture_records(article: ArticleData, *, timestamp: str, status: str) -> list[dict]:
    published_at = timestamp if status == Status.PUBLISHED else None
    records = [
        _record("kb.article", {
            "slug": article.slug, "title": article.title, "summary": article.summary,
            "systems": [[s] for s in article.systems], "status": status,
            "source": article.source, "is_synthetic": False, "created_at": timestamp,
            "updated_at": timestamp, "published_at": published_at,
        })
    ]  # fmt: skip
    for issue_order, issue in enumerate(article.issues, 1):
        records.append(_record("kb.issue", {
            "article": [article.slug], "slug": issue.slug, "title": issue.title,
            "title_inferred": issue.title_inferred, "order": issue_order,
        }))  # fmt: skip
        for order, scenario in enumerate(issue.scenarios, 1):
            records.append(_record("kb.scenario", {
                "issue": [issue.slug, article.slug], "slug": scenario.slug,
                "title": scenario.title, "title_inferred": scenario.title_inferred,
                "symptom": scenario.symptom, "systems": [[s] for s in scenario.systems],
                "order": order, "is_synthetic": False, "created_at": timestamp,
                "updated_at": timestamp,
            }))  # fmt: skip
            for ref, parent, step_order, step in step_refs(scenario):
                records.append(_record("kb.solutionstep", {
                    "scenario": [scenario.slug], "parent": [parent] if parent else None,
                    "ref": ref, "order": step_order, "kind": step.kind, "text": step.text,
                    "menu_paths": step.menu_paths, "fields": step.fields,
                    "link_url": step.link_url,
                }))  # fmt: skip
    return records


def _record(model: str, fields: dict) -> dict:
    return {"model": model, "fields": fields}


def dumps(records: list[dict]) -> str:
    """The shipped fixtures' exact layout (one-space indent, UTF-8 kept readable)."""
    return json.dumps(records, indent=1, ensure_ascii=False)
