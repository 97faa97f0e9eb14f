"""The archive around the dated digests: out/index.html, out/feed.xml, previous/next links."""

from __future__ import annotations

import datetime as dt
import json
import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from digest.config import Config
from digest.context import ArchiveContext, archive_entry, build_context, page_url
from digest.render import PUBLIC, render_page, render_template, template_environment, write_atomic

logger = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50  # newest digests listed in feed.xml


def load_data(config: Config, date: dt.date) -> dict[str, Any] | None:
    """A rendered digest's digest.json, or None when it is missing or unreadable."""
    path = config.output_dir / date.isoformat() / "digest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        logger.warning("cannot read %s (%s): left out of the archive", path, exc)
        return None


def render_archive(
    config: Config, dates: list[dt.date], *, changed: dt.date | None = None,
    env: jinja2.Environment | None = None,
) -> Path:
    """Write out/index.html (newest first) and out/feed.xml; relink the neighbours of `changed`."""
    env = env or template_environment(config)
    dates = sorted(set(dates))
    loaded = {d: load_data(config, d) for d in dates}
    present = [d for d in dates if loaded[d] is not None]
    missing = [d for d in dates if loaded[d] is None]
    if missing:
        logger.warning("no digest.json for %s in %s: left out of the archive",
                       ", ".join(map(str, missing)), config.output_dir)
    if changed in present:
        # the digests before and after a new one gain a "next"/"previous" link to it
        i = present.index(changed)
        for neighbour in present[max(0, i - 1): i] + present[i + 1: i + 2]:
            page = render_page(config, loaded[neighbour], dates=present, env=env)  # type: ignore[arg-type]
            write_atomic(config.output_dir / neighbour.isoformat() / "index.html", page,
                         mode=PUBLIC)
    newest_first = list(reversed(present))
    context = ArchiveContext(
        name=config.digest.title,
        entries=[archive_entry(loaded[d]) for d in newest_first],  # type: ignore[arg-type]
        feed_url="feed.xml",
    )
    path = config.output_dir / "index.html"
    write_atomic(path, render_template(env, "archive.html", context), mode=PUBLIC)
    feed = atom_feed(config, [loaded[d] for d in newest_first[:FEED_ENTRIES]])  # type: ignore[misc]
    write_atomic(config.output_dir / "feed.xml", feed, mode=PUBLIC)
    return path


def _stamp(date: dt.date) -> str:
    # a digest's time is its date: deterministic, so re-rendering does not churn the feed
    return f"{date.isoformat()}T00:00:00Z"


def atom_feed(config: Config, newest_first: list[dict[str, Any]]) -> str:
    """An Atom feed of the digests, each entry linking to its web page."""
    base = config.delivery.base_url.rstrip("/")
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "title", config.digest.title)
    add(feed, "id", f"{base}/")
    add(feed, "link", href=f"{base}/feed.xml", rel="self", type="application/atom+xml")
    add(feed, "link", href=f"{base}/", rel="alternate", type="text/html")
    dates = [dt.date.fromisoformat(d["date"]) for d in newest_first]
    add(feed, "updated", _stamp(dates[0]) if dates else "1970-01-01T00:00:00Z")
    author = add(feed, "author")
    add(author, "name", config.digest.title)
    add(feed, "generator", "digest")
    for data, date in zip(newest_first, dates, strict=True):
        context = build_context(data, name=config.digest.title, base_url=base)
        entry = add(feed, "entry")
        add(entry, "title", context.title)
        add(entry, "id", page_url(base, date))
        add(entry, "link", href=page_url(base, date), rel="alternate", type="text/html")
        add(entry, "updated", _stamp(date))
        add(entry, "summary", context.preheader)
        # the entry's content: the headlines by section, each linked to its source
        lines = []
        for section in context.sections:
            lines.append(f"<h3>{_esc(section.name)}</h3><ul>")
            for item in section.items:
                title = _esc(item.title)
                link = f'<a href="{_esc(item.url)}">{title}</a>' if item.url else title
                lines.append(f"<li>{link} <small>({_esc(item.source)})</small></li>")
            lines.append("</ul>")
        add(entry, "content", "".join(lines), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _esc(text: str) -> str:
    # HTML inside the feed's content element: escaped once here, once more by the XML writer
    return str(markupsafe.escape(text))
