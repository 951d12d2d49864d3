"""HTTP measurements: gunicorn (2 workers) on a free 127.0.0.1 port, driven by wrk.

Every endpoint is measured in the same server run as the trivial /bench/floor view, so its
throughput can be quoted as a ratio of the floor, which cancels out how busy the machine is.
"""

import gzip
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, data=None, headers=None, timeout=30):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@contextmanager
def gunicorn(env, workers=2, root=ROOT):
    """A gunicorn serving the checkout at `root` (this one by default), and its master's pid."""
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"), "kb.wsgi:application", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning",
    ]  # fmt: skip
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if fetch(f"{base}/bench/floor", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer /bench/floor")
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited: {log.read().decode()[-2000:]}")
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_rss_mb(master_pid):
    out = subprocess.run(
        ["ps", "--ppid", str(master_pid), "-o", "rss="], capture_output=True, text=True
    ).stdout
    return [int(x) / 1024 for x in out.split()]


LUA_PATHS = """
local paths = {%s}
local suffix = %s
local i = %d
request = function()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  if suffix then path = path .. "+" .. i end
  return wrk.format(nil, path)
end
"""

LUA_POST = """
wrk.method = "POST"
wrk.body = %s
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = %s
wrk.headers["X-CSRFToken"] = %s
wrk.headers["Referer"] = %s
wrk.headers["HX-Request"] = "true"
"""


# The numbers that make queries unique start here: no index holds a number this long (kb_synth
# writes at most six digits; the 10k and 100k indexes hold 1,338 and 13,370 numbers). Smaller
# ones are words of the index, so a "unique" query gained a word that narrowed it. Each wrk run
# takes its own million: numbers that restarted with every run let the second run of a pair ask
# the first's queries again, and the per-process results cache answered them (BENCHMARKS.md,
# twelfth round).
UNIQUE_BASE = 1_000_000
_runs = itertools.count(1)


def lua_paths(paths, unique: bool) -> str:
    """A wrk script fetching `paths` in turn; `unique`: each with a number of its own appended,
    never one an earlier run in this process appended."""
    listed = ", ".join(lua_string(p) for p in paths)
    return LUA_PATHS % (listed, "true" if unique else "false", next(_runs) * UNIQUE_BASE)


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk(base, lua, duration, connections=4):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name,
             base],  # fmt: skip
            capture_output=True, text=True, timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    return parse_wrk(out)


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(out):
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        match = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        result[f"p{pct}_ms"] = _ms(*match.groups()) if match else None
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    total = re.search(r"(\d+) requests in", out)
    result["requests"] = int(total.group(1)) if total else 0
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    result["socket_errors"] = errors.group(1).strip() if errors else ""
    return result


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and "stylesheet" in (attrs.get("rel") or ""):
            self.urls.append(attrs["href"])
        elif tag == "img" and attrs.get("src"):
            self.urls.append(attrs["src"])


def page_weight(base, path):
    """Bytes a browser downloads for a page and what it loads, gzip-compressed."""
    status, _headers, body = fetch(base + path)
    parser = Assets()
    parser.feed(body.decode("utf-8", "replace"))
    html_gz = len(gzip.compress(body, 6))
    assets, external = {}, []
    for url in parser.urls:
        absolute = urllib.parse.urljoin(base + path, url)
        if urllib.parse.urlsplit(absolute).netloc != urllib.parse.urlsplit(base).netloc:
            external.append(url)
            continue
        _s, headers, asset = fetch(absolute, headers={"Accept-Encoding": "gzip"})
        served_gz = headers.get("Content-Encoding") == "gzip"
        assets[url] = len(asset) if served_gz else len(gzip.compress(asset, 6))
    return {
        "status": status,
        "html_bytes": len(body),
        "html_gzip": html_gz,
        "assets_gzip": assets,
        "total_gzip": html_gz + sum(assets.values()),
        "external": external,
    }


def browser_session(base, page):
    """The cookies (csrftoken, visitor) a browser holds after one page view, and the page's
    hidden form fields (the vote widget's signed token)."""
    jar = urllib.request.HTTPCookieProcessor()
    opener = urllib.request.build_opener(jar)
    with opener.open(base + page, timeout=30) as response:
        html = response.read().decode("utf-8", "replace")
    cookies = {c.name: c.value for c in jar.cookiejar}
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    return cookies, hidden


def run_endpoints(base, endpoints, duration, repeat):
    """endpoints: name -> ("GET", [paths], unique) or ("POST", path, body, page_for_cookies).

    unique: each request's query gets a number of its own appended (a word no document has),
    so a results cache never answers and the figure is the cost of searching.
    """
    results = {name: [] for name in endpoints}
    for spec in endpoints.values():
        if spec[0] == "GET" and not spec[2]:
            warm(base, spec[1])
    for _ in range(repeat):  # interleaved, so a noisy minute hits every endpoint alike
        for name, spec in endpoints.items():
            if spec[0] == "GET":
                lua = lua_paths(spec[1], spec[2])
            else:
                _method, path, body, page = spec
                cookies, hidden = browser_session(base, page)
                if "token" in hidden:
                    token = urllib.parse.quote(hidden["token"], safe="")
                    body = f"{body}&token={token}"
                cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
                lua = LUA_POST % (
                    lua_string(body),
                    lua_string(cookie),
                    lua_string(cookies.get("csrftoken", "")),
                    lua_string(base + page),
                )
                lua += f'\nrequest = function() return wrk.format(nil, "{path}") end\n'
            results[name].append(wrk(base, lua, duration))
    return results


def warm(base, paths, tries=8, connections=4):
    """Each path fetched `tries` times over parallel connections before wrk measures, so every
    worker has answered it (the chance one of two workers has not is 2**-7 per path): a
    repeated query's first time in a worker is a full search, and at 10,000 scenarios on a
    busy machine fifty of those per worker took most of a 10 s run."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(lambda path: fetch(base + path), [p for _ in range(tries) for p in paths]))


def have_wrk():
    return shutil.which("wrk") is not None
