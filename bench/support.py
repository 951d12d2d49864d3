"""What the maintained bench tools share: paths and Django set-up, a throwaway database with
the seed content, the bench's own database and index under var/bench/, percentiles and medians,
query files, the machine line every figure is printed beside, and what the reliability tools
check (every row of a database, hostile search input, a database's URL).

Nothing here imports from tests/: where a tool and a test need the same helper (row comparison,
hostile queries), this module holds the tool's copy. HTTP load (gunicorn, wrk) is load.py.
"""

import datetime
import decimal
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BENCH_DIR = ROOT / "var" / "bench"


def setup_django() -> None:
    """Make the repository importable and set Django up (settings from the environment)."""
    for path in (str(ROOT), str(ROOT / "bench")):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    import django

    django.setup()


@contextmanager
def seeded_database(*, index: bool = False):
    """Set Django up, create the test database, load the seeds (and build the index if asked);
    drop the database on the way out, however the bench ends."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("kb_load_content", verbosity=0)
        if index:
            call_command("kb_rebuild_index", verbosity=0)
        yield connection
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)


def database_url(connection) -> str:
    """The DATABASE_URL of a Django connection (for a subprocess or a server to share it)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgresql://{s['USER']}{password}@{host}:{port}/{s['NAME']}"


def bench_env(args):
    """The environment of the servers and commands of a bench run: its own database and index
    (var/bench/ unless --database-url, --index-dir), the benchmark floor view on."""
    bench_dir = BENCH_DIR
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url or f"sqlite:///{bench_dir / 'bench.sqlite3'}",
        KB_INDEX_DIR=args.index_dir or str(bench_dir / "index"),
        KB_SEARCH_ENGINE=args.engine,
        KB_BENCH="1",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        KB_LOG_LEVEL="WARNING",
        # The vote endpoint's per-address limit would answer 429 to a load generator: lifted,
        # so the write path itself is measured.
        KB_RATE_LIMITS="feedback=1000000000/600,checklist=1000000000/600",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env, bench_dir


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values):
    """The median of the values that are not None (None when there are none)."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def read_dev_set(path):
    """(query, [accepted slugs]) per line of a query file (tests/data/*.tsv)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, accepted = line.split("\t")[:2]
            rows.append((query, [s.strip() for s in accepted.split(",") if s.strip()]))
    return rows


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    wrk = (
        subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        if shutil.which("wrk")
        else None
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "gunicorn": _pip_version("gunicorn"),
        "wrk": (wrk.stdout + wrk.stderr).split("[")[0].strip() if wrk else "not installed",
        "loop_s": python_speed(),
    }


# Figures from different machines (or the same shared machine on another day) differ by up to
# 2x for the same code: a pure-Python loop, timed with the venv's interpreter, tells how fast
# this one runs Python before anyone compares its figures with another's.
SPEED_LOOP = """
import time
t = time.perf_counter()
s = 0
for i in range(10_000_000):
    s += i
print(time.perf_counter() - t)
"""


def python_speed(runs=3) -> float:
    """Seconds for a 10-million-step Python loop, the median of `runs`."""
    times = [
        float(subprocess.run([PY, "-c", SPEED_LOOP], capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]
    return round(statistics.median(times), 2)


def _pip_version(name):
    out = subprocess.run(
        [PY, "-c", f"import importlib.metadata as m; print(m.version('{name}'))"],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def change_form_data(response) -> dict:
    """The POST data a browser would send for an admin change page, unchanged: the editor
    edits this dict and posts it back, as an editor edits the page and saves."""
    from django.forms import CheckboxInput

    assert response.status_code == 200, response.status_code
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name, form_field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if isinstance(form_field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
                continue
            if value is not None:
                data[bound.html_name] = value
    return data


# Every row of a database in a form two databases can be compared in (bench/backup_restore.py):
# run in this process (the original database) and, through `python -c`, in the process that
# restored the backup.


def _renumbered() -> tuple:
    """Rows a new database numbers on its own: compared by natural key, never by id."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return ContentType, Permission


def _plain(value):
    """A JSON value that keeps everything the database stored (microseconds included)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if hasattr(value, "storage") and hasattr(value, "name"):  # a FieldFile: its stored name
        return value.name
    return value


def _row(obj, fields, many_to_many, renumbered) -> dict:
    row = {}
    for field in fields:
        if field.is_relation and field.related_model in renumbered:
            related = getattr(obj, field.name)
            row[field.name] = related.natural_key() if related else None
        else:
            row[field.attname] = _plain(getattr(obj, field.attname))
    for field in many_to_many:
        related = getattr(obj, field.name).all()
        if field.related_model in renumbered:
            row[field.name] = sorted(r.natural_key() for r in related)
        else:
            row[field.name] = sorted(related.values_list("pk", flat=True))
    return row


def database_rows() -> dict[str, list[dict]]:
    """{model label: every row, field by field, in primary-key order} for the backed-up models.
    A round trip through JSON, so a snapshot from another process compares equal."""
    from kb.operations.backup import backed_up_models

    renumbered = _renumbered()
    rows = {}
    for model in backed_up_models():
        fields = [f for f in model._meta.concrete_fields]
        many_to_many = list(model._meta.many_to_many)
        rows[model._meta.label_lower] = [
            _row(obj, fields, many_to_many, renumbered)
            for obj in model._base_manager.order_by("pk").iterator()
        ]
    return json.loads(json.dumps(rows))


def sub_millisecond_times(rows: dict) -> int:
    """How many stored times carry microseconds a millisecond-precision backup would lose."""
    count = 0
    for model_rows in rows.values():
        for row in model_rows:
            for value in row.values():
                if isinstance(value, str) and len(value) > 19 and value[10:11] == "T":
                    try:
                        when = datetime.datetime.fromisoformat(value)
                    except ValueError:
                        continue
                    count += when.microsecond % 1000 != 0
    return count


# Generated hostile search input (bench/hostile_search.py): query syntax pasted by accident or on
# purpose, bytes that break parsers and databases, right-to-left text and emoji, 10 KB pastes.
# Built on first use: hypothesis is only needed by the tool that generates them.
SYNTAX = [
    '"', "'", '"unbalanced', "title:", "symptom:", "slug:", "steps:", "*", "?", "*sync*", "sy?c",
    "AND", "OR", "NOT", "NOT AND", "AND OR NOT", "(", ")", "(((", ")))", "[", "]", "{", "}",
    "[a TO z]", "{a TO}", "~", "~2", "^", "^10", "\\", "/", "//", "-", "+", "!", "&&", "||",
    ":", "::", "%", "%00", "&q=", "#", ";", "<", ">", "</mark>", "<script>", "' OR 1=1 --",
    "${x}", "{{ x }}", "{% x %}",
]  # fmt: skip
CONTROL = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x1b",
    "\x7f",
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\u0085",
    "\u2028",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\ufffe",
    "\uffff",
]
RTL = ["\u202e", "\u202b", "\u200f", "שלום עולם", "مرحبا بالعالم", "\u05d0\u0301\u0301"]
EMOJI = ["😀", "🔥", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇧", "\U0001f9d1\U0001f3fd\u200d\U0001f4bb"]
WORDS = [
    "contact",
    "sync",
    "synchronised",
    "token",
    "expired",
    "matter",
    "legal",
    "tracker",
    "PM",
    "LA",
    "TR",
    "webhook",
    "how",
    "to",
    "the",
    "a",
]
MAX_PASTE = 10 * 1024


def hostile_query():
    """A hypothesis strategy for one hostile search query."""
    from hypothesis import strategies as st

    token = st.sampled_from(SYNTAX + CONTROL + RTL + EMOJI + WORDS)
    # Any code point a URL carries (surrogates cannot be encoded as UTF-8: no client sends them).
    any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
    mixed = st.lists(st.one_of(token, any_text), min_size=1, max_size=12).map(st_join)
    paste = st.tuples(
        st.lists(st.one_of(token, any_text), min_size=1, max_size=6),
        st.integers(1024, MAX_PASTE),
    ).map(lambda t: (st_join(t[0]) * MAX_PASTE)[: t[1]])
    return st.one_of(token, any_text, mixed, mixed, paste)


def st_join(parts) -> str:
    return " ".join(parts) if len(parts) % 2 else "".join(parts)


def search_requests(q: str):
    """Every way a query reaches search: the page, its HTMX fragment, filters, and the API."""
    yield "page", "/search?" + urlencode({"q": q}), {}
    yield "fragment", "/search?" + urlencode({"q": q}), {"HTTP_HX_REQUEST": "true"}
    yield (
        "page+filters",
        "/search?"
        + urlencode({"q": q, "system": q[:50], "article": q[:50], "issue": q[:50], "page": q[:5]}),
        {},
    )
    yield "api", "/api/search?" + urlencode({"q": q}), {}
    yield "api+limit", "/api/search?" + urlencode({"q": q, "limit": q[:5] or "0"}), {}
