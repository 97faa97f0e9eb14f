"""Every message: the parts, the headers mailbox providers check, unsubscribe links, DKIM."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import html
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from digest import render
from digest.build import open_store, run_daily
from digest.config import load_config
from digest.message import compose, message_id, prepare_email, unsubscribe_url
from digest.models import Subscriber
from digest.render import RenderedDigest, load_rendered
from digest.tokens import BadToken, verify

from .conftest import write_config
from .smtp_sink import DAY, FakeClock, Sink, built_project, send_with, smtp_config, smtp_server

SECRET = "test-secret-key"
NOW = dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)
READER = Subscriber("ada@example.net", "Ada Reader")


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DIGEST_SECRET_KEY", SECRET)
    folder = built_project(tmp_path_factory, tmp_path / "project")
    write_config(folder, """
        [delivery]
        from = "The Harbour Digest <news@harbour.example>"
        reply_to = "Editors <editors@harbour.example>"
        base_url = "https://news.harbour.example/digest"
        """)
    return folder


def _compose(folder: Path, subscriber: Subscriber = READER, **kwargs: object):  # noqa: ANN202
    config = load_config(folder / "config.toml")
    prepared = prepare_email(load_rendered(config, DAY),
                             title="Daily Digest — Friday 27 November 2026")
    return compose(config, prepared, date=DAY, subscriber=subscriber, now=NOW,
                   secret=SECRET.encode(), **kwargs)  # type: ignore[arg-type]


def _parsed(message) -> email.message.EmailMessage:  # noqa: ANN001
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_parts_and_headers(folder: Path) -> None:
    message = _parsed(_compose(folder))
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert [p.get_content_charset() for p in parts] == ["utf-8", "utf-8"]
    assert message["Subject"] == "Daily Digest — Friday 27 November 2026"
    assert message["From"] == "The Harbour Digest <news@harbour.example>"
    assert message["Reply-To"] == "Editors <editors@harbour.example>"
    assert message["To"] == "Ada Reader <ada@example.net>"
    assert email.utils.parsedate_to_datetime(message["Date"]) == NOW
    assert message["MIME-Version"] == "1.0"
    assert message["List-Id"] == '"Daily Digest" <digest.harbour.example>'
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_message_id_is_the_same_for_the_same_digest_and_subscriber(folder: Path) -> None:
    first, second = _compose(folder), _compose(folder)
    assert first["Message-ID"] == second["Message-ID"]
    assert re.fullmatch(r"<digest-20261127-[0-9a-f]{24}@harbour\.example>", first["Message-ID"])
    other = _compose(folder, Subscriber("bob@example.net"))
    assert other["Message-ID"] != first["Message-ID"]
    sender = "news@harbour.example"
    assert message_id(DAY, "ADA@example.net", sender) == message_id(DAY, READER.email, sender)
    assert message_id(DAY + dt.timedelta(days=1), READER.email, sender) != first["Message-ID"]


def test_unsubscribe_links_carry_an_unforgeable_token_for_the_subscriber_and_list(
    folder: Path,
) -> None:
    message = _parsed(_compose(folder))
    links = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    https, mailto = links
    assert https.startswith("https://news.harbour.example/digest/unsubscribe?token=")
    assert mailto.startswith("mailto:news@harbour.example?subject=unsubscribe%20")
    token = parse_qs(urlsplit(https).query)["token"][0]
    claims = verify(token, SECRET.encode(), purpose="unsubscribe", now=time.time())
    assert (claims.email, claims.list_id) == ("ada@example.net", "digest.harbour.example")
    assert unquote(mailto.partition("subject=")[2]) == f"unsubscribe {token}"

    # visible in both parts, exactly the header's link
    text, page = (p.get_content() for p in message.iter_parts())
    assert f"Unsubscribe: {https}" in text
    assert f'href="{https}"' in page

    # another subscriber's token differs, and a token cannot be forged or altered
    other = unsubscribe_url(load_config(folder / "config.toml"), Subscriber("bob@example.net"),
                            SECRET.encode())
    assert other != https
    payload, mac = token.split(".")
    forged_payload = base64.urlsafe_b64encode(
        base64.urlsafe_b64decode(payload + "==").replace(b"ada@", b"eve@")).decode().rstrip("=")
    for bad in (f"{forged_payload}.{mac}", token[:-2] + "AA"):
        with pytest.raises(BadToken):
            verify(bad, SECRET.encode(), purpose="unsubscribe", now=time.time())
    with pytest.raises(BadToken):
        verify(token, b"another secret", purpose="unsubscribe", now=time.time())


def test_a_template_without_the_unsubscribe_link_still_gets_one_in_both_parts(
    folder: Path,
) -> None:
    from digest.context import UNSUBSCRIBE_MARKER
    from digest.message import with_visible_unsubscribe

    rendered = RenderedDigest(folder, "<html><body><p>Hello</p></body></html>", "Hello\n")
    fixed = with_visible_unsubscribe(rendered)
    assert UNSUBSCRIBE_MARKER in fixed.email_text
    assert fixed.email_html.index(UNSUBSCRIBE_MARKER) < fixed.email_html.index("</body>")


def test_a_name_with_a_line_break_cannot_inject_headers(folder: Path) -> None:
    for name in ("Ada\r\nBcc: x@evil.example", "Ada, Eve <x@evil.example>"):
        message = _parsed(_compose(folder, Subscriber("ada@example.net", name)))
        assert message["Bcc"] is None
        assert [a.addr_spec for a in message["To"].addresses] == ["ada@example.net"]


def test_the_email_template_is_compiled_once_per_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import shutil

    from .conftest import ROOT

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    write_config(tmp_path)
    config = load_config(tmp_path / "config.toml")
    with open_store(config) as store:
        for i in range(5):
            store.add_subscriber(f"reader{i}@example.net")
    calls = []
    real = render.compile_email

    def counting(source: str) -> str:
        calls.append(source)
        return real(source)

    monkeypatch.setattr(render, "compile_email", counting)
    result = run_daily(config, today=DAY)
    assert len(result.send.sent) == 7
    assert len(calls) == 1
    # the seven messages differ only in the per-subscriber link
    files = sorted((tmp_path / "outbox" / DAY.isoformat()).iterdir())
    assert len(files) == 7
    contents = set()
    for file in files:
        message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
        url = re.search(r"<(https?://[^>]+)>", message["List-Unsubscribe"]).group(1)
        text, page = (p.get_content() for p in message.iter_parts())
        assert url in text and html.escape(url) in page
        contents.add((text.replace(url, "URL"), page.replace(html.escape(url), "URL")))
    assert len(contents) == 1


def _dkim_key(folder: Path) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    (folder / "dkim.pem").write_bytes(pem)
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def _dns(record: bytes):  # noqa: ANN202
    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        return record if name == b"mail._domainkey.harbour.example." else None
    return lookup


DKIM_TOML = """
    [delivery.dkim]
    domain = "harbour.example"
    selector = "mail"
    key_file = "dkim.pem"
    """


@pytest.mark.parametrize("header", ["From", "Subject", "List-Unsubscribe",
                                    "List-Unsubscribe-Post"])
def test_dkim_signature_verifies_and_fails_when_a_signed_header_changes(
    folder: Path, header: str,
) -> None:
    record = _dkim_key(folder)
    with (folder / "config.toml").open("a") as handle:
        handle.write(DKIM_TOML.replace("    ", ""))
    config = load_config(folder / "config.toml")
    from digest.message import make_signer

    raw = _compose(folder, signer=make_signer(config)).as_bytes()
    assert raw.startswith(b"DKIM-Signature:")
    assert dkim.verify(raw, dnsfunc=_dns(record))
    signed = re.search(rb"h=([^;]+);", raw.replace(b"\r\n", b"").replace(b" ", b"")).group(1)
    assert header.lower().encode() in signed.lower().split(b":")

    pattern = re.compile(rb"^(" + header.encode() + rb": )(.*)$", re.M | re.I)
    tampered = pattern.sub(lambda m: m.group(1) + b"X" + m.group(2), raw, count=1)
    assert tampered != raw
    assert not dkim.verify(tampered, dnsfunc=_dns(record))


def test_dkim_survives_the_trip_through_a_real_smtp_server(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path,
) -> None:
    folder = built_project(tmp_path_factory, tmp_path / "project")
    record = _dkim_key(folder)
    sink = Sink()
    with smtp_server(sink) as port:
        smtp_config(folder, port, delivery='from = "Digest <news@harbour.example>"',
                    extra=DKIM_TOML)
        report = send_with(load_config(folder / "config.toml"), FakeClock())
    assert len(report.sent) == 2
    for _, raw in sink.received:
        assert dkim.verify(raw, dnsfunc=_dns(record))


def test_bodies_are_the_rendered_parts_with_the_link_in_short_encoded_lines(folder: Path) -> None:
    from digest.context import UNSUBSCRIBE_MARKER

    config = load_config(folder / "config.toml")
    rendered = load_rendered(config, DAY)
    message = _compose(folder)
    url = unsubscribe_url(config, READER, SECRET.encode())
    raw = message.as_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert max(len(line) for line in body.split(b"\r\n")) <= 76  # RFC 2045's limit
    assert b"\x00" not in raw
    # CRLF is MIME's line break on the wire; clients show it as a line break
    text, page = (p.get_content().replace("\r\n", "\n") for p in _parsed(message).iter_parts())
    assert text == rendered.email_text.replace(UNSUBSCRIBE_MARKER, url)
    assert page == rendered.email_html.replace(UNSUBSCRIBE_MARKER, html.escape(url))
    assert len(raw) < 100_000  # under Gmail's clipping size, link and headers included


def test_the_transport_writes_the_same_bytes_as_the_stdlib_generator(folder: Path) -> None:
    import io
    from email.generator import BytesGenerator

    from digest.message import POLICY
    from digest.transports import _WireGenerator

    message = _compose(folder)
    ours, stdlib = io.BytesIO(), io.BytesIO()
    _WireGenerator(ours, policy=POLICY).flatten(message, linesep="\r\n")
    BytesGenerator(stdlib, policy=POLICY).flatten(message, linesep="\r\n")
    assert ours.getvalue() == stdlib.getvalue()


@pytest.mark.parametrize("value", ["a\nBcc: x@evil.example", "a\rBcc: x@evil.example",
                                   "a\r\nBcc: x@evil.example"])
def test_a_raw_header_can_never_carry_a_line_break(value: str) -> None:
    from digest.message import RAW

    message = email.message.EmailMessage(policy=RAW)
    with pytest.raises(ValueError, match="line break"):
        message["Subject"] = value
    message["Subject"] = "folded\r\n continuation"  # a folded header is fine


def test_compose_also_takes_a_rendered_digest_for_a_single_message(folder: Path) -> None:
    # the web preview composes one message straight from the rendered digest
    config = load_config(folder / "config.toml")
    rendered = load_rendered(config, DAY)
    message = compose(config, rendered, date=DAY, title="Daily Digest — Friday 27 November 2026",
                      subscriber=READER, now=NOW, secret=SECRET.encode())
    url = unsubscribe_url(config, READER, SECRET.encode())
    assert html.escape(url) in message.get_body(("html",)).get_content()
    assert url in message.get_body(("plain",)).get_content()
    prepared_first = _compose(folder)
    assert [p.get_content() for p in message.iter_parts()] == [
        p.get_content() for p in prepared_first.iter_parts()]
    with pytest.raises(TypeError, match="title"):
        compose(config, rendered, date=DAY, subscriber=READER, now=NOW, secret=SECRET.encode())
