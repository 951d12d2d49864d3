"""Running Python code in a fresh process at the repository's root, as a server or a command
would start (settings read from the environment at import)."""

import subprocess
import sys

from django.conf import settings


def run_python(code: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
