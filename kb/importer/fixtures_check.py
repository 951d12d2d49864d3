"""Structural checks on content fixtures before anything reaches the database."""

import json
from pathlib import Path

# model label -> (natural-key fields, {foreign-key field: (target label, required)})
STRUCTURE = {
    "kb.system": (("slug",), {}),
    "kb.article": (("slug",), {}),
    "kb.issue": (("slug", "article"), {"article": ("kb.article", True)}),
    "kb.scenario": (("slug",), {"issue": ("kb.issue", True)}),
    "kb.solutionstep": (
        ("ref",),
        {"scenario": ("kb.scenario", True), "parent": ("kb.solutionstep", False)},
    ),
    "kb.synonym": (("key",), {}),
}


class FixtureError(ValueError):
    pass


def _key(label, fields):
    names, _ = STRUCTURE[label]
    parts = []
    for name in names:
        value = fields.get(name)
        if value in (None, "", []):
            return None
        parts.extend(value if isinstance(value, list) else [value])
    return tuple(parts)


def _records(path: Path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise FixtureError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise FixtureError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, list):
        raise FixtureError(f"{path}: expected a list of records")
    return data


def check_fixture_files(paths) -> int:
    """Raise FixtureError naming the first bad record; return the number of records."""
    seen: dict[tuple, str] = {}
    pending = []
    for path in paths:
        for number, record in enumerate(_records(Path(path)), 1):
            where = f"{path} record {number}"
            if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
                raise FixtureError(f"{where}: expected an object with 'model' and 'fields'")
            label = str(record.get("model", "")).lower()
            if label not in STRUCTURE:
                raise FixtureError(f"{where}: unknown model {record.get('model')!r}")
            fields = record["fields"]
            where = f"{where} ({label} {fields.get('slug') or fields.get('ref') or ''})".rstrip()
            names, _ = STRUCTURE[label]
            key = _key(label, fields)
            if names and key is None:
                raise FixtureError(f"{where}: missing {' / '.join(names)}")
            if key is not None:
                if (label, key) in seen:
                    raise FixtureError(
                        f"{where}: duplicate {label} {'/'.join(map(str, key))} "
                        f"(first defined at {seen[(label, key)]})"
                    )
                seen[(label, key)] = where
            pending.append((where, label, fields))
    for where, label, fields in pending:
        for field, (target, required) in STRUCTURE[label][1].items():
            ref = fields.get(field)
            if ref in (None, "", []):
                if required:
                    raise FixtureError(f"{where}: has no {field}")
                continue
            ref_key = tuple(ref) if isinstance(ref, list) else (ref,)
            if (target, ref_key) not in seen and not _exists_in_db(target, ref_key):
                raise FixtureError(f"{where}: {field} {'/'.join(map(str, ref_key))} not found")
    return len(pending)


def _exists_in_db(label, key) -> bool:
    from django.apps import apps

    model = apps.get_model(label)
    try:
        model._default_manager.get_by_natural_key(*key)
    except (model.DoesNotExist, TypeError, ValueError):
        return False
    return True
