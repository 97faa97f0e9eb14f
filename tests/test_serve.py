from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest import build as pipeline
from digest.config import load_config
from digest.livereload import Reloader, Watcher
from digest.render import SHIPPED_TEMPLATES
from digest.serve import Preview, start_preview
from digest.store import Store

from .conftest import ROOT, write_config
from .webclient import link, read_eml

DAY = dt.date(2026, 11, 27)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def raw_request(port: int, method: str, target: str, body: str = "",
                headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """A request sent exactly as written: http.client does not tidy the path."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request(method, target, body=body.encode(), headers=headers or {})
    reply = conn.getresponse()
    reply.read()
    conn.close()
    return reply


# -- one real socket: `digest serve` as a user starts it ------------------------------------


def test_digest_serve_on_a_real_socket(project: Path) -> None:
    (project / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    config = load_config(project / "config.toml")
    pipeline.build_digest(config, today=DAY)
    pipeline.send(config, today=DAY)
    message = read_eml(next((config.outbox_dir / DAY.isoformat()).glob("demo*.eml")))
    unsubscribe = link(message, "/unsubscribe")

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "digest", "serve", "--config", str(project / "config.toml"),
         "--port", "0"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        assert first.startswith("Serving at http://127.0.0.1:"), first + server.stderr.read()
        base = first.split()[2]
        port = int(base.rstrip("/").rsplit(":", 1)[1])

        status, page = fetch(base)
        assert status == 200 and 'href="2026-11-27/"' in page
        status, page = fetch(base + "latest")  # urllib follows the redirect
        assert status == 200 and "Daily Digest — Friday 27 November 2026" in page
        assert "_livereload" not in page  # only the preview reloads
        for target in ("/../secret.txt", "/%2e%2e/secret.txt", "/2026-11-27/..%2f..%2fsecret.txt"):
            reply = raw_request(port, "GET", target)
            assert reply.status == 400, target

        path = unsubscribe.split("127.0.0.1:8000", 1)[1]  # base_url is the default
        reply = raw_request(port, "POST", path, "List-Unsubscribe=One-Click",
                            {"Content-Type": "application/x-www-form-urlencoded"})
        assert reply.status == 200 and reply.getheader("Location") is None
        assert reply.getheader("Set-Cookie") is None
    finally:
        server.terminate()
        _, errors = server.communicate()
    assert "mailbox providers expect https://" in errors  # the http:// base_url warning
    with Store(config.store_path) as store:
        assert store.subscriber_status("demo@example.org") == "unsubscribed"


def test_serve_refuses_a_port_in_use(project: Path) -> None:
    import socket

    from click.testing import CliRunner

    from digest.cli import cli

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--config", str(project / "config.toml"),
                                          "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


# -- live reload ----------------------------------------------------------------------------


def test_the_reload_script_goes_before_the_end_of_body() -> None:
    reloader = Reloader()
    page = reloader.inject(b"<html><body><p>x</p></body></html>")
    assert page.startswith(b"<html><body><p>x</p><script>") and page.endswith(b"</body></html>")
    assert b"var version = 0;" in page
    assert reloader.inject(b"plain").startswith(b"plain<script>")


def test_a_waiting_page_hears_of_a_new_build() -> None:
    reloader = Reloader()
    assert reloader.wait(0, timeout=0) == 0  # nothing new
    assert reloader.wait(-1, timeout=0) == 0  # a page from another run reloads at once
    reloader.bump()
    assert json.loads(reloader.answer({"version": "0"})) == {"version": 1, "problem": ""}


def test_the_watcher_sees_changes_and_survives_a_failed_rebuild(tmp_path: Path) -> None:
    watched = tmp_path / "templates"
    watched.mkdir()
    (watched / "a.html").write_text("one")
    calls = []

    def rebuild() -> None:
        calls.append(1)
        raise RuntimeError("a broken template")

    watcher = Watcher(lambda: [watched, tmp_path / "config.toml"], rebuild)
    assert watcher.check() is False
    (watched / "a.html").write_text("two, longer")
    assert watcher.check() is True and len(calls) == 1
    assert watcher.check() is False
    (watched / ".a.html.swp").write_text("editor noise")
    assert watcher.check() is False
    (tmp_path / "config.toml").write_text("[digest]")
    assert watcher.check() is True
    st = (watched / "a.html").stat()
    os.utime(watched / "a.html", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert watcher.check() is True and len(calls) == 3


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    """A running preview of the project, with its own copy of the templates to edit."""
    shutil.copytree(SHIPPED_TEMPLATES, project / "mine")
    write_config(project, """
        [output]
        templates = "mine"
        """)
    running = start_preview(project / "config.toml", host="127.0.0.1", port=0,
                            today=lambda: DAY, interval=0.02)
    yield running
    running.stop()


def wait_for_build(preview: Preview, seen: int) -> int:
    """Long-poll the server as the page's script does, until a newer build is announced."""
    _, body = fetch(f"{preview.url}_livereload?version={seen}&timeout=60")
    version = json.loads(body)["version"]
    assert version != seen, "no rebuild was announced"
    return version


def test_preview_rebuilds_and_the_page_is_told_to_reload(preview: Preview, project: Path) -> None:
    status, page = fetch(preview.url + "latest")
    assert status == 200 and "/_livereload?version=" in page
    version = preview.reloader.version
    assert f"var version = {version};" in page
    _, email_page = fetch(preview.url + "2026-11-27/email")
    assert "/_livereload" in email_page  # the preview page reloads, and its frame with it
    _, received = fetch(preview.url + "2026-11-27/email.html")
    assert "/_livereload" not in received  # the email itself stays as received

    # a new source file
    (project / "seeds" / "999_breaking.txt").write_text(
        "date 2026-11-27 Home » World\n\nBreaking late story\n\nA late story arrived. "
        "It says something new.\n", encoding="utf-8")
    version = wait_for_build(preview, version)
    assert "Breaking late story" in fetch(preview.url + "2026-11-27/")[1]

    # a template
    template = project / "mine" / "digest.html"
    template.write_text(template.read_text().replace("<main>", "<main><p>EDITED</p>"))
    version = wait_for_build(preview, version)
    assert "<p>EDITED</p>" in fetch(preview.url + "2026-11-27/")[1]

    # the config
    config = project / "config.toml"
    config.write_text(config.read_text() + '\n[digest]\ntitle = "Evening Post"\n')
    version = wait_for_build(preview, version)
    _, page = fetch(preview.url + "2026-11-27/")
    assert "Evening Post — Friday 27 November 2026" in page


def test_preview_keeps_serving_through_a_broken_config(preview: Preview, project: Path) -> None:
    version = preview.reloader.version
    (project / "config.toml").write_text("[digest\n")
    version = wait_for_build(preview, version)
    _, answer = fetch(f"{preview.url}_livereload?version={version - 1}")
    assert "not valid TOML" in json.loads(answer)["problem"]
    assert fetch(preview.url + "2026-11-27/")[0] == 200
    # fixed again: the next build succeeds and the problem clears
    write_config(project, '[output]\ntemplates = "mine"\n')
    wait_for_build(preview, version)
    assert preview.reloader.problem == ""


def test_digest_preview_command_builds_and_serves(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "digest", "preview", "--config", "config.toml", "--no-open",
         "--port", "0", "--date", "2026-11-27"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        assert first.startswith("Previewing at http://127.0.0.1:"), first + server.stderr.read()
        status, page = fetch(first.split()[2])  # …/latest, built by the preview itself
        assert status == 200 and "Daily Digest — Friday 27 November 2026" in page
        assert "/_livereload?version=" in page
    finally:
        server.terminate()
        server.communicate()
