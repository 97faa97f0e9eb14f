from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.config import config_keys, load_config
from digest.errors import ConfigError

from .conftest import ROOT, write_config


def test_shipped_config_loads_and_resolves_against_its_folder() -> None:
    config = load_config(ROOT / "config.toml")
    assert config.sources[0].kind == "folder"
    assert config.resolve(config.sources[0].path) == ROOT / "seeds"
    assert config.output_dir == ROOT / "out"
    assert config.delivery.transport == "outbox"
    assert config.subscribers.initial


def test_relative_paths_resolve_against_the_config_file_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    write_config(folder, '[store]\npath = "data/d.db"\n')
    monkeypatch.chdir(tmp_path)
    config = load_config("site/config.toml")
    assert config.store_path == folder / "data" / "d.db"


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[digest]\nsentence = 3\n', r"digest\.sentence: unknown key"),
        ('[digest]\nsentences = "three"\n', r"digest\.sentences: expected integer, got string"),
        ('[delivery]\ntransport = "pigeon"\n', r"delivery\.transport: expected one of outbox"),
        ('[delivery.smtp]\nport = "25"\n', r"delivery\.smtp\.port: expected integer, got string"),
        ('[schedule]\ntime = "7am"\n', r"schedule\.time: expected HH:MM"),
        ('colour = "blue"\n', r"colour: unknown key"),
        ('[[sources]]\nname = "x"\nkind = "folder"\n', r"sources\[1\]\.path: required"),
    ],
)
def test_config_errors_name_the_key_and_the_expected_type(
    tmp_path: Path, toml: str, expected: str
) -> None:
    write_config(tmp_path, toml)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "config.toml")
    assert re.search(expected, str(info.value))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    write_config(tmp_path, '[digest]\nsentences = "x"\nquotes = "y"\nfoo = 1\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "config.toml")
    assert len(info.value.problems) == 3


def test_cli_exits_non_zero_naming_the_key(tmp_path: Path) -> None:
    write_config(tmp_path, '[digest]\nsentences = "three"\n')
    result = CliRunner().invoke(cli, ["build", "--config", str(tmp_path / "config.toml")])
    assert result.exit_code == 1
    assert "digest.sentences: expected integer" in result.output


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1
    assert "file not found" in result.output


def test_every_config_key_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [key for key in config_keys() if f"`{key}`" not in readme]
    assert not missing, f"README.md does not document: {missing}"
