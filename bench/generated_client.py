"""A client generated from the API's schema, used as a colleague's script would use it
(issue 28): the schema is checked with openapi-spec-validator, a client is generated with
openapi-python-client, and bench/client_use.py lists projects by country and theme, pages
through a list with a page size, fetches a partner and its projects, and sorts by two
keys, against gunicorn serving this checkout's database. The tools live in a virtualenv
of their own (bench/.client-venv, from bench/requirements-client.txt). The report goes to
bench/results/generated-client-<date>.md.

    .venv/bin/python bench/generated_client.py
"""

import datetime
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from run import PORT, ROOT, machine, start_server  # also sets Django up

# isort: split
from django.contrib.auth.models import User
from knox.models import AuthToken

from partnerships.models import Project

VENV = ROOT / "bench" / ".client-venv"
BASE = f"http://127.0.0.1:{PORT}"


def tools() -> Path:
    """The virtualenv with the generator and the validator, made once."""
    if not (VENV / "bin" / "openapi-python-client").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "pip"), "install", "-q", "-r", str(ROOT / "bench" / "requirements-client.txt")]
        subprocess.run(pip, check=True)
    return VENV / "bin"


def step(name: str, command: list[str], **kwargs) -> tuple[str, float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - started
    output = (done.stdout + done.stderr).strip()
    print(f"{name}: {'ok' if done.returncode == 0 else 'FAILED'} ({seconds:.1f} s)")
    if done.returncode:
        print(output)
        raise SystemExit(f"{name} failed")
    return name, seconds, output


def main():
    bin_ = tools()
    user, _ = User.objects.get_or_create(username="bench-client")
    _instance, token = AuthToken.objects.create(user, expiry=datetime.timedelta(hours=1))
    server = start_server(2)
    steps = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            request = urllib.request.Request(
                f"{BASE}/api/schema/?format=json", headers={"Authorization": f"Token {token}"}
            )
            schema = urllib.request.urlopen(request).read()
            (work / "schema.json").write_bytes(schema)
            steps.append(
                step("openapi-spec-validator", [str(bin_ / "openapi-spec-validator"), str(work / "schema.json")])
            )
            env = {"PATH": f"{bin_}:/usr/bin:/bin"}  # the generator formats its output with ruff
            generate = [str(bin_ / "openapi-python-client"), "generate", "--path", "schema.json", "--meta", "none"]
            steps.append(
                step("openapi-python-client generate", [*generate, "--output-path", "portal_client"], cwd=work, env=env)
            )
            use = [str(bin_ / "python"), str(ROOT / "bench" / "client_use.py"), BASE, token]
            steps.append(step("the generated client, used", use, cwd=work, env={"PYTHONPATH": str(work)}))
    finally:
        server.terminate()
        AuthToken.objects.filter(user=user).delete()
    report(steps, len(json.loads(schema)["paths"]))


def report(steps, paths: int) -> None:
    now = datetime.datetime.now()
    lines = [
        f"# A generated API client, {now:%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {machine()}",
        f"- Data: {Project.objects.count():,} projects; the schema has {paths} paths",
        "- Tools: "
        + ", ".join(
            line
            for line in (ROOT / "bench" / "requirements-client.txt").read_text().splitlines()
            if line.startswith(("openapi-python-client==", "openapi-spec-validator=="))
        ),
        "",
        "| step | seconds | said |",
        "|---|---|---|",
    ]
    for name, seconds, output in steps:
        said = " / ".join(line for line in output.splitlines() if line.strip())[:400].replace("|", "\\|")
        lines.append(f"| {name} | {seconds:.1f} | {said} |")
    path = ROOT / "bench" / "results" / f"generated-client-{now:%Y-%m-%d}.md"
    path.write_text("\n".join(lines) + "\n")
    print(f"Report written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
