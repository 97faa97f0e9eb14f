"""Render a Digest through Jinja2 templates: web page, MJML email, plain text, JSON, archive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mjml import mjml2html

from digest.config import Config
from digest.context import DigestContext, build_context, long_date
from digest.errors import TemplateError
from digest.models import Digest

logger = logging.getLogger(__name__)

SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
GMAIL_CLIP_BYTES = 100_000


@dataclass(frozen=True)
class RenderedDigest:
    """Where a digest was written, and its email parts ready to personalise."""

    folder: Path
    email_html: str
    email_text: str


def template_environment(config: Config) -> jinja2.Environment:
    """User templates first, then the shipped ones; `default:NAME` always means the shipped one."""
    shipped = jinja2.FileSystemLoader(SHIPPED_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = []
    if config.output.templates:
        loaders.append(jinja2.FileSystemLoader(config.resolve(config.output.templates)))
    loaders += [shipped, jinja2.PrefixLoader({"default": shipped}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "mjml"),
                                            default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = lambda text, indent="": textwrap.fill(
        str(text), width=72, initial_indent=indent, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )
    return env


def render_template(env: jinja2.Environment, name: str, context: DigestContext) -> str:
    """Render one template with the documented context; errors name the template and line."""
    try:
        template = env.get_template(name)
        fields = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
        return template.render(**fields)
    except jinja2.TemplateNotFound as exc:
        searched = [str(p) for loader in env.loader.loaders  # type: ignore[union-attr]
                    for p in getattr(loader, "searchpath", [])]
        raise TemplateError(
            f"template {exc.name!r} not found; searched: {', '.join(searched)}",
            hint="check [output] templates in config.toml",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}: {exc.message}",
                            hint="templates may use only the fields of DigestContext") from None


def compile_email(mjml_source: str) -> str:
    """Compile MJML to HTML that mail clients understand."""
    return mjml2html(mjml_source, disable_comments=True)


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers see the old or the new version, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def digest_json(digest: Digest) -> str:
    """The digest as JSON, for other programs."""
    return json.dumps(
        {
            "date": digest.date.isoformat(),
            "title": digest.title,
            "sections": [
                {
                    "name": section.name,
                    "articles": [
                        {
                            "id": item.article.id,
                            "title": item.article.title,
                            "url": item.article.url,
                            "source": item.article.source,
                            "date": item.article.date.isoformat() if item.article.date else None,
                            "sentences": list(item.summary.sentences),
                            "quotes": [dataclasses.asdict(q) for q in item.summary.quotes],
                            "also_in": list(item.also_in),
                        }
                        for item in section.items
                    ],
                }
                for section in digest.sections
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def render_digest(
    digest: Digest, config: Config, *, dates: list[dt.date]
) -> RenderedDigest:
    """Write out/DATE/{index.html,email.html,email.txt,digest.json} and the archive index."""
    env = template_environment(config)
    older = [d for d in dates if d < digest.date]
    newer = [d for d in dates if d > digest.date]
    context = build_context(
        digest,
        base_url=config.delivery.base_url,
        previous=max(older) if older else None,
        following=min(newer) if newer else None,
    )
    folder = config.output_dir / digest.date.isoformat()
    page = render_template(env, "digest.html", context)
    email_html = compile_email(render_template(env, "email.mjml", context))
    email_text = render_template(env, "email.txt", context)
    size = len(email_html.encode("utf-8"))
    if size > GMAIL_CLIP_BYTES:
        logger.warning("the email for %s is %d bytes; Gmail clips HTML over about 102 KB",
                       digest.date, size)
    write_atomic(folder / "index.html", page)
    write_atomic(folder / "email.html", email_html)
    write_atomic(folder / "email.txt", email_text)
    write_atomic(folder / "digest.json", digest_json(digest))
    render_archive(config, sorted(set(dates) | {digest.date}, reverse=True))
    return RenderedDigest(folder=folder, email_html=email_html, email_text=email_text)


def render_archive(config: Config, dates: list[dt.date]) -> Path:
    """Write out/index.html listing every dated digest, newest first."""
    env = template_environment(config)
    try:
        html = env.get_template("archive.html").render(
            digests=[{"date": long_date(d), "href": f"{d.isoformat()}/"} for d in dates]
        )
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template archive.html: {exc}") from None
    path = config.output_dir / "index.html"
    write_atomic(path, html)
    return path


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
