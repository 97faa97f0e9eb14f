"""A wheel (`pip install .`, not editable) carries the templates inside the package, and the
installed digest finds them there; a source checkout uses its own templates/ folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from digest.render import SHIPPED_TEMPLATES, shipped_templates

ROOT = Path(__file__).resolve().parents[1]


def test_a_checkout_uses_its_templates_folder_and_an_install_its_package_copy(
        tmp_path: Path) -> None:
    assert SHIPPED_TEMPLATES == ROOT / "templates"
    package = tmp_path / "site-packages" / "digest"
    (package / "templates").mkdir(parents=True)
    assert shipped_templates(package) == package / "templates"
    # Another distribution's top-level templates/ beside the package is not digest's ...
    (tmp_path / "site-packages" / "templates").mkdir()
    assert shipped_templates(package) == package / "templates"
    # ... but a checkout's, holding digest's email template, is.
    (tmp_path / "site-packages" / "templates" / "email.mjml").write_text("<mjml/>")
    assert shipped_templates(package) == tmp_path / "site-packages" / "templates"


def test_the_wheel_carries_every_template_and_the_installed_package_finds_them(
        tmp_path: Path) -> None:
    # Build from a copy, so the build leaves nothing in the working tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("digest", "templates"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(source)],
        check=True, capture_output=True, timeout=300)
    [wheel] = (tmp_path / "dist").glob("digest-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.relative_to(ROOT / "templates").as_posix()
                     for p in (ROOT / "templates").rglob("*") if p.is_file())
    assert shipped and all(f"digest/templates/{name}" in names for name in shipped)

    # Unpacked as pip installs it, with no templates/ beside the package: the installed
    # code renders from its own copy.
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from pathlib import Path\n"
        "import digest.render as render\n"
        "from digest.config import parse_config\n"
        "env = render.template_environment(parse_config({}, root=Path('.')))\n"
        "for name in ('email.mjml', 'digest.html', 'default:web/base.html'):\n"
        "    env.get_template(name)\n"
        "print(render.SHIPPED_TEMPLATES)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == site / "digest" / "templates"
