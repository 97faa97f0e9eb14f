"""The subscriber list: checked addresses, states, CSV import with line numbers, export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.errors import DigestError
from digest.store import Store
from digest.subscribers import add, check_address, export_csv, import_csv, remove


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "digest.db") as store:
        yield store


@pytest.mark.parametrize("address", ["no-at-sign", "a@b", "two@@example.org", "a b@example.org",
                                     "x@example.org\nBcc: y@example.org", ""])
def test_bad_addresses_are_refused_with_the_reason(address: str) -> None:
    with pytest.raises(DigestError, match="not a valid email address"):
        check_address(address)


def test_addresses_are_normalised() -> None:
    assert check_address("  Ada@EXAMPLE.org ") == "Ada@example.org"


def test_import_reports_each_bad_row_by_line_and_imports_the_rest(store: Store) -> None:
    csv = io.StringIO(
        "email,name,status\n"
        "ada@example.org,Ada,active\n"
        "not an address,Bob,active\n"
        "cy@example.org,,pending\n"
        ",Nobody,\n"
        "dee@example.org,Dee,subscribed\n"
        "ADA@example.org,Ada again,active\n"
        "eve@example.org,\"Eve, Jr.\",\n"
    )
    report = import_csv(store, csv)
    assert report.added == ["ada@example.org", "cy@example.org", "eve@example.org"]
    assert [p.split(":")[0] for p in report.problems] == ["line 3", "line 5", "line 6", "line 7"]
    assert "unknown status 'subscribed'" in report.problems[2]
    assert "appears earlier" in report.problems[3]
    assert {(s.email, s.name, s.status) for s in store.subscribers()} == {
        ("ada@example.org", "Ada", "active"), ("cy@example.org", None, "pending"),
        ("eve@example.org", "Eve, Jr.", "active")}


def test_a_file_without_an_email_column_is_refused_whole(store: Store) -> None:
    with pytest.raises(DigestError, match="no `email` column"):
        import_csv(store, io.StringIO("address,name\nada@example.org,Ada\n"))
    assert store.subscribers() == []


@pytest.mark.parametrize("final", ["unsubscribed", "bounced"])
def test_an_unsubscribed_or_bounced_address_is_never_made_active_again(
    store: Store, final: str,
) -> None:
    add(store, "ada@example.org")
    store.set_subscriber_status("ada@example.org", final)
    report = import_csv(store, io.StringIO("email,status\nada@example.org,active\n"
                                           "Ada@Example.org,pending\n"))
    assert report.kept == [("ada@example.org", final)]
    _, before = add(store, "ada@example.org")
    assert before == final
    store.add_subscriber("ada@example.org")  # the config's subscribers.initial path
    assert store.subscriber("ada@example.org").status == final
    assert store.subscribers("active") == []


def test_an_import_can_carry_unsubscribes_and_does_not_demote_active_readers(
    store: Store,
) -> None:
    add(store, "ada@example.org")
    add(store, "bob@example.org")
    import_csv(store, io.StringIO("email,status\nada@example.org,unsubscribed\n"
                                  "bob@example.org,pending\nnew@example.org,unsubscribed\n"))
    states = {s.email: s.status for s in store.subscribers()}
    assert states == {"ada@example.org": "unsubscribed", "bob@example.org": "active",
                      "new@example.org": "unsubscribed"}


def test_remove_keeps_the_address_as_unsubscribed_unless_forgotten(store: Store) -> None:
    add(store, "ada@example.org")
    assert remove(store, "ada@example.org")
    assert store.subscriber("ada@example.org").status == "unsubscribed"
    assert remove(store, "ada@example.org", forget=True)
    assert store.subscriber("ada@example.org") is None
    assert not remove(store, "ada@example.org")


def test_export_then_import_gives_the_same_list(store: Store, tmp_path: Path) -> None:
    import_csv(store, io.StringIO("email,name,status\na@example.org,\"Ä, Ö\",active\n"
                                  "b@example.org,,pending\nc@example.org,C,bounced\n"))
    text = export_csv(store.subscribers())
    with Store(tmp_path / "other.db") as other:
        import_csv(other, io.StringIO(text))
        assert [(s.email, s.name, s.status) for s in other.subscribers()] == [
            (s.email, s.name, s.status) for s in store.subscribers()]


def test_cli_import_export_and_add(project: Path) -> None:
    cfg = ["--config", str(project / "config.toml")]
    runner = CliRunner()
    (project / "readers.csv").write_text("\ufeffemail,name\nann@example.org,Ann\nbroken,\n",
                                         encoding="utf-8")
    result = runner.invoke(cli, ["subscribers", "import", str(project / "readers.csv"), *cfg])
    assert result.exit_code == 0, result.output
    assert "line 3" in result.output and "Imported 1 new" in result.output

    bad = runner.invoke(cli, ["subscribers", "add", "not-an-address", *cfg])
    assert bad.exit_code == 1 and "not a valid email address" in bad.output
    runner.invoke(cli, ["subscribers", "remove", "ann@example.org", *cfg])
    again = runner.invoke(cli, ["subscribers", "add", "ann@example.org", *cfg])
    assert again.exit_code == 1 and "will not be mailed again" in again.output

    exported = runner.invoke(cli, ["subscribers", "export", *cfg])
    assert exported.exit_code == 0
    assert exported.output.splitlines() == [
        "email,name,status", "demo@example.org,,active", "second@example.org,,active",
        "ann@example.org,Ann,unsubscribed"]
    runner.invoke(cli, ["subscribers", "export", "-o", str(project / "out.csv"), *cfg])
    assert (project / "out.csv").read_text() == exported.output
