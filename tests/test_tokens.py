from __future__ import annotations

import pytest

from digest.tokens import BadToken, TokenClaims, sign, verify

SECRET = b"test-secret"


def test_a_token_round_trips() -> None:
    claims = TokenClaims("ada@example.org", "daily.example.org", "unsubscribe")
    assert verify(sign(claims, SECRET), SECRET, purpose="unsubscribe", now=0) == claims


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),  # altered signature
        lambda t: "eyJlIjoiZXZlQGV4YW1wbGUub3JnIn0" + t[t.index("."):],  # swapped payload
        lambda t: t.replace(".", ""),  # malformed
        lambda t: "",
        lambda t: "a.b.c",
    ],
)
def test_forged_or_malformed_tokens_are_refused(mangle) -> None:  # noqa: ANN001
    token = sign(TokenClaims("ada@example.org", "l", "unsubscribe"), SECRET)
    with pytest.raises(BadToken):
        verify(mangle(token), SECRET, purpose="unsubscribe", now=0)


def test_another_key_purpose_or_an_expired_token_is_refused() -> None:
    token = sign(TokenClaims("ada@example.org", "l", "confirm", expires=100), SECRET)
    with pytest.raises(BadToken):
        verify(token, b"other", purpose="confirm", now=0)
    with pytest.raises(BadToken):
        verify(token, SECRET, purpose="unsubscribe", now=0)
    with pytest.raises(BadToken):
        verify(token, SECRET, purpose="confirm", now=101)
    assert verify(token, SECRET, purpose="confirm", now=99).email == "ada@example.org"
