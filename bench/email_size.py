"""Email size against Gmail's clipping limit, for digests of 10, 25 and 50 articles.

Run from the checkout: python bench/email_size.py
Articles are the shipped samples, repeated, each with its three longest non-quote paragraphs as
"sentences" and two quotes: a worst case for the default digest.sentences = 3, quotes = 2.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digest.assemble import assemble  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.models import Article, Quote, Summary  # noqa: E402
from digest.render import GMAIL_CLIP_BYTES, email_size, render_digest  # noqa: E402
from digest.sources import collect  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GMAIL_CLIPS_AT = 102 * 1024  # about where Gmail shows "[Message clipped]"


def digest_of(articles: list[Article], count: int, date: dt.date):
    pairs = []
    for i in range(count):
        a = articles[i % len(articles)]
        plain = sorted((p for p in a.paragraphs if not p.startswith("“")), key=len)[-3:]
        said = [p for p in a.paragraphs if p.startswith("“")][:2]
        copy = Article(id=f"{a.id}#{i}", title=f"{a.title} ({i + 1})",
                       section=("World", "Business", "Science", "Culture", "Sport")[i % 5],
                       date=a.date, source=a.source, paragraphs=a.paragraphs,
                       url=f"https://news.example.com/2026/11/{i + 1}/{a.id.split(':')[-1]}")
        pairs.append((copy, Summary(plain, [Quote(q.strip("“”"), "A Speaker") for q in said])))
    return assemble(pairs, date=date, title="Daily Digest")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "config.toml").write_text(
            f'[[sources]]\nname = "Samples"\nkind = "folder"\npath = "{ROOT / "seeds"}"\n'
            '[delivery]\nbase_url = "https://digest.example.org"\n', encoding="utf-8")
        config = load_config(root / "config.toml")
        articles = collect(config).articles
        print(f"{'articles':>8} {'HTML bytes':>11} {'as sent (QP)':>13} {'budget':>8} "
              f"{'Gmail clips':>12} {'render s':>9}")
        for count in (10, 25, 50):
            digest = digest_of(articles, count, dt.date(2026, 11, 27))
            start = time.perf_counter()
            rendered = render_digest(digest, config, dates=[])
            seconds = time.perf_counter() - start
            sent = email_size(rendered.email_html)
            print(f"{count:>8} {len(rendered.email_html.encode()):>11} {sent:>13} "
                  f"{GMAIL_CLIP_BYTES:>8} {GMAIL_CLIPS_AT:>12} {seconds:>9.2f}")


if __name__ == "__main__":
    main()
