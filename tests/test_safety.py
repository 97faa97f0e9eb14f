"""Safety: hostile titles and text are escaped in every output and never break a mail header."""

from __future__ import annotations

import email
import email.policy
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from digest.assemble import assemble
from digest.cli import cli
from digest.models import Article, Quote, Summary
from digest.render import render_digest

from .digests import DAY, design_config

TITLE = """Crash <script>alert("x")</script> & 'apostrophes' &amp; &lt;b&gt; "quoted" </title>"""
SENTENCE = 'He wrote <img src=x onerror=alert(1)> and "&copy;" then </div></td></table>.'
QUOTE = Quote('It\'s <blink>"fine"</blink> & &quot;safe&quot;', 'O\'Brien <marquee>"Ed"')
SECTION = "<World & \"Co\">"
SOURCE = "Bob's <Daily> & \"News\""


class Reader(HTMLParser):
    """What a browser would build: elements seen, text shown, attribute values."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [value or "" for _, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _hostile_digest(project: Path):
    config = design_config(project)
    article = Article(id="evil", title=TITLE, section=SECTION, date=DAY, source=SOURCE,
                      url='https://example.com/?a=1&b="2"<x>', paragraphs=(SENTENCE,))
    digest = assemble([(article, Summary([SENTENCE], [QUOTE]))], date=DAY, title="Daily Digest")
    return config, render_digest(digest, config, dates=[])


def test_hostile_text_is_escaped_in_every_html_output(project: Path) -> None:
    config, rendered = _hostile_digest(project)
    out = config.output_dir
    outputs = {"page": (out / "2026-11-27" / "index.html").read_text(),
               "email": rendered.email_html, "archive": (out / "index.html").read_text()}
    for name, html in outputs.items():
        reader = Reader(html)
        assert "script" not in reader.tags and "img" not in reader.tags, name
        assert not {"blink", "marquee", "x", "world"} & set(reader.tags), name
        shown = "".join(reader.text)
        # the reader sees exactly the original characters, escaped once, never twice
        if name != "archive":
            for original in (TITLE, SENTENCE, QUOTE.text, QUOTE.speaker, SOURCE):
                assert original in shown, (name, original)
            assert 'https://example.com/?a=1&b="2"<x>' in reader.attributes, name
        else:
            assert TITLE in shown  # in the preheader line


def test_the_text_part_and_json_carry_the_text_unchanged(project: Path) -> None:
    config, rendered = _hostile_digest(project)
    for original in (TITLE, SENTENCE, QUOTE.speaker, SOURCE):
        assert " ".join(original.split()) in " ".join(rendered.email_text.split())
    # plain text is not HTML: nothing is escaped in it (the title's own "&lt;b&gt;" aside)
    assert "&lt;" not in rendered.email_text.replace("&lt;b&gt;", "")
    data = json.loads((config.output_dir / "2026-11-27" / "digest.json").read_text())
    article = data["sections"][0]["articles"][0]
    assert (article["title"], article["quotes"][0]["text"]) == (TITLE, QUOTE.text)


def test_the_feed_escapes_titles_as_xml_and_its_html_content(project: Path) -> None:
    config, _ = _hostile_digest(project)
    root = ET.parse(config.output_dir / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = root.find(f"{atom}entry")
    assert TITLE in entry.find(f"{atom}summary").text
    content = Reader(entry.find(f"{atom}content").text)
    assert "script" not in content.tags and TITLE in "".join(content.text)


def test_a_line_break_in_a_title_never_breaks_a_mail_header(project: Path) -> None:
    evil = "Evil\\r\\nBcc: victim@example.net\\nX-Injected: 1"
    design_config(project, f'[digest]\ntitle = "{evil}"\n')
    result = CliRunner().invoke(cli, ["run", "--config", str(project / "config.toml"),
                                      "--date", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    files = sorted((project / "outbox" / "2026-11-27").glob("*.eml"))
    assert files
    for path in files:
        raw = path.read_bytes()
        headers = raw.split(b"\n\n", 1)[0].decode("ascii")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message["Bcc"] is None and message["X-Injected"] is None
        assert not any(line.startswith(("Bcc", "X-Injected")) for line in headers.splitlines())
        assert message["Subject"] == ("Evil Bcc: victim@example.net X-Injected: 1 — "
                                      "Friday 27 November 2026")
    page = (project / "out" / "2026-11-27" / "index.html").read_text()
    assert "<title>Evil Bcc: victim@example.net X-Injected: 1 — Friday" in page
