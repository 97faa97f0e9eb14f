"""The pages in a real browser: headless Chromium driven by Playwright, with screenshots."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest import build as pipeline
from digest.config import load_config
from digest.render import SHIPPED_TEMPLATES
from digest.serve import Preview, start_preview
from digest.store import Store

from .conftest import ARTIFACTS, write_config
from .webclient import link, local, read_eml

pytestmark = pytest.mark.external

DAY = dt.date(2026, 11, 27)
@pytest.fixture
def site(project: Path) -> Iterator[Preview]:
    """A live preview of the sample digest, already sent to the demo subscribers."""
    shutil.copytree(SHIPPED_TEMPLATES, project / "mine")
    write_config(project, '[output]\ntemplates = "mine"\n')
    running = start_preview(project / "config.toml", host="127.0.0.1", port=0,
                            today=lambda: DAY, interval=0.05)
    pipeline.send(running.app.config, today=DAY)
    yield running
    running.stop()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


def on_site(site: Preview, url: str) -> str:
    """A link from an email (which points at delivery.base_url), on the test server."""
    return site.url + local(url).lstrip("/")


def test_archive_digest_and_live_reload(site: Preview, page, project: Path) -> None:
    page.goto(site.url)
    assert page.locator("h1").inner_text() == "Daily Digest"  # the archive, titled by the list
    shot(page, "archive")
    page.get_by_role("link", name="Friday 27 November 2026").click()
    page.wait_for_url(site.url + "2026-11-27/")
    assert page.title() == "Daily Digest — Friday 27 November 2026"
    assert page.locator("article").count() >= 10
    shot(page, "digest")

    # edit a template: the open page reloads by itself
    template = project / "mine" / "digest.html"
    template.write_text(template.read_text().replace("<main>", '<main><p id="edited">EDITED</p>'))
    page.locator("#edited").wait_for()
    assert page.locator("#edited").inner_text() == "EDITED"


def test_email_preview_switches_to_mobile(site: Preview, page) -> None:
    page.goto(site.url + "2026-11-27/email")
    frame = page.locator("iframe#email")
    assert frame.bounding_box()["width"] == pytest.approx(1000, abs=2)
    inner = page.frame_locator("iframe#email")
    assert "Friday 27 November 2026 · 10 articles" in inner.locator("body").inner_text()
    shot(page, "email-desktop")

    page.get_by_role("link", name="Mobile").click()
    page.wait_for_url("**/email?width=mobile")
    assert frame.bounding_box()["width"] == pytest.approx(375, abs=2)
    # inside, the email lays itself out for a phone: nothing wider than the screen
    inner_width = page.frames[1].evaluate("document.documentElement.scrollWidth")
    assert inner_width <= 375
    shot(page, "email-mobile")

    page.get_by_role("link", name="Plain text").click()
    assert "Daily Digest" in page.locator("body").inner_text()


def test_unsubscribe_flow(site: Preview, page) -> None:
    config = site.app.config
    message = read_eml(next((config.outbox_dir / DAY.isoformat()).glob("demo*.eml")))
    page.goto(on_site(site, link(message, "/unsubscribe")))
    assert "Unsubscribe from Daily Digest?" in page.locator("h1").inner_text()
    assert "demo@example.org" in page.locator("main").inner_text()
    shot(page, "unsubscribe-ask")
    with Store(config.store_path) as store:
        assert store.subscriber_status("demo@example.org") == "active"

    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    shot(page, "unsubscribe-done")
    with Store(config.store_path) as store:
        assert store.subscriber_status("demo@example.org") == "unsubscribed"


def test_subscribe_flow(site: Preview, page) -> None:
    config = load_config(site.app.config.root / "config.toml")
    page.goto(site.url + "subscribe")
    page.get_by_label("Email address").fill("newcomer@example.net")
    page.get_by_label("Name").fill("New Comer")
    shot(page, "subscribe-form")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    shot(page, "subscribe-sent")
    with Store(config.store_path) as store:
        assert store.subscriber_status("newcomer@example.net") == "pending"

    (path,) = (config.outbox_dir / "confirmations").glob("newcomer*.eml")
    page.goto(on_site(site, link(read_eml(path), "/confirm")))
    page.get_by_role("button", name="Confirm subscription").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    shot(page, "subscribe-confirmed")
    with Store(config.store_path) as store:
        assert store.subscriber_status("newcomer@example.net") == "active"


def test_a_bad_address_is_shown_back_escaped(site: Preview, page) -> None:
    page.goto(site.url + "subscribe")
    page.evaluate("document.getElementById('email').type = 'text'")  # past the browser's check
    page.get_by_label("Email address").fill("<b>bold</b>")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("alert").wait_for()
    assert page.locator("b").count() == 0
    assert page.get_by_label("Email address").input_value() == "<b>bold</b>"
    shot(page, "subscribe-error")
