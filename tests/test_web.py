from __future__ import annotations

import datetime as dt
import email.message
import email.policy
import re
from pathlib import Path

import pytest

from digest import build as pipeline
from digest.config import Config, load_config
from digest.context import UNSUBSCRIBE_MARKER
from digest.deliver import OutboxTransport
from digest.errors import DigestError
from digest.store import Store
from digest.tokens import TokenClaims, load_secret, sign
from digest.web import PREVIEW_SUBSCRIBER, WebApp, base_url_warning

from .conftest import write_config
from .webclient import Client, link, local, read_eml

DAY = dt.date(2026, 11, 27)
START = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.time = start

    def __call__(self) -> dt.datetime:
        return self.time

    def advance(self, **delta: float) -> None:
        self.time += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def built(config: Config) -> Config:
    """A project whose digest for DAY is built."""
    assert pipeline.build_digest(config, today=DAY).digest is not None
    return config


@pytest.fixture
def client(built: Config, clock: Clock) -> Client:
    return Client(WebApp(built, now=clock))


def send_digest(config: Config, clock: Clock, day: dt.date = DAY) -> list[str]:
    """Deliver `day`'s digest to the outbox; the addresses it went to."""
    return pipeline.send(config, today=day, now=clock).sent


def sent_message(config: Config, address: str, day: dt.date = DAY) -> email.message.EmailMessage:
    """The digest the outbox transport wrote for one subscriber."""
    messages = [read_eml(p) for p in (config.outbox_dir / day.isoformat()).glob("*.eml")]
    (message,) = [m for m in messages if address in str(m["To"])]
    return message


def status(config: Config, address: str) -> str | None:
    with Store(config.store_path) as store:
        return store.subscriber_status(address)


# -- archive, digest pages, /latest -------------------------------------------------------------


def test_archive_lists_the_digests(client: Client) -> None:
    reply = client.get("/")
    assert reply.status == 200
    assert 'href="2026-11-27/"' in reply.text
    assert "Friday 27 November 2026" in reply.text


def test_archive_before_any_build_says_so(config: Config) -> None:
    reply = Client(WebApp(config)).get("/")
    assert reply.status == 200 and "No digests yet" in reply.text
    assert Client(WebApp(config)).get("/latest").status == 404


def test_a_dated_digest_page(client: Client, built: Config) -> None:
    reply = client.get("/2026-11-27/")
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.body == (built.output_dir / "2026-11-27" / "index.html").read_bytes()
    slashless = client.get("/2026-11-27")
    assert slashless.status == 301 and slashless.headers["location"] == "2026-11-27/"


def test_static_files_have_their_type(client: Client) -> None:
    reply = client.get("/2026-11-27/digest.json")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/json; charset=utf-8"
    assert '"date": "2026-11-27"' in reply.text


def test_latest_redirects_to_the_newest_digest(built: Config, clock: Clock) -> None:
    (built.root / "seeds" / "999_later.txt").write_text(
        "date 2026-11-28 Home » World\n\nA later story\n\nSomething happened on the next day. "
        "It was reported widely.\n", encoding="utf-8")
    assert pipeline.build_digest(built, today=dt.date(2026, 11, 28)).digest is not None
    reply = Client(WebApp(built, now=clock)).get("/latest")
    assert reply.status == 302
    assert reply.headers["location"] == "2026-11-28/"
    assert reply.body == b""


def test_unknown_pages_are_404(client: Client) -> None:
    for path in ("/nothing.html", "/2026-01-01/", "/2026-01-01/email", "/2026-13-45/email"):
        reply = client.get(path)
        assert reply.status == 404, path
        assert "not found" in reply.text.lower()


def test_head_has_no_body_and_other_methods_are_refused(client: Client) -> None:
    head = client.request("HEAD", "/2026-11-27/")
    assert head.status == 200 and head.body == b"" and int(head.headers["content-length"]) > 0
    assert client.request("PUT", "/2026-11-27/").status == 405
    assert client.request("DELETE", "/unsubscribe").status == 405
    assert client.post("/2026-11-27/").status == 405


# -- the email as received ------------------------------------------------------------------


def _without_tokens(text: str) -> str:
    return re.sub(r"token=[\w.=-]+", "token=T", text)


def test_the_email_preview_is_exactly_what_a_subscriber_receives(client: Client, built: Config,
                                                                  clock: Clock) -> None:
    assert "demo@example.org" in send_digest(built, clock)
    received = sent_message(built, "demo@example.org")
    html_part = received.get_body(("html",)).get_content()
    text_part = received.get_body(("plain",)).get_content()

    shown_html = client.get("/2026-11-27/email.html")
    assert shown_html.status == 200
    assert shown_html.headers["content-type"] == "text/html; charset=utf-8"
    # the same bytes but for the per-subscriber unsubscribe token
    assert _without_tokens(shown_html.text) == _without_tokens(html_part)
    assert UNSUBSCRIBE_MARKER not in shown_html.text and "/unsubscribe?token=" in shown_html.text

    shown_text = client.get("/2026-11-27/email.txt")
    assert shown_text.headers["content-type"] == "text/plain; charset=utf-8"
    assert _without_tokens(shown_text.text) == _without_tokens(text_part)
    assert shown_text.text != (built.output_dir / "2026-11-27" / "email.txt").read_text()


def test_the_email_preview_page_toggles_desktop_and_mobile(client: Client) -> None:
    desktop = client.get("/2026-11-27/email")
    assert desktop.status == 200
    assert 'src="email.html"' in desktop.text and "width: 1000px" in desktop.text
    assert "Daily Digest — Friday 27 November 2026" in desktop.text  # the subject
    assert PREVIEW_SUBSCRIBER.email in desktop.text
    assert 'href="?width=mobile"' in desktop.text and 'href="email.txt"' in desktop.text
    mobile = client.get("/2026-11-27/email?width=mobile")
    assert "width: 375px" in mobile.text
    assert re.search(r'id="width-mobile" aria-current', mobile.text)
    odd = client.get("/2026-11-27/email?width=%3Cscript%3E")
    assert odd.status == 200 and "width: 1000px" in odd.text and "<script>" not in odd.text


# -- refusing paths outside the output folder ----------------------------------------------


@pytest.fixture
def secret_beside(built: Config) -> Config:
    """A file next to the output folder that must never be served, and a link out of it."""
    (built.root / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    (built.output_dir / "link.txt").symlink_to(built.root / "secret.txt")
    return built


@pytest.mark.parametrize("path", [
    "/../secret.txt",
    "/2026-11-27/../../secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e/secret.txt",
    "/%252e%252e/secret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
    "//etc/passwd",
    "/C:/Windows/win.ini",
    "/.hidden",
    "/2026-11-27/.index.html.tmp",
    "/link.txt",
    "/a\0b",
])
def test_requests_outside_the_output_folder_are_refused(secret_beside: Config, clock: Clock,
                                                        path: str) -> None:
    reply = Client(WebApp(secret_beside, now=clock)).get(path)
    assert reply.status == 400, path
    assert "TOP-SECRET" not in reply.text


def test_an_absolute_path_in_the_request_is_refused(secret_beside: Config, clock: Clock) -> None:
    absolute = str(secret_beside.root / "secret.txt")
    reply = Client(WebApp(secret_beside, now=clock)).get("/" + absolute)
    assert reply.status == 400 and "TOP-SECRET" not in reply.text


# -- unsubscribe ------------------------------------------------------------------------------


def test_unsubscribe_get_asks_and_never_unsubscribes(client: Client, built: Config,
                                                     clock: Clock) -> None:
    send_digest(built, clock)
    url = link(sent_message(built, "demo@example.org"), "/unsubscribe")
    assert url.startswith(built.delivery.base_url + "/unsubscribe?token=")
    for _ in range(2):
        reply = client.get(local(url))
        assert reply.status == 200
        assert "demo@example.org" in reply.text and "<form method=\"post\"" in reply.text
        assert 'name="List-Unsubscribe" value="One-Click"' in reply.text
        assert reply.headers["cache-control"] == "no-store"
        assert reply.headers["referrer-policy"] == "no-referrer"
    assert status(built, "demo@example.org") == "active"


def test_one_click_unsubscribe_rfc8058(client: Client, built: Config, clock: Clock) -> None:
    send_digest(built, clock)
    url = link(sent_message(built, "demo@example.org"), "/unsubscribe")
    reply = client.post(local(url), {"List-Unsubscribe": "One-Click"})
    assert 200 <= reply.status < 300
    assert "location" not in reply.headers and "set-cookie" not in reply.headers
    assert "You are unsubscribed" in reply.text
    assert status(built, "demo@example.org") == "unsubscribed"
    # repeating it is harmless
    assert client.post(local(url), {"List-Unsubscribe": "One-Click"}).status == 200

    # the next digest goes to everyone else, not to them
    (built.root / "seeds" / "999_later.txt").write_text(
        "date 2026-11-28 Home » World\n\nA later story\n\nSomething happened the next day.\n",
        encoding="utf-8")
    next_day = dt.date(2026, 11, 28)
    pipeline.build_digest(built, today=next_day)
    assert send_digest(built, clock, next_day) == ["second@example.org"]


def test_one_click_unsubscribe_as_multipart(client: Client, built: Config) -> None:
    token = sign(TokenClaims("second@example.org", built.list_id, "unsubscribe"),
                 load_secret(built.secret_key_path))
    boundary = "XyZ"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
            f"One-Click\r\n--{boundary}--\r\n").encode()
    reply = client.request("POST", f"/unsubscribe?token={token}", body=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert reply.status == 200
    assert status(built, "second@example.org") == "unsubscribed"


def test_a_post_without_one_click_does_not_unsubscribe(client: Client, built: Config) -> None:
    token = sign(TokenClaims("demo@example.org", built.list_id, "unsubscribe"),
                 load_secret(built.secret_key_path))
    for form in ({}, {"List-Unsubscribe": "yes"}):
        assert client.post(f"/unsubscribe?token={token}", form).status == 400
    assert status(built, "demo@example.org") == "active"


def _forged_tokens(config: Config) -> dict[str, str]:
    secret = load_secret(config.secret_key_path)
    genuine = sign(TokenClaims("demo@example.org", config.list_id, "unsubscribe"), secret)
    other = sign(TokenClaims("second@example.org", config.list_id, "unsubscribe"), secret)
    return {
        "empty": "",
        "garbage": "not-a-token",
        "three parts": genuine + ".x",
        "swapped payload": other.split(".")[0] + "." + genuine.split(".")[1],
        "truncated signature": genuine[:-4],
        "another key": sign(TokenClaims("demo@example.org", config.list_id, "unsubscribe"),
                            b"someone else's key"),
        "another list": sign(TokenClaims("demo@example.org", "other.list", "unsubscribe"),
                             secret),
        "confirm purpose": sign(TokenClaims("demo@example.org", config.list_id, "confirm"),
                                secret),
        "expired": sign(TokenClaims("demo@example.org", config.list_id, "unsubscribe", 1),
                        secret),
    }


def test_forged_or_malformed_unsubscribe_tokens_get_400_and_reveal_nothing(
        client: Client, built: Config) -> None:
    for name, token in _forged_tokens(built).items():
        one_click = {"List-Unsubscribe": "One-Click"}
        for reply in (client.get(f"/unsubscribe?token={token}"),
                      client.post(f"/unsubscribe?token={token}", one_click)):
            assert reply.status == 400, name
            assert "example.org" not in reply.text, name
            assert "not valid" in reply.text
    assert client.get("/unsubscribe").status == 400
    assert status(built, "demo@example.org") == "active"
    assert status(built, "second@example.org") == "active"


# -- subscribe with double opt-in -------------------------------------------------------------


def confirmations(config: Config) -> list[email.message.EmailMessage]:
    folder = config.outbox_dir / "confirmations"
    return [read_eml(p) for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def test_the_subscribe_form(client: Client) -> None:
    reply = client.get("/subscribe")
    assert reply.status == 200
    assert '<form method="post" action="subscribe">' in reply.text
    assert 'name="email"' in reply.text and 'type="email"' in reply.text


def test_double_opt_in(client: Client, built: Config, clock: Clock) -> None:
    reply = client.post("/subscribe", {"email": "new@example.net", "name": "New Reader"})
    assert reply.status == 200 and "Check your inbox" in reply.text
    assert status(built, "new@example.net") == "pending"
    (message,) = confirmations(built)
    assert message["To"] == "new@example.net"
    assert message["From"] == built.delivery.from_
    assert message["Subject"] == "Confirm your subscription to Daily Digest"
    url = link(message, "/confirm")
    assert url.startswith(built.delivery.base_url + "/confirm?token=")

    # pending subscribers get no digest
    assert "new@example.net" not in send_digest(built, clock)

    page = client.get(local(url))  # a link scanner opening it confirms nothing
    assert page.status == 200 and "Confirm subscription" in page.text
    assert status(built, "new@example.net") == "pending"
    done = client.post(local(url))
    assert done.status == 200 and "You are subscribed" in done.text
    assert status(built, "new@example.net") == "active"
    with Store(built.store_path) as store:
        (sub,) = [s for s in store.subscribers() if s.email == "new@example.net"]
    assert sub.name == "New Reader"


def test_a_confirmation_link_expires(client: Client, built: Config, clock: Clock) -> None:
    client.post("/subscribe", {"email": "late@example.net"})
    url = link(confirmations(built)[0], "/confirm")
    clock.advance(hours=built.server.confirm_hours, seconds=1)
    for reply in (client.get(local(url)), client.post(local(url))):
        assert reply.status == 400 and "late@example.net" not in reply.text
    assert status(built, "late@example.net") == "pending"


def test_forged_confirm_tokens_get_400(client: Client, built: Config) -> None:
    secret = load_secret(built.secret_key_path)
    client.post("/subscribe", {"email": "x@example.net"})
    forged = sign(TokenClaims("x@example.net", built.list_id, "unsubscribe"), secret)
    for token in ("", "bogus", forged, sign(TokenClaims("x@example.net", built.list_id,
                                                        "confirm"), b"wrong key")):
        assert client.post(f"/confirm?token={token}").status == 400
    assert status(built, "x@example.net") == "pending"


def test_repeated_requests_for_one_address_are_limited(client: Client, built: Config,
                                                       clock: Clock) -> None:
    limit = built.server.subscribe_limit
    for i in range(limit):
        address = "again@example.net" if i % 2 else "Again@example.net"
        assert client.post("/subscribe", {"email": address}).status == 200
        clock.advance(minutes=1)
    refused = client.post("/subscribe", {"email": "again@example.net"})
    assert refused.status == 429 and "try again" in refused.text.lower()
    assert len(confirmations(built)) == limit
    # another address is not affected, and the limit lifts after the window
    assert client.post("/subscribe", {"email": "other@example.net"}).status == 200
    clock.advance(hours=built.server.subscribe_window_hours)
    assert client.post("/subscribe", {"email": "again@example.net"}).status == 200
    assert len(confirmations(built)) == limit + 2


def test_the_limit_is_kept_in_the_store(built: Config, clock: Clock) -> None:
    for _ in range(built.server.subscribe_limit):
        Client(WebApp(built, now=clock)).post("/subscribe", {"email": "a@example.net"})
    # a new process (a restarted server) still knows
    assert Client(WebApp(load_config(built.root / "config.toml"), now=clock)).post(
        "/subscribe", {"email": "a@example.net"}).status == 429


@pytest.mark.parametrize("address", [
    "victim@example.net\r\nBcc: many@example.com",
    "victim@example.net\nBcc: many@example.com",
    "victim@example.net\rBcc: many@example.com",
    "victim@example.net%0d%0aBcc: many@example.com",
    "Victim <victim@example.net>, many@example.com",
])
def test_a_line_break_in_the_address_cannot_inject_headers(client: Client, built: Config,
                                                           address: str) -> None:
    reply = client.post("/subscribe", {"email": address, "name": "Ann\r\nBcc: x@example.com"})
    assert reply.status == 400
    assert confirmations(built) == []
    assert status(built, "victim@example.net") is None


def test_a_line_break_in_the_name_is_flattened(client: Client, built: Config) -> None:
    reply = client.post("/subscribe", {"email": "ann@example.net",
                                       "name": "Ann\r\nBcc: x@example.com"})
    assert reply.status == 200
    (message,) = confirmations(built)
    assert message["Bcc"] is None and message["To"] == "ann@example.net"
    with Store(built.store_path) as store:
        (sub,) = [s for s in store.subscribers() if s.email == "ann@example.net"]
    assert sub.name == "Ann Bcc: x@example.com"


def test_user_input_is_escaped(client: Client) -> None:
    reply = client.post("/subscribe", {"email": "<script>alert(1)</script>",
                                       "name": '"><img src=x onerror=alert(1)>'})
    assert reply.status == 400
    assert "<script>alert(1)" not in reply.text and "<img src=x" not in reply.text
    assert "&lt;script&gt;" in reply.text
    assert "&#34;&gt;&lt;img" in reply.text or "&quot;&gt;&lt;img" in reply.text


def test_an_active_subscriber_gets_the_same_page_and_no_email(client: Client,
                                                              built: Config) -> None:
    reply = client.post("/subscribe", {"email": "demo@example.org"})
    assert reply.status == 200 and "Check your inbox" in reply.text
    assert confirmations(built) == []
    assert status(built, "demo@example.org") == "active"


def test_an_unsubscribed_reader_can_come_back_through_the_opt_in(client: Client,
                                                                 built: Config) -> None:
    with Store(built.store_path) as store:
        store.set_subscriber_status("demo@example.org", "unsubscribed")
    client.post("/subscribe", {"email": "demo@example.org"})
    assert status(built, "demo@example.org") == "unsubscribed"  # not until confirmed
    client.post(local(link(confirmations(built)[0], "/confirm")))
    assert status(built, "demo@example.org") == "active"


def test_a_failed_confirmation_email_is_reported_and_the_request_kept(project: Path,
                                                                      clock: Clock) -> None:
    import socket

    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write_config(project, f"""
        [delivery]
        transport = "smtp"
        [delivery.smtp]
        host = "127.0.0.1"
        port = {port}
        security = "none"
        timeout = 5.0
        """)
    config = load_config(project / "config.toml")
    reply = Client(WebApp(config, now=clock)).post("/subscribe", {"email": "n@example.net"})
    assert reply.status == 503 and "try again later" in reply.text.lower()
    assert status(config, "n@example.net") == "pending"


def test_an_oversized_form_is_refused(client: Client) -> None:
    reply = client.post("/subscribe", {"email": "a" * 20_000 + "@example.net"})
    assert reply.status == 413


# -- base_url -----------------------------------------------------------------------------


def test_base_url_http_is_accepted_with_a_warning() -> None:
    assert "https" in base_url_warning("http://127.0.0.1:8000")
    assert base_url_warning("https://news.example.org") is None
    for bad in ("ftp://example.org", "news.example.org", "https://"):
        with pytest.raises(DigestError):
            base_url_warning(bad)


def test_links_in_the_confirmation_follow_base_url(project: Path, clock: Clock) -> None:
    write_config(project, """
        [delivery]
        base_url = "https://news.example.org/digest/"
        """)
    config = load_config(project / "config.toml")
    Client(WebApp(config, now=clock)).post("/subscribe", {"email": "b@example.net"})
    transport_folder = config.outbox_dir / "confirmations"
    (path,) = transport_folder.glob("*.eml")
    assert link(read_eml(path), "/confirm").startswith(
        "https://news.example.org/digest/confirm?token=")
    assert isinstance(OutboxTransport(config.outbox_dir), OutboxTransport)


def test_a_broken_user_template_gives_a_plain_500(project: Path, clock: Clock) -> None:
    (project / "mine" / "web").mkdir(parents=True)
    (project / "mine" / "web" / "subscribe.html").write_text("{% broken %}")
    write_config(project, '[output]\ntemplates = "mine"\n')
    reply = Client(WebApp(load_config(project / "config.toml"), now=clock)).get("/subscribe")
    assert reply.status == 500 and reply.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(("toml", "message"), [
    ("[server]\nport = 70000\n", "server.port: expected 0 to 65535"),
    ("[server]\nsubscribe_limit = 0\n", "server.subscribe_limit: expected at least 1"),
    ("[server]\nconfirm_hours = \"2\"\n", "server.confirm_hours: expected integer"),
    ("[server]\nhots = \"x\"\n", "server.hots: unknown key"),
])
def test_server_settings_are_checked(project: Path, toml: str, message: str) -> None:
    write_config(project, toml)
    with pytest.raises(DigestError, match=re.escape(message)):
        load_config(project / "config.toml")


def test_the_confirmation_goes_through_a_real_smtp_server(project: Path, clock: Clock) -> None:
    import email as email_lib
    import socket

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.envelopes: list = []

        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
            self.envelopes.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        write_config(project, f"""
            [delivery]
            transport = "smtp"
            [delivery.smtp]
            host = "127.0.0.1"
            port = {port}
            security = "none"
            """)
        config = load_config(project / "config.toml")
        client = Client(WebApp(config, now=clock))
        assert client.post("/subscribe", {"email": "smtp@example.net"}).status == 200
    finally:
        controller.stop()
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["smtp@example.net"]
    message = email_lib.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["To"] == "smtp@example.net"
    assert client.post(local(link(message, "/confirm"))).status == 200
    assert status(config, "smtp@example.net") == "active"
