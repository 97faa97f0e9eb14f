"""Sentence splitting: shipped Punkt parameters, no NLTK data, measured on hand-split news."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import nltk
import pytest
from nltk.tokenize.punkt import PunktSentenceTokenizer

from digest import split_sentences
from digest.sentences import (
    _tokenizer,
    clean_text,
    paragraphs,
    split_paragraph,
    split_paragraphs,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("Gov. Brown and Sen. Lee spoke on Jan. 5 in St. Louis. Then they left.",
         ["Gov. Brown and Sen. Lee spoke on Jan. 5 in St. Louis.", "Then they left."]),
        ("He moved to the U.S. The trip was long.", ["He moved to the U.S.", "The trip was long."]),
        ("Acme Inc. and Widget Corp. merged. Shares rose.",
         ["Acme Inc. and Widget Corp. merged.", "Shares rose."]),
        ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
        ("Profit rose 5.2% to $1.13bn. Sales fell.",
         ["Profit rose 5.2% to $1.13bn.", "Sales fell."]),
        ('She said "Yes." Then she left.', ['She said "Yes."', "Then she left."]),
        ('"Why?" asked the magazine. "No," he said.',
         ['"Why?" asked the magazine.', '"No," he said.']),
        ("“Great potential!” Trump said in a tweet. Talks stalled.",
         ["“Great potential!” Trump said in a tweet.", "Talks stalled."]),
        ("He paused... and went on. Done.", ["He paused... and went on.", "Done."]),
    ],
)
def test_split_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_paragraphs_never_merge() -> None:
    assert split_sentences("First para no stop\n\nSecond para.") == [
        "First para no stop", "Second para."]


@pytest.mark.parametrize("text", [
    "One  two\tthree\n four",
    " Lead space and trail \n\nNext\u3000para\u2009here\x85end\u2028line",
    "Plain single spaced text.\n\n\n  \n\nAnother one.",
    "Tab\x0bvt\x0cff\x1cfs\u202fnnbsp\u205fmm\u1680og \u200bzero-width stays",
])
def test_paragraphs_fold_every_kind_of_space(text: str) -> None:
    # (Blocks already spaced singly are kept as they are, without the fold: the same text.)
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text)]
    assert paragraphs(text) == [b for b in blocks if b]


def test_paragraphs_fold_random_texts() -> None:
    # ASCII texts with only spaces and newlines skip the printable test; every other kind of
    # text takes it. Either way the paragraphs are the folded blocks.
    draw = random.Random(7)
    spaces = [chr(i) for i in range(0x3001) if chr(i).isspace()]
    alphabet = [*spaces, *"ab. \n\n  \n\x01\x7f", "\n\n", "é", "“", "&amp;", "\r\n", "\u200b"]
    for _ in range(30000):
        text = "".join(draw.choice(alphabet) for _ in range(draw.randint(0, 20)))
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", clean_text(text))]
        assert paragraphs(text) == [b for b in blocks if b], repr(text)


def test_spans_as_nltk_on_random_texts() -> None:
    # The shortcut splitter against NLTK's own Punkt code with the same parameters: the
    # period-only pattern (no "?" or "!"), overlapping candidates, breaks before closing
    # marks (realigned), abbreviations, initials and numbers, other whitespace.
    draw = random.Random(11)
    alphabet = [*"aAbBxYz.?!. .. \"')“”’‘(]—-,:;$5 \n\t", "Mr", "U.S", "Inc", "The", "he",
                " 2009", "e.g", "St", "  ", ". ", "? ", "! ", '." ', '"', "...", "wo"]
    fast, slow = _tokenizer(), _tokenizer(False)
    for _ in range(20000):
        text = "".join(draw.choice(alphabet) for _ in range(draw.randint(1, 25)))
        for paragraph in (text, " ".join(text.split())):
            assert fast.spans(paragraph) == list(slow.span_tokenize(paragraph)), repr(paragraph)
            assert split_paragraphs([paragraph]) == [split_paragraph(paragraph, shortcut=False)]


def test_works_without_nltk_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("NLTK data must not be loaded")

    monkeypatch.setattr(nltk.data, "load", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    assert split_sentences("One here. Two there.") == ["One here.", "Two there."]


def _exact(sentences_of, rows: list[dict]) -> tuple[int, int]:
    hit = total = 0
    for row in rows:
        for para in row["paragraphs"]:
            got = Counter(sentences_of(" ".join(para)))
            for sentence in para:
                total += 1
                if got[sentence] > 0:
                    got[sentence] -= 1
                    hit += 1
    return hit, total


@pytest.mark.corpus
def test_segmentation_dev(corpus: Path) -> None:
    rows = [json.loads(line) for line in (corpus / "segmentation-dev.jsonl").open()]
    ours, total = _exact(lambda p: [s for x in paragraphs(p) for s in split_sentences(x)], rows)
    plain, _ = _exact(PunktSentenceTokenizer().tokenize, rows)
    print(f"segmentation-dev: ours {ours}/{total} = {ours / total:.4f}, "
          f"plain Punkt {plain / total:.4f}")
    assert ours / total >= 0.995
    assert ours >= plain
