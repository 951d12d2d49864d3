"""A readable diff of two article snapshots: changed words marked with <ins>/<del> (the text
escaped), and issues, scenarios and steps added, removed or moved.

Rows are paired by id, then by natural key (slug, step ref) among the unpaired, so a version
restored onto recreated rows still compares field by field.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

ARTICLE_LABELS = {"title": "Title", "slug": "Slug", "summary": "Summary", "status": "Status",
                  "source": "Source", "systems": "Systems"}  # fmt: skip
ISSUE_LABELS = {"title": "Title", "slug": "Slug", "title_inferred": "Title inferred"}
SCENARIO_LABELS = {"title": "Title", "slug": "Slug", "symptom": "Symptom", "systems": "Systems",
                   "title_inferred": "Title inferred"}  # fmt: skip
STEP_LABELS = {"text": "Text", "kind": "Kind", "parent": "Sub-step of", "menu_paths": "Menu paths",
               "fields": "Fields", "link_url": "Link"}  # fmt: skip


def words(old: str, new: str) -> SafeString:
    """`new` with the words it lost in <del> and the words it gained in <ins>, all escaped.

    A lone unchanged word between two changes joins them, so a rewritten sentence reads as one
    deletion and one insertion rather than a patchwork.
    """
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    runs = []  # [equal?, old text, new text]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        runs.append([op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged = []
    for n, run in enumerate(runs):
        lone = run[0] and 0 < n < len(runs) - 1 and len(run[1].split()) <= 1
        if merged and not merged[-1][0] and (not run[0] or lone):
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append([run[0] and not lone, run[1], run[2]])
    out = []
    for equal, before, after in merged:
        if equal:
            out.append(escape(before))
            continue
        if before:
            out.append(f"<del>{escape(before)}</del>")
        if after:
            out.append(f"<ins>{escape(after)}</ins>")
    return mark_safe("".join(out))


def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


@dataclass
class Node:
    """One row of the diff: an issue, scenario or step, with what changed in it."""

    kind: str
    label: str
    status: str = "same"  # added, removed, changed, moved, same
    changes: list[tuple[str, SafeString]] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    text: str = ""  # an added or removed row's content

    @property
    def changed(self) -> bool:
        return self.status != "same" or any(child.changed for child in self.children)


@dataclass
class ArticleDiff:
    changes: list[tuple[str, SafeString]]
    issues: list[Node]

    @property
    def empty(self) -> bool:
        return not self.changes and not any(node.changed for node in self.issues)

    def counts(self) -> dict[str, int]:
        found = {"added": 0, "removed": 0, "changed": 0, "moved": 0}

        def walk(nodes):
            for node in nodes:
                if node.status in found:
                    found[node.status] += 1
                walk(node.children)

        walk(self.issues)
        return found


def _field_changes(old: dict, new: dict, labels: dict) -> list[tuple[str, SafeString]]:
    changes = []
    for name, label in labels.items():
        before, after = _text(old.get(name)), _text(new.get(name))
        if before != after:
            changes.append((label, words(before, after)))
    return changes


def _pair(old: list[dict], new: list[dict], key: str) -> dict[int, int]:
    """new index -> old index: by id first, then by natural key among the unpaired."""
    pairs, used = {}, set()
    old_ids = {row["id"]: i for i, row in enumerate(old) if row.get("id") is not None}
    for j, row in enumerate(new):
        i = old_ids.get(row.get("id"))
        if i is not None:
            pairs[j], _ = i, used.add(i)
    by_key = {row[key]: i for i, row in enumerate(old) if i not in used}
    for j, row in enumerate(new):
        if j not in pairs and by_key.get(row[key]) is not None and by_key[row[key]] not in used:
            pairs[j] = by_key[row[key]]
            used.add(pairs[j])
    return pairs


def _moved(pairs: dict[int, int]) -> set[int]:
    """New indexes of paired rows whose relative order changed (outside the longest run kept
    in order)."""
    new_order = sorted(pairs)
    old_order = sorted(pairs, key=pairs.get)
    matcher = SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = set()
    for block in matcher.get_matching_blocks():
        kept.update(old_order[block.a : block.a + block.size])
    return set(pairs) - kept


def _rows(old, new, key, kind, label_of, compare):
    pairs = _pair(old, new, key)
    moved = _moved(pairs)
    nodes = []
    for j, row in enumerate(new):
        if j not in pairs:
            nodes.append(_whole(kind, row, "added", label_of))
            continue
        node = compare(old[pairs[j]], row)
        if node.status == "same" and j in moved:
            node.status = "moved"
        elif j in moved:
            node.label += " (moved)"
        nodes.append(node)
    paired = set(pairs.values())
    for i, row in enumerate(old):
        if i not in paired:
            nodes.append(_whole(kind, row, "removed", label_of))
    return nodes


def _whole(kind, row, status, label_of) -> Node:
    node = Node(kind, label_of(row), status, text=row.get("text") or row.get("symptom") or "")
    if row.get("images"):
        node.changes = [(f"Screenshot {status}", _image(image)) for image in row["images"]]
    if kind == "issue":
        node.children = [_whole("scenario", s, status, _scenario_label) for s in row["scenarios"]]
    elif kind == "scenario":
        node.children = [_whole("step", s, status, _step_label) for s in row["steps"]]
    return node


def _issue_label(row):
    return f"Issue: {row['title']}"


def _scenario_label(row):
    return f"Scenario: {row['title']}"


def _step_label(row):
    prefix = "Sub-step" if row.get("parent") else "Step"
    return f"{prefix} ({row.get('kind', '')})"


def _image_changes(old: list[dict], new: list[dict]) -> list[tuple[str, SafeString]]:
    """A step's screenshots (by stored file name): added, removed, alt text or caption
    changed, reordered."""
    before = {image["file"]: image for image in old}
    after = {image["file"]: image for image in new}
    found = []
    for name, image in after.items():
        was = before.get(name)
        if was is None:
            found.append(("Screenshot added", _image(image)))
            continue
        for key, label in (("alt", "Screenshot alt text"), ("caption", "Screenshot caption")):
            if was.get(key, "") != image.get(key, ""):
                found.append((label, words(was.get(key, ""), image.get(key, ""))))
    found += [("Screenshot removed", _image(i)) for n, i in before.items() if n not in after]
    if not found and list(before) != list(after):
        found.append(("Screenshots", mark_safe("reordered")))
    return found


def _image(image: dict) -> SafeString:
    return mark_safe(f"“{escape(image.get('alt', ''))}” ({escape(image['file'])})")


def _step(old, new) -> Node:
    changes = _field_changes(old, new, STEP_LABELS)
    changes += _image_changes(old.get("images", []), new.get("images", []))
    node = Node("step", _step_label(new), "changed" if changes else "same", changes)
    node.text = new.get("text", "")
    return node


def _scenario(old, new) -> Node:
    changes = _field_changes(old, new, SCENARIO_LABELS)
    node = Node("scenario", _scenario_label(new), "changed" if changes else "same", changes)
    node.children = _rows(old["steps"], new["steps"], "ref", "step", _step_label, _step)
    return node


def _issue(old, new) -> Node:
    changes = _field_changes(old, new, ISSUE_LABELS)
    node = Node("issue", _issue_label(new), "changed" if changes else "same", changes)
    node.children = _rows(
        old["scenarios"], new["scenarios"], "slug", "scenario", _scenario_label, _scenario
    )
    return node


def compare(old: dict, new: dict) -> ArticleDiff:
    """What changed from snapshot `old` to snapshot `new`."""
    changes = _field_changes(old["article"], new["article"], ARTICLE_LABELS)
    issues = _rows(old["issues"], new["issues"], "slug", "issue", _issue_label, _issue)
    return ArticleDiff(changes, issues)
