"""Sending through a real SMTP server (aiosmtpd on 127.0.0.1): one connection, refusals, retries."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.build import open_store
from digest.errors import DeliveryError
from digest.transports import Pacer

from .conftest import require_external
from .smtp_sink import (
    DAY,
    FakeClock,
    Sink,
    built_project,
    make_certificate,
    send_with,
    smtp_config,
    smtp_server,
)

INITIAL = ["demo@example.org", "second@example.org"]  # conftest's subscribers.initial


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return built_project(tmp_path_factory, tmp_path / "project")


def test_one_connection_carries_every_message_and_a_rerun_sends_nothing(folder: Path) -> None:
    sink = Sink()
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=8)
        report = send_with(config, FakeClock())
        assert len(report.sent) == 10 and not report.failed
        assert len(sink.sessions) == 1
        assert sorted(sink.count()) == sorted(
            INITIAL + [f"reader{i:03d}@example.net" for i in range(8)])
        assert set(sink.count().values()) == {1}

        again = send_with(config, FakeClock())
        assert again.sent == [] and len(again.skipped) == 10
        assert len(sink.received) == 10
    with open_store(config) as store:
        assert {d.status for d in store.deliveries(DAY)} == {"sent"}


def test_a_550_fails_that_delivery_for_good_and_marks_the_address_bounced(folder: Path) -> None:
    sink = Sink(refuse={"reader001@example.net": "550 5.1.1 no such user"})
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=3)
        clock = FakeClock()
        report = send_with(config, clock)
        assert report.failed == ["reader001@example.net"]
        assert len(report.sent) == 4 and clock.waits == []  # never retried
        assert "reader001@example.net" not in sink.count()
        again = send_with(config, clock)
        assert again.sent == [] and not again.failed  # bounced: no longer on the list
        assert "reader001@example.net" not in sink.count()
    with open_store(config) as store:
        delivery = store.delivery(DAY, "reader001@example.net")
        assert delivery.status == "failed" and "550" in delivery.error
        assert delivery.attempts == 1
        assert store.subscriber("reader001@example.net").status == "bounced"


def test_a_451_is_retried_with_backoff_and_delivered_once(folder: Path) -> None:
    sink = Sink(refuse={"reader000@example.net": "451 4.7.1 try later"},
                refuse_times={"reader000@example.net": 2})
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=2)  # retries = 2, backoff = 10
        clock = FakeClock()
        report = send_with(config, clock)
        assert clock.waits == [10.0, 20.0]  # the wait doubles
        assert "reader000@example.net" in report.sent and not report.failed
        assert sink.count()["reader000@example.net"] == 1
    with open_store(config) as store:
        assert store.delivery(DAY, "reader000@example.net").attempts == 3


def test_a_4xx_that_never_clears_gives_up_after_the_retry_limit(folder: Path) -> None:
    sink = Sink(refuse={"reader000@example.net": "452 4.2.2 mailbox full"})
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=1)
        clock = FakeClock()
        report = send_with(config, clock)
        assert report.failed == ["reader000@example.net"]
        assert clock.waits == [10.0, 20.0]
        assert len(report.sent) == 2
    with open_store(config) as store:
        delivery = store.delivery(DAY, "reader000@example.net")
        assert delivery.status == "failed" and delivery.attempts == 3 and "452" in delivery.error
        # a temporary refusal says nothing about the address: still a subscriber
        assert store.subscriber("reader000@example.net").status == "active"


def test_a_connection_dropped_mid_message_is_reconnected_and_retried(folder: Path) -> None:
    sink = Sink(drop_at_data={"reader002@example.net": 1})
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=5)
        clock = FakeClock()
        report = send_with(config, clock)
        assert not report.failed and len(report.sent) == 7
        assert clock.waits == [10.0]
        assert set(sink.count().values()) == {1} and len(sink.count()) == 7
        assert len(sink.sessions) == 2


def test_a_server_closing_an_idle_connection_is_reconnected_transparently(
    folder: Path,
) -> None:
    sink = Sink(close_after=3)
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=7)
        clock = FakeClock()
        report = send_with(config, clock)
        assert len(report.sent) == 9 and clock.waits == []  # no message had to wait
        assert set(sink.count().values()) == {1} and len(sink.count()) == 9
        assert len(sink.sessions) == 3


def test_a_timeout_is_retried_later(folder: Path) -> None:
    sink = Sink(stall_rcpt={"reader000@example.net": 1.0})
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=2, smtp="timeout = 0.2")
        clock = FakeClock()
        report = send_with(config, clock)
        assert "reader000@example.net" in report.sent and clock.waits == [10.0]
        assert sink.count()["reader000@example.net"] == 1


def test_an_unreachable_server_stops_the_run_and_loses_nothing(folder: Path) -> None:
    from .smtp_sink import free_port

    port = free_port()
    config = smtp_config(folder, port, subscribers=3)
    with pytest.raises(DeliveryError, match="cannot connect") as caught:
        send_with(config, FakeClock())
    assert "delivery.smtp" in str(caught.value)
    with open_store(config) as store:
        assert {d.status for d in store.deliveries(DAY)} == {"pending"}
    sink = Sink()
    with smtp_server(sink, port=port):
        report = send_with(config, FakeClock())
    assert len(report.sent) == 5 and set(sink.count().values()) == {1}


def test_the_rate_limit_is_never_exceeded(folder: Path) -> None:
    sink = Sink()
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=10, delivery="rate = 3.0")
        clock = FakeClock()
        times: list[float] = []

        class Timed:
            """The real SMTP transport, noting the fake time of each hand-over."""

            def __init__(self) -> None:
                from digest.transports import make_transport

                self.inner = make_transport(config)

            def send(self, message, recipient):  # noqa: ANN001, ANN202
                times.append(clock.monotonic())
                self.inner.send(message, recipient)

            def close(self) -> None:
                self.inner.close()

        report = send_with(config, clock, Timed())
    assert len(report.sent) == 12 and len(times) == 12
    for start in times:
        assert sum(start <= t < start + 1.0 - 1e-9 for t in times) <= 3
    # and it is a limit, not a crawl: 12 messages at 3/s take 11/3 s
    assert times[-1] - times[0] == pytest.approx(11 / 3)


@pytest.mark.parametrize("rate", [0.5, 3.0, 7.0, 10.0, 33.3])
def test_the_pacer_keeps_to_any_rate_even_after_a_slow_send(rate: float) -> None:
    clock = FakeClock()
    pacer = Pacer(rate, clock=clock.monotonic, sleep=clock.sleep)
    times = []
    for i in range(200):
        pacer.wait()
        times.append(clock.monotonic())
        if i == 50:
            clock.sleep(2.5)  # a slow message must not earn a burst afterwards
    # hand-overs are never closer than 1/rate, so no window of a second holds more than rate
    # (for a fractional rate, one more may start in the window's last fraction of a gap)
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 1 / rate - 1e-9
    if rate == int(rate):
        for start in times:
            # 1e-9: the fake clock adds floats, so a slot may land an ulp early
            assert sum(start <= t < start + 1.0 - 1e-9 for t in times) <= rate
    assert times[-1] - times[0] < 200 / rate + 2.5  # and it does not crawl


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_external("openssl", "makes the test server's TLS certificate")
    return make_certificate(tmp_path_factory.mktemp("tls"))


# aiosmtpd warns that AUTH without STARTTLS is unsafe; with implicit TLS (ssl) it is not
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_login_with_the_password_from_the_environment(
    folder: Path, certificate: tuple[Path, Path], security: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD", "correct horse")
    sink = Sink()
    with smtp_server(sink, security=security, cert=certificate, password="correct horse") as port:
        config = smtp_config(folder, port, subscribers=3, security=security,
                             smtp=f'username = "digest"\nca_file = "{certificate[0]}"')
        report = send_with(config, FakeClock())
    assert len(report.sent) == 5
    assert [login for login, _ in sink.logins] == ["digest"]  # one login, one connection
    assert len(sink.count()) == 5


def test_a_refused_login_stops_the_run_with_a_hint_and_loses_nothing(
    folder: Path, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD", "wrong")
    sink = Sink()
    with smtp_server(sink, security="starttls", cert=certificate, password="right") as port:
        config = smtp_config(folder, port, security="starttls",
                             smtp=f'username = "digest"\nca_file = "{certificate[0]}"')
        with pytest.raises(DeliveryError, match="login as 'digest' refused") as caught:
            send_with(config, FakeClock())
    assert "DIGEST_SMTP_PASSWORD" in str(caught.value)
    assert sink.received == []
    with open_store(config) as store:
        assert {d.status for d in store.deliveries(DAY)} == {"pending"}


def test_an_untrusted_certificate_is_refused(
    folder: Path, certificate: tuple[Path, Path],
) -> None:
    sink = Sink()
    with smtp_server(sink, security="ssl", cert=certificate) as port:
        config = smtp_config(folder, port, security="ssl")  # no ca_file: not trusted
        with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
            send_with(config, FakeClock())
    assert sink.received == []


def test_two_sends_never_run_at_once(folder: Path) -> None:
    from digest.deliver import _one_sender

    sink = Sink()
    with smtp_server(sink) as port:
        config = smtp_config(folder, port)
        with _one_sender(config):  # as if another `digest send` were running
            with pytest.raises(DeliveryError, match="another `digest send` is running"):
                send_with(config, FakeClock())
        assert sink.received == []
        assert len(send_with(config, FakeClock()).sent) == 2  # the lock is released after


def test_a_ledger_from_an_earlier_version_is_upgraded(tmp_path: Path) -> None:
    import sqlite3

    from digest.store import Store

    old = sqlite3.connect(tmp_path / "digest.db")
    old.execute("CREATE TABLE deliveries (digest_date TEXT NOT NULL, email TEXT NOT NULL,"
                " status TEXT NOT NULL, message_id TEXT NOT NULL, attempts INTEGER NOT NULL"
                " DEFAULT 0, error TEXT, updated_at TEXT NOT NULL,"
                " PRIMARY KEY (digest_date, email))")
    old.execute("INSERT INTO deliveries VALUES ('2026-11-27', 'a@example.org', 'sent', '<m>',"
                " 1, NULL, 'then')")
    old.commit()
    old.close()
    with Store(tmp_path / "digest.db") as store:
        [kept] = store.deliveries(DAY)
        assert (kept.email, kept.status, kept.next_attempt) == ("a@example.org", "sent", None)


def test_someone_who_unsubscribes_during_a_send_is_not_mailed(folder: Path) -> None:
    sink = Sink()
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=4)

        class UnsubscribingMidRun:
            """The real transport; after the first message, a reader unsubscribes on the web."""

            def __init__(self) -> None:
                from digest.transports import make_transport

                self.inner = make_transport(config)

            def send(self, message, recipient):  # noqa: ANN001, ANN202
                self.inner.send(message, recipient)
                with open_store(config) as other:
                    other.set_subscriber_status("reader003@example.net", "unsubscribed")

            def close(self) -> None:
                self.inner.close()

        report = send_with(config, FakeClock(), UnsubscribingMidRun())
    assert "reader003@example.net" not in sink.count()
    assert len(report.sent) == 5 and "reader003@example.net" in report.skipped


@pytest.mark.parametrize(("toml", "message"), [
    ("[delivery]\nrate = -1.0\n", "delivery.rate: must not be negative"),
    ("[delivery]\nretries = -2\n", "delivery.retries: must not be negative"),
    ("[delivery.dkim]\ndomain = \"example.org\"\n", "set domain, selector and key_file together"),
    ("[delivery]\nrate = \"fast\"\n", "delivery.rate: expected number"),
])
def test_delivery_settings_are_checked(tmp_path: Path, toml: str, message: str) -> None:
    from digest.config import load_config
    from digest.errors import ConfigError

    from .conftest import write_config

    write_config(tmp_path, toml)
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path / "config.toml")


def test_a_missing_dkim_key_is_named_with_a_hint(folder: Path) -> None:
    from digest.config import load_config
    from digest.message import make_signer

    from .conftest import write_config

    write_config(folder, '[delivery.dkim]\ndomain = "example.org"\nselector = "s1"\n'
                         'key_file = "missing.pem"\n')
    with pytest.raises(DeliveryError, match="missing.pem") as caught:
        make_signer(load_config(folder / "config.toml"))
    assert "delivery.dkim.key_file" in str(caught.value)


def test_the_outbox_keeps_every_non_digest_message(tmp_path: Path) -> None:
    from email.message import EmailMessage

    from digest.transports import OutboxTransport

    outbox = OutboxTransport(tmp_path)
    for n in (1, 2):
        message = EmailMessage()
        message["Message-ID"] = f"<confirm-{n}@example.org>"
        message.set_content("Confirm, please.")
        outbox.send(message, "ada@example.org")
    assert len(list((tmp_path / "confirmations").glob("ada_example.org-*.eml"))) == 2
