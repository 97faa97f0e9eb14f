"""Render a Digest through Jinja2 templates: web page, MJML email, plain text, JSON, archive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import tempfile
import textwrap
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from mjml import mjml2html

from digest.config import Config
from digest.context import UNSUBSCRIBE_MARKER, build_context, digest_data
from digest.errors import TemplateError
from digest.models import Digest

logger = logging.getLogger(__name__)


_PACKAGE = Path(__file__).resolve().parent


def shipped_templates(package: Path = _PACKAGE) -> Path:
    """The shipped templates: the repository's templates/ in a source checkout (an editable
    install, so edits show at once), else the copy a wheel installs as digest/templates."""
    checkout = package.parent / "templates"
    return checkout if (checkout / "email.mjml").is_file() else package / "templates"


SHIPPED_TEMPLATES = shipped_templates()

# Gmail clips an HTML part over about 102 KB ("[Message clipped]"), hiding the footer and its
# unsubscribe link; stay under this many bytes as sent, after transfer encoding.
GMAIL_CLIP_BYTES = 100_000
# A real unsubscribe link is longer than the marker; measure with one at least this long.
UNSUBSCRIBE_URL_ALLOWANCE = 300
TEXT_WIDTH = 72
PUBLIC = 0o644  # the output folder is a website: its files are readable by the web server


@dataclass(frozen=True)
class RenderedDigest:
    """Where a digest was written, and its email parts ready to personalise."""

    folder: Path
    email_html: str
    email_text: str


def _wrap(text: Any, indent: str = "", first: str | None = None) -> str:
    """Fill text to 72 columns; words longer than a line (URLs) stay whole on their own line."""
    return textwrap.fill(
        " ".join(str(text).split()), width=TEXT_WIDTH,
        initial_indent=indent if first is None else first, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )


def template_environment(config: Config) -> jinja2.Environment:
    """User templates first, then the shipped ones; `default:NAME` always means the shipped one."""
    shipped = jinja2.FileSystemLoader(SHIPPED_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = []
    if config.output.templates:
        loaders.append(jinja2.FileSystemLoader(config.resolve(config.output.templates)))
    loaders += [shipped, jinja2.PrefixLoader({"default": shipped}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "mjml", "xml"),
                                            default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = _wrap
    return env


def _searched(env: jinja2.Environment) -> list[str]:
    loader = env.loader
    assert isinstance(loader, jinja2.ChoiceLoader)
    return [str(p) for sub in loader.loaders for p in getattr(sub, "searchpath", [])]


def _template_line(exc: BaseException, env: jinja2.Environment) -> tuple[str, int] | None:
    """The innermost template frame of a rendering error: Jinja maps it to the template's line."""
    roots = tuple(os.path.realpath(p) for p in _searched(env))
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if os.path.realpath(filename).startswith(roots):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(env: jinja2.Environment, name: str, context: object) -> str:
    """Render one template with a documented context; errors name the template and line."""
    fields = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}  # type: ignore[arg-type]
    try:
        return env.get_template(name).render(**fields)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name!r} not found; searched: {', '.join(_searched(env))}",
            hint="check [output] templates in config.toml",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}"
        ) from None
    except Exception as exc:  # any error raised while rendering is the template's
        where = _template_line(exc, env)
        place = f"template {where[0]}, line {where[1]}" if where else f"template {name}"
        message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
        hint = None
        if isinstance(exc, jinja2.UndefinedError):
            hint = (f"templates may use only the fields of {type(context).__name__}"
                    " (digest/context.py)")
        raise TemplateError(f"{place}: {message}", hint=hint) from None


class _OutputCheck(HTMLParser):
    """Collects what must never reach a reader: MJML tags and images without alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.mjml_tags: list[str] = []
        self.images_without_alt: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.startswith("mj-"):
            self.mjml_tags.append(tag)
        values = dict(attrs)
        if tag == "img" and not (values.get("alt") or "").strip():
            self.images_without_alt.append(values.get("src") or "?")


def check_html(html: str, *, template: str) -> None:
    """Refuse output with MJML left in it; warn about images without alt text."""
    check = _OutputCheck()
    check.feed(html)
    if check.mjml_tags:
        raise TemplateError(
            f"template {template}: MJML compiled with unknown tags left in the output: "
            f"{', '.join(sorted(set(check.mjml_tags)))}",
            hint="check the tag names against the MJML documentation",
        )
    for src in check.images_without_alt:
        logger.warning("template %s: image %s has no alt text; screen readers and mail "
                       "clients that block images show nothing for it", template, src)


_MJML_TAG = re.compile(r"<(/?)(mjml|mj-[\w-]+)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")


def unclosed_mjml_tag(source: str) -> tuple[str, int] | None:
    """The first MJML tag left open (its name and line in the rendered MJML), if any."""
    stack: list[tuple[str, int]] = []
    for match in _MJML_TAG.finditer(source):
        closing, name, self_closing = match.groups()
        line = source.count("\n", 0, match.start()) + 1
        if self_closing:
            continue
        if not closing:
            stack.append((name, line))
        elif stack and stack[-1][0] == name:
            stack.pop()
        else:
            return stack[-1] if stack else (name, line)
    return stack[-1] if stack else None


def compile_email(mjml_source: str, *, template: str = "email.mjml") -> str:
    """Compile MJML to HTML that mail clients understand."""
    try:
        # fonts={}: no web-font links, so the email needs nothing from the network
        html = mjml2html(mjml_source, disable_comments=True, fonts={})
    except ValueError as exc:
        # the compiler gives no position; find the unbalanced tag ourselves
        where = unclosed_mjml_tag(mjml_source)
        detail = f" (<{where[0]}> on line {where[1]} of the rendered MJML is not closed)" \
            if where else ""
        raise TemplateError(f"template {template}: not valid MJML: {exc}{detail}") from None
    check_html(html, template=template)
    return html


def transfer_size(html: str) -> int:
    """Bytes of an HTML part as sent: quoted-printable, as `digest.deliver.compose` encodes it."""
    part = EmailMessage()
    part.set_content(html, subtype="html", cte="quoted-printable")
    return len(part.get_payload().encode("ascii"))


def email_size(email_html: str) -> int:
    """The HTML part's transfer size with a full-length unsubscribe link in place."""
    url = "https://x.invalid/unsubscribe?token=" + "x" * UNSUBSCRIBE_URL_ALLOWANCE
    return transfer_size(email_html.replace(UNSUBSCRIBE_MARKER, url))


def write_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write a file so that readers see the old or the new version, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if mode is not None:
            os.chmod(tmp, mode)  # mkstemp makes files private; published pages must not be
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def digest_json(digest: Digest) -> str:
    """The digest as JSON, for other programs and for re-rendering its page later."""
    return json.dumps(digest_data(digest), ensure_ascii=False, indent=2) + "\n"


def render_page(config: Config, data: dict[str, Any], *, dates: list[dt.date],
                env: jinja2.Environment | None = None) -> str:
    """The web page of one digest, from its digest.json data, linked to its neighbours."""
    date = dt.date.fromisoformat(data["date"])
    older = [d for d in dates if d < date]
    newer = [d for d in dates if d > date]
    context = build_context(
        data, name=config.digest.title, base_url=config.delivery.base_url, relative=True,
        previous=max(older) if older else None, following=min(newer) if newer else None,
    )
    return render_template(env or template_environment(config), "digest.html", context)


def render_digest(
    digest: Digest, config: Config, *, dates: list[dt.date]
) -> RenderedDigest:
    """Write out/DATE/{index.html,email.html,email.txt,digest.json}, the archive and the feed."""
    from digest import archive  # the archive reads back what this module wrote

    env = template_environment(config)
    data = digest_data(digest)
    dates = sorted(set(dates) | {digest.date})
    context = build_context(data, name=config.digest.title, base_url=config.delivery.base_url)
    page = render_page(config, data, dates=dates, env=env)
    email_html = compile_email(render_template(env, "email.mjml", context))
    email_text = render_template(env, "email.txt", context)
    check_html(page, template="digest.html")
    size = email_size(email_html)
    if size > GMAIL_CLIP_BYTES:
        logger.warning(
            "the email for %s is %d bytes as sent (limit %d): Gmail clips it and hides the "
            "footer with the unsubscribe link; lower digest.sentences or digest.quotes, or "
            "trim the template", digest.date, size, GMAIL_CLIP_BYTES)
    folder = config.output_dir / digest.date.isoformat()
    write_atomic(folder / "digest.json", digest_json(digest), mode=PUBLIC)
    write_atomic(folder / "index.html", page, mode=PUBLIC)
    write_atomic(folder / "email.html", email_html, mode=PUBLIC)
    write_atomic(folder / "email.txt", email_text, mode=PUBLIC)
    archive.render_archive(config, dates, changed=digest.date, env=env)
    return RenderedDigest(folder=folder, email_html=email_html, email_text=email_text)


def render_archive(config: Config, dates: list[dt.date]) -> Path:
    """Write out/index.html and out/feed.xml (kept here for callers of the skeleton's API)."""
    from digest import archive

    return archive.render_archive(config, dates)


def load_rendered(config: Config, date: dt.date) -> RenderedDigest | None:
    """A digest already rendered for this date, or None."""
    folder = config.output_dir / date.isoformat()
    try:
        return RenderedDigest(
            folder=folder,
            email_html=(folder / "email.html").read_text(encoding="utf-8"),
            email_text=(folder / "email.txt").read_text(encoding="utf-8"),
        )
    except FileNotFoundError:
        return None

