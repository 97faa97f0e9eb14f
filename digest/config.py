"""config.toml loaded into a frozen, typed schema; every error names its key."""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytz

from digest.errors import ConfigError

DEFAULT_CONFIG = "config.toml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # schedule.days, in date order


@dataclass(frozen=True)
class DigestSettings:
    title: str = "Daily Digest"  # shown before the date: "Daily Digest — Friday 27 November 2026"
    sentences: int = 3  # key sentences per article
    quotes: int = 2  # quotes per article, at most
    method: str = "default"  # summarizer method: default, or a sumy algorithm by name
    skip_empty: bool = True  # build and send nothing when no article is new


@dataclass(frozen=True)
class SourceSettings:
    name: str  # shown to readers as the article's source
    kind: str = "folder"  # folder, feed or page
    path: str = ""  # folder to read (kind = folder), relative to the config file
    url: str = ""  # address to fetch (kind = feed or page)
    section: str = ""  # put all of this source's articles in this section; empty: their own


@dataclass(frozen=True)
class CollectSettings:
    max_age_days: int = 0  # skip articles dated this many days before the digest; 0: any age
    timeout: float = 20.0  # seconds to wait for a web server, per attempt
    retries: int = 2  # extra attempts after a timeout or a 5xx answer, with doubling pauses
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_redirects: int = 5  # redirects followed before giving up
    max_bytes: int = 5_000_000  # larger responses are refused
    per_host: int = 2  # requests at once to one host
    workers: int = 4  # sources collected at once
    user_agent: str = ""  # User-Agent header; empty means "digest/<version> (+project URL)"
    duplicate_threshold: float = 0.6  # word-shingle similarity at which two texts are one story


@dataclass(frozen=True)
class OutputSettings:
    dir: str = "out"  # where dated digests are written, relative to the config file
    templates: str = ""  # a folder whose templates override the shipped ones, by name


@dataclass(frozen=True)
class StoreSettings:
    path: str = "digest.db"  # the SQLite file, relative to the config file


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"  # SMTP server
    port: int = 587  # SMTP port
    security: str = "starttls"  # starttls, ssl or none
    username: str = ""  # login name; the password comes from DIGEST_SMTP_PASSWORD
    timeout: float = 30.0  # seconds to wait for the server
    ca_file: str = ""  # extra CA certificates (PEM) to trust, for a server with a private CA


@dataclass(frozen=True)
class DkimSettings:
    domain: str = ""  # the signing domain (d=); empty means no DKIM signature
    selector: str = ""  # the DNS selector (s=) under which the public key is published
    key_file: str = ""  # the PEM private key, relative to the config file


@dataclass(frozen=True)
class DeliverySettings:
    transport: str = "outbox"  # outbox (write .eml files) or smtp
    outbox: str = "outbox"  # folder for the outbox transport, relative to the config file
    # "from" is a Python keyword, hence the trailing underscore; the TOML key is `from`
    from_: str = "Daily Digest <digest@example.org>"  # the From header
    reply_to: str = ""  # the Reply-To header; empty means none
    base_url: str = "http://127.0.0.1:8000"  # public address of the web archive
    list_id: str = ""  # List-Id; empty means "digest.<domain of from>"
    unsubscribe_mailto: str = ""  # address for mailto: List-Unsubscribe; empty means From's
    rate: float = 0.0  # most messages per second handed to the transport; 0 means no limit
    retries: int = 3  # further tries after a temporary (4xx, timeout) failure
    backoff: float = 60.0  # seconds before the first retry; doubles with each further one
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    dkim: DkimSettings = field(default_factory=DkimSettings)


@dataclass(frozen=True)
class SubscriberSettings:
    initial: list[str] = field(default_factory=list)  # addresses added once when first seen


@dataclass(frozen=True)
class ScheduleSettings:
    time: str = "07:00"  # HH:MM, when the daily job runs
    timezone: str = "UTC"  # IANA time zone name for `time`
    days: list[str] = field(default_factory=lambda: list(WEEKDAYS))  # weekdays to run on
    catch_up: bool = True  # run a missed time (started late, machine asleep) when noticed
    retries: int = 3  # further attempts after a failed run, per date
    retry_delay: float = 300.0  # seconds before the first retry; doubles for each next one


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"  # address `digest serve` listens on; 0.0.0.0 for every interface
    port: int = 8000  # port `digest serve` listens on
    confirm_hours: int = 48  # how long a subscription confirmation link stays valid
    subscribe_limit: int = 3  # confirmation emails one address may be sent per window
    subscribe_window_hours: int = 24  # the window for subscribe_limit


@dataclass(frozen=True)
class Config:
    digest: DigestSettings = field(default_factory=DigestSettings)
    sources: list[SourceSettings] = field(default_factory=list)
    collect: CollectSettings = field(default_factory=CollectSettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    subscribers: SubscriberSettings = field(default_factory=SubscriberSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    root: Path = Path(".")  # the config file's folder; not a key in the file

    def resolve(self, relative: str) -> Path:
        """A path from the config, resolved against the config file's folder."""
        return (self.root / os.path.expanduser(relative)).resolve()

    @property
    def output_dir(self) -> Path:
        return self.resolve(self.output.dir)

    @property
    def store_path(self) -> Path:
        return self.resolve(self.store.path)

    @property
    def outbox_dir(self) -> Path:
        return self.resolve(self.delivery.outbox)

    @property
    def list_id(self) -> str:
        """The mailing list's identity, for List-Id and signed tokens."""
        if self.delivery.list_id:
            return self.delivery.list_id
        domain = self.delivery.from_.rpartition("@")[2].strip(" >") or "digest.invalid"
        return f"digest.{domain}"

    @property
    def secret_key_path(self) -> Path:
        """Where a generated signing key is kept when DIGEST_SECRET_KEY is not set."""
        return self.store_path.with_name(self.store_path.name + ".key")


_CHOICES = {
    "sources.kind": ("folder", "feed", "page"),
    "delivery.transport": ("outbox", "smtp"),
    "delivery.smtp.security": ("starttls", "ssl", "none"),
}


def _toml_key(f: dataclasses.Field) -> str:
    return f.name.rstrip("_")


def _type_name(tp: Any) -> str:
    if dataclasses.is_dataclass(tp):
        return "table"
    if typing.get_origin(tp) is list:
        (inner,) = typing.get_args(tp)
        if dataclasses.is_dataclass(inner):
            return "array of tables"
        return f"array of {_type_name(inner)}"
    return {str: "string", int: "integer", float: "number", bool: "boolean"}.get(tp, str(tp))


def _actual(value: Any) -> str:
    names = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "table",
             list: "array"}
    return names.get(type(value), type(value).__name__)


def _convert(tp: Any, value: Any, key: str, errors: list[str]) -> Any:
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            errors.append(f"{key}: expected a table, got {_actual(value)}")
            return None
        return _build(tp, value, key, errors)
    if typing.get_origin(tp) is list:
        (inner,) = typing.get_args(tp)
        if not isinstance(value, list):
            errors.append(f"{key}: expected {_type_name(tp)}, got {_actual(value)}")
            return None
        return [_convert(inner, v, f"{key}[{i}]", errors) for i, v in enumerate(value)]
    ok = isinstance(value, tp) and not (tp is not bool and isinstance(value, bool))
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok:
        errors.append(f"{key}: expected {_type_name(tp)}, got {_actual(value)} {value!r}")
        return None
    choices = _CHOICES.get(key.split("[")[0] + key.split("]")[-1] if "[" in key else key)
    if choices and value not in choices:
        errors.append(f"{key}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def _build(cls: type, data: dict, prefix: str, errors: list[str]) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {_toml_key(f): f for f in dataclasses.fields(cls) if f.name != "root"}
    for key in data:
        if key not in fields:
            where = f"{prefix}.{key}" if prefix else key
            errors.append(f"{where}: unknown key (known: {', '.join(sorted(fields))})")
    kwargs = {}
    for key, f in fields.items():
        where = f"{prefix}.{key}" if prefix else key
        if key in data:
            kwargs[f.name] = _convert(hints[f.name], data[key], where, errors)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            errors.append(f"{where}: required key is missing ({_type_name(hints[f.name])})")
    if any(v is None for v in kwargs.values()) or errors:
        return None
    return cls(**kwargs)


def weekday_number(name: str) -> int | None:
    """0 for Monday … 6 for Sunday, from "mon", "Monday" or anything between; None if unknown."""
    name = name.strip().lower()
    # English names on purpose: calendar.day_name follows the locale
    for number, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday")):
        if len(name) >= 3 and full.startswith(name):
            return number
    return None


def _schedule_problems(schedule: ScheduleSettings) -> list[str]:
    problems = []
    try:
        zoneinfo.ZoneInfo(schedule.timezone)
        pytz.timezone(schedule.timezone)  # what `schedule` uses; it lacks names like "localtime"
    except (zoneinfo.ZoneInfoNotFoundError, pytz.UnknownTimeZoneError, ValueError):
        problems.append(f"schedule.timezone: expected an IANA time zone name such as"
                        f" 'Europe/London', got {schedule.timezone!r}")
    wrong = [d for d in schedule.days if weekday_number(d) is None]
    if wrong or not schedule.days:
        problems.append(f"schedule.days: expected weekdays among {', '.join(WEEKDAYS)},"
                        f" got {schedule.days!r}")
    if schedule.retries < 0:
        problems.append(f"schedule.retries: expected 0 or more, got {schedule.retries}")
    if schedule.retry_delay <= 0:
        problems.append(f"schedule.retry_delay: expected seconds > 0, got {schedule.retry_delay}")
    return problems


def _check_collect(settings: CollectSettings) -> list[str]:
    problems = [f"collect.{name}: expected a number above 0, got {getattr(settings, name)!r}"
                for name in ("timeout", "max_bytes", "per_host", "workers")
                if getattr(settings, name) <= 0]
    problems += [f"collect.{name}: expected 0 or more, got {getattr(settings, name)!r}"
                 for name in ("max_age_days", "retries", "backoff", "max_redirects")
                 if getattr(settings, name) < 0]
    if not 0 < settings.duplicate_threshold <= 1:
        problems.append("collect.duplicate_threshold: expected a number in (0, 1], got "
                        f"{settings.duplicate_threshold!r}")
    return problems


def _delivery_problems(delivery: DeliverySettings) -> list[str]:
    problems = [f"delivery.{key}: must not be negative, got {value!r}"
                for key, value in (("rate", delivery.rate), ("retries", delivery.retries),
                                   ("backoff", delivery.backoff)) if value < 0]
    dkim = delivery.dkim
    given = [bool(dkim.domain), bool(dkim.selector), bool(dkim.key_file)]
    if any(given) and not all(given):
        problems.append("delivery.dkim: set domain, selector and key_file together (or none)")
    return problems


def parse_config(data: dict, *, root: Path, name: str = DEFAULT_CONFIG) -> Config:
    """Build a Config from parsed TOML, collecting every problem before failing once."""
    errors: list[str] = []
    config = _build(Config, data, "", errors)
    if config is not None:
        for i, source in enumerate(config.sources):
            if source.kind == "folder" and not source.path:
                errors.append(f"sources[{i}].path: required for kind 'folder' (string)")
            if source.kind in ("feed", "page") and not source.url:
                errors.append(f"sources[{i}].url: required for kind {source.kind!r} (string)")
        names = [source.name for source in config.sources]
        errors += [f"sources[{i}].name: {name!r} is already the name of "
                   f"sources[{names.index(name)}] (names tell sources apart in the digest)"
                   for i, name in enumerate(names) if names.index(name) != i]
        errors += _check_collect(config.collect)
        errors += _delivery_problems(config.delivery)
        hh, _, mm = config.schedule.time.partition(":")
        if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
            errors.append(f"schedule.time: expected HH:MM, got {config.schedule.time!r}")
        if not 0 <= config.server.port <= 65535:
            errors.append(f"server.port: expected 0 to 65535, got {config.server.port}")
        for key in ("confirm_hours", "subscribe_limit", "subscribe_window_hours"):
            if getattr(config.server, key) < 1:
                errors.append(f"server.{key}: expected at least 1, got "
                              f"{getattr(config.server, key)}")
        errors += _schedule_problems(config.schedule)
    if errors:
        raise ConfigError(name, errors)
    return dataclasses.replace(config, root=root)


def load_config(path: str | os.PathLike[str] = DEFAULT_CONFIG) -> Config:
    """Read and validate a config.toml; relative paths resolve against its folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"not valid TOML: {exc}"]) from None
    return parse_config(data, root=path.resolve().parent, name=str(path))


def config_keys(cls: type = Config, prefix: str = "") -> list[str]:
    """Every documented key, dotted, for the docs-drift test and `digest --help`."""
    keys = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name == "root":
            continue
        tp = hints[f.name]
        key = f"{prefix}{_toml_key(f)}"
        if dataclasses.is_dataclass(tp):
            keys += config_keys(tp, key + ".")
        elif typing.get_origin(tp) is list and dataclasses.is_dataclass(typing.get_args(tp)[0]):
            keys += config_keys(typing.get_args(tp)[0], key + ".")
        else:
            keys.append(key)
    return keys
