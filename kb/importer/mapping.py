"""Editorial knowledge the source text cannot give, kept beside it in a JSON mapping file.

{
  "articles": {
    "<source file name>": {
      "slug": "...", "title": "...", "summary": "...", "systems": ["<system slug>", ...],
      "fixes": [["typo as in the source", "corrected"], ...],      # applied to the raw text
      "scenarios": [
        {"source_title": "<title as parsed: heading, or inferred from the first solution>",
         "slug": "...", "title": "...", "symptom": "...", "systems": [...],
         "steps": {"7": {"text": "..."}, "1.2": {"fields": [...]}}}
      ]
    }
  },
  "fixture_timestamp": "2026-11-24T00:00:00Z"
}

Scenarios are matched by the title the parser gives them, so the mapping survives reordering;
a mapping entry that matches nothing is an error (the source changed under it).
"""

import json
from pathlib import Path

from .errors import ImportFailed
from .tree import ArticleData

ARTICLE_KEYS = {"slug", "title", "summary", "systems", "fixes", "scenarios"}
SCENARIO_KEYS = {"source_title", "slug", "title", "symptom", "systems", "steps"}
STEP_KEYS = {"kind", "text", "menu_paths", "fields", "link_url"}


class Mapping:
    def __init__(self, data: dict, path: str = "mapping"):
        if not isinstance(data, dict) or not isinstance(data.get("articles", {}), dict):
            raise ImportFailed(f"{path}: expected an object with an 'articles' object")
        self.path = path
        self.articles = data.get("articles", {})
        self.fixture_timestamp = data.get("fixture_timestamp", "")
        for name, entry in self.articles.items():
            self._check_keys(entry, ARTICLE_KEYS, name)
            for scenario in entry.get("scenarios", []):
                self._check_keys(scenario, SCENARIO_KEYS, f"{name} scenario")
                for ref, step in scenario.get("steps", {}).items():
                    self._check_keys(step, STEP_KEYS, f"{name} step {ref}")

    def _check_keys(self, entry, allowed, where):
        unknown = set(entry) - allowed if isinstance(entry, dict) else {"(not an object)"}
        if unknown:
            raise ImportFailed(f"{self.path}: {where}: unknown keys {sorted(unknown)}")

    @classmethod
    def load(cls, path) -> "Mapping":
        try:
            return cls(json.loads(Path(path).read_text(encoding="utf-8")), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportFailed(f"Cannot read mapping {path}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc

    def entry(self, source: str) -> dict:
        return self.articles.get(Path(source).name, {})

    def fix_text(self, source: str, text: str) -> str:
        for wrong, right in self.entry(source).get("fixes", []):
            if wrong not in text:
                raise ImportFailed(f"{self.path}: fix {wrong!r} not found in {source}")
            text = text.replace(wrong, right)
        return text

    def _find(self, article: ArticleData, title: str):
        """The scenario whose parsed title is `title`, or starts with it (inferred titles are
        cut short)."""
        title = title.lower()
        exact = [s for s in article.scenarios() if s.source_title.lower() == title]
        found = exact or [
            s for s in article.scenarios() if title and s.source_title.lower().startswith(title)
        ]
        if len(found) != 1:
            parsed = [s.source_title for s in article.scenarios()]
            raise ImportFailed(
                f"{self.path}: {len(found)} scenarios titled {title!r} in {article.source}; "
                f"the parsed titles are: {parsed}"
            )
        return found[0]

    def apply(self, article: ArticleData) -> ArticleData:
        entry = self.entry(article.source)
        for key in ("slug", "title", "summary", "systems"):
            if key in entry:
                setattr(article, key, entry[key])
        for wanted in entry.get("scenarios", []):
            scenario = self._find(article, str(wanted.get("source_title", "")))
            for key in ("slug", "title", "symptom", "systems"):
                if key in wanted:
                    setattr(scenario, key, wanted[key])
            for ref, changes in wanted.get("steps", {}).items():
                step = _step_at(scenario, ref)
                if step is None:
                    raise ImportFailed(f"{self.path}: {scenario.slug} has no step {ref}")
                for key, value in changes.items():
                    setattr(step, key, value)
        for issue in article.issues:
            if issue.mirrors_scenario:
                only = issue.scenarios[0]
                issue.slug, issue.title = only.slug, only.title
        return article


def _step_at(scenario, ref: str):
    steps, step = scenario.steps, None
    for part in ref.split("."):
        if not part.isdigit() or not 0 < int(part) <= len(steps):
            return None
        step = steps[int(part) - 1]
        steps = step.children
    return step
