from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from digest.cli import cli

from .conftest import ROOT


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out += _commands(command, (*prefix, name))
    return out


@pytest.mark.parametrize("path", _commands(cli), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "digest " in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in _commands(cli):
        assert f"digest {' '.join(path)}" in readme, path


def test_subscribers_add_list_remove(project: Path) -> None:
    cfg = ["--config", str(project / "config.toml")]
    runner = CliRunner()
    assert runner.invoke(cli, ["subscribers", "add", "ada@example.org", *cfg]).exit_code == 0
    again = runner.invoke(cli, ["subscribers", "add", "ada@example.org", *cfg])
    assert "already" in again.output
    listed = runner.invoke(cli, ["subscribers", "list", *cfg])
    assert "ada@example.org\tactive" in listed.output
    assert runner.invoke(cli, ["subscribers", "remove", "ada@example.org", *cfg]).exit_code == 0
    # removed means "never mail again": the address is kept as unsubscribed, not forgotten
    active = runner.invoke(cli, ["subscribers", "list", "--status", "active", *cfg]).output
    assert "ada@example.org" not in active
    assert "ada@example.org\tunsubscribed" in runner.invoke(
        cli, ["subscribers", "list", *cfg]).output
    forgot = runner.invoke(cli, ["subscribers", "remove", "--forget", "ada@example.org", *cfg])
    assert forgot.exit_code == 0 and "Erased" in forgot.output
    assert "ada@example.org" not in runner.invoke(cli, ["subscribers", "list", *cfg]).output
    missing = runner.invoke(cli, ["subscribers", "remove", "ada@example.org", *cfg])
    assert missing.exit_code == 1 and "not a subscriber" in missing.output


def test_subscribers_add_rejects_a_header_injection(project: Path) -> None:
    result = CliRunner().invoke(cli, ["subscribers", "add", "a@b.org\nBcc: x@y.org",
                                      "--config", str(project / "config.toml")])
    assert result.exit_code != 0


def test_summarize_a_file(project: Path) -> None:
    path = sorted((project / "seeds").glob("0*.txt"))[0]
    result = CliRunner().invoke(cli, ["summarize", str(path), "--sentences", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n- ") == 2


def test_summarize_a_missing_file_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["summarize", str(tmp_path / "none.txt")])
    assert result.exit_code == 1
    assert "cannot read" in result.output
