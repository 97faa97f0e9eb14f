"""Live preview: watch templates, config and sources; rebuild; tell open pages to reload."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

# asks the server, by long polling, for the build version; a newer one reloads the page
SCRIPT = """<script>
(function () {
  var version = %d;
  function poll() {
    fetch("/_livereload?version=" + version, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (d.version === version) { poll(); return; }
        if (!d.problem) { location.reload(); return; }
        // the rebuild failed: say why on the page and wait for the next one
        version = d.version;
        var box = document.getElementById("digest-problem") || document.createElement("pre");
        box.id = "digest-problem";
        box.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;padding:1em;" +
          "background:#b3261e;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;z-index:9999";
        box.textContent = "digest preview: " + d.problem;
        document.body.appendChild(box);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"""


class Reloader:
    """A build counter that pages can wait on."""

    def __init__(self) -> None:
        self.version = 0
        self.problem = ""  # the last rebuild's error, shown in the log
        self._changed = threading.Condition()

    def bump(self) -> None:
        """A rebuild finished: wake every waiting page."""
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait(self, seen: int, *, timeout: float) -> int:
        """The version once it differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def inject(self, page: bytes) -> bytes:
        """The page with the reload script before </body> (or at the end)."""
        script = (SCRIPT % self.version).encode("utf-8")
        at = page.lower().rfind(b"</body>")
        return page + script if at < 0 else page[:at] + script + page[at:]

    def answer(self, query: dict[str, str], *, timeout: float = 25.0) -> bytes:
        """The body of /_livereload: waits for a version other than the one the page has."""
        try:
            seen = int(query.get("version", ""))
        except ValueError:
            seen = -1
        try:
            timeout = min(timeout, float(query.get("timeout", timeout)))
        except ValueError:
            pass
        version = self.wait(seen, timeout=max(timeout, 0.0))
        return json.dumps({"version": version, "problem": self.problem}).encode()


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under the given files and folders."""
    seen: dict[str, tuple[int, int]] = {}
    for path in paths:
        if path.is_file():
            found: Iterable[Path] = [path]
        elif path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file())
        else:
            continue
        for file in found:
            if any(part.startswith(".") for part in file.relative_to(path.parent).parts):
                continue  # editors' swap files and our own atomic-write temporaries
            try:
                st = file.stat()
            except OSError:
                continue
            seen[os.fspath(file)] = (st.st_mtime_ns, st.st_size)
    return seen


class Watcher:
    """Polls file times on a background thread and calls `on_change` when any differ."""

    def __init__(self, paths: Callable[[], list[Path]], on_change: Callable[[], None], *,
                 interval: float = 0.5) -> None:
        self.paths = paths  # a function: the config may add folders when it changes
        self.on_change = on_change
        self.interval = interval
        self.stop_event = threading.Event()
        self.state = snapshot(self.paths())
        self.thread = threading.Thread(target=self._run, name="digest-watcher", daemon=True)

    def check(self) -> bool:
        """Look once; rebuild when something changed. True if it did."""
        state = snapshot(self.paths())
        if state == self.state:
            return False
        changed = sorted(set(state.items()) ^ set(self.state.items()))
        logger.info("changed: %s", ", ".join(sorted({name for name, _ in changed})))
        self.state = state
        try:
            self.on_change()
        except Exception:  # a broken template must not stop the preview
            logger.exception("rebuild failed")
        return True

    def _run(self) -> None:
        while not self.stop_event.wait(self.interval):
            self.check()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        if self.thread.is_alive():
            self.thread.join()
