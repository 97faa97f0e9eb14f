"""Templates: overrides, `default:` extends, errors that name the line, the context contract."""

from __future__ import annotations

import dataclasses
import logging
import re
import types
import typing
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner
from jinja2 import nodes

from digest import context as ctx
from digest.cli import cli
from digest.config import Config
from digest.errors import TemplateError
from digest.render import (
    SHIPPED_TEMPLATES,
    compile_email,
    render_digest,
    render_template,
    template_environment,
    unclosed_mjml_tag,
)

from .conftest import ROOT, write_config
from .digests import DAY, big_digest, design_config

CONTEXTS = {"digest.html": ctx.DigestContext, "email.mjml": ctx.DigestContext,
            "email.txt": ctx.DigestContext, "archive.html": ctx.ArchiveContext}
LOOP_FIELDS = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle",
               "depth", "depth0", "previtem", "nextitem", "changed"}
LOOP = object()  # the type of Jinja's `loop` variable
ANY = object()  # a value whose type the checker does not follow (a filter's result)


# -- the contract: templates use only documented fields ---------------------------------------

def _fields(tp: type) -> dict[str, object]:
    return typing.get_type_hints(tp)


def _unwrap(tp: object) -> object:
    """`X | None` → X."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else ANY
    return tp


def _names(target: nodes.Node) -> list[nodes.Name]:
    """The names a loop or `set` binds (find_all skips the node itself)."""
    return [target] if isinstance(target, nodes.Name) else list(target.find_all(nodes.Name))


class ContractChecker:
    """Walks a template's AST, following types from the context dataclass into loops."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.problems: list[str] = []

    def type_of(self, node: nodes.Node, scope: dict[str, object]) -> object:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, ANY)
        if isinstance(node, nodes.Getattr):
            base = _unwrap(self.type_of(node.node, scope))
            if dataclasses.is_dataclass(base):
                return _fields(base).get(node.attr, ANY)  # type: ignore[arg-type]
        return ANY

    def visit(self, node: nodes.Node, scope: dict[str, object]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            element = _unwrap(self.type_of(node.iter, scope))
            inner = typing.get_args(element)[0] if typing.get_origin(element) is list else ANY
            scope = {**scope, "loop": LOOP}
            for target in _names(node.target):
                scope[target.name] = inner
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            for target in _names(node.target):
                scope[target.name] = self.type_of(node.node, scope)
            return
        if isinstance(node, nodes.Macro):
            inner = {**scope, **{arg.name: ANY for arg in node.args}}
            for child in node.body:
                self.visit(child, inner)
            scope[node.name] = ANY
            return
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in scope:
            self.problems.append(f"{self.template}:{node.lineno}: {node.name!r} is not a field "
                                 "of the documented context")
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            self.check_attribute(node, scope)
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def check_attribute(self, node: nodes.Getattr | nodes.Getitem,
                        scope: dict[str, object]) -> None:
        if isinstance(node, nodes.Getattr):
            attr = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            attr = node.arg.value
        else:
            return  # indexing a list by number: fine
        base = _unwrap(self.type_of(node.node, scope))
        if base is LOOP:
            ok = attr in LOOP_FIELDS
        elif dataclasses.is_dataclass(base):
            ok = attr in _fields(base)  # type: ignore[arg-type]
        else:
            ok = base is ANY and not isinstance(node.node, nodes.Name | nodes.Getattr)
        if not ok:
            where = getattr(base, "__name__", str(base))
            self.problems.append(f"{self.template}:{node.lineno}: .{attr} is not a documented "
                                 f"field (of {where})")


def contract_problems(env: jinja2.Environment, name: str, context: type) -> list[str]:
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    checker = ContractChecker(name)
    checker.visit(env.parse(source), {f: tp for f, tp in _fields(context).items()})
    return checker.problems


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_shipped_templates_use_only_documented_fields(name: str) -> None:
    env = template_environment(Config())
    assert contract_problems(env, name, CONTEXTS[name]) == []


@pytest.mark.parametrize("snippet, problem", [
    ("{{ titel }}", "'titel' is not a field"),
    ("{% for s in sections %}{{ s.title }}{% endfor %}", ".title is not a documented"),
    ("{% for s in sections %}{% for i in s.items %}{{ i.summary }}{% endfor %}{% endfor %}",
     ".summary is not a documented"),
    ("{% for s in sections %}{% for i in s.items %}{% for q in i.quotes %}{{ q.author }}"
     "{% endfor %}{% endfor %}{% endfor %}", ".author is not a documented"),
    ("{{ title.split(' ')[0] }}", ".split is not a documented"),
    ("{% for s in sections %}{{ loop.idx }}{% endfor %}", ".idx is not a documented"),
])
def test_the_contract_check_catches_undocumented_fields(tmp_path: Path, snippet: str,
                                                       problem: str) -> None:
    (tmp_path / "email.txt").write_text(f"line one\n{snippet}\n", encoding="utf-8")
    env = template_environment(Config(root=tmp_path, output=dataclasses.replace(
        Config().output, templates=str(tmp_path))))
    problems = contract_problems(env, "email.txt", ctx.DigestContext)
    assert len(problems) == 1 and problem in problems[0] and "email.txt:2" in problems[0]


def test_every_context_field_is_documented_in_code_and_readme() -> None:
    source = (ROOT / "digest" / "context.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = readme[readme.index("## Templates"):]
    readme = readme[: readme.index("\n## ")]
    for context in (ctx.DigestContext, ctx.SectionContext, ctx.ItemContext, ctx.ArchiveContext,
                    ctx.ArchiveEntry):
        for field in dataclasses.fields(context):
            assert re.search(rf"^    {field.name}: .+  # \S", source, re.M), field.name
            assert f"`{field.name}`" in readme, f"README documents {context.__name__}.{field.name}"


# -- overrides ----------------------------------------------------------------------------------

def _with_templates(project: Path, files: dict[str, str]) -> Config:
    folder = project / "my-templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return design_config(project, '[output]\ntemplates = "my-templates"\n')


def test_a_template_in_the_configured_folder_overrides_the_shipped_one(project: Path) -> None:
    page_template = "<p>{{ title }} has {{ article_count }}</p>\n"
    config = _with_templates(project, {"digest.html": page_template})
    rendered = render_digest(big_digest(project, 3), config, dates=[])
    page = (rendered.folder / "index.html").read_text()
    assert page == "<p>Daily Digest — Friday 27 November 2026 has 3</p>\n"
    assert "View in browser" in rendered.email_html  # the others are still the shipped ones


def test_an_override_can_extend_the_shipped_template(project: Path) -> None:
    config = _with_templates(project, {
        "email.mjml": '{% extends "default:email.mjml" %}\n{% block footer %}\n'
                      "<mj-section><mj-column><mj-text>Sent with care by the Varrow Courier. "
                      '<a href="{{ unsubscribe_url }}">Leave</a></mj-text>'
                      "</mj-column></mj-section>\n"
                      "{% endblock %}\n",
        "email.txt": '{% extends "default:email.txt" %}\n'
                     "{% block item %}* {{ item.title }} ({{ item.reading_minutes }} min)\n"
                     "{% endblock %}\n",
    })
    digest = big_digest(project, 3)
    rendered = render_digest(digest, config, dates=[])
    assert "Sent with care by the Varrow Courier" in rendered.email_html
    assert "Past digests" not in rendered.email_html  # the shipped footer was replaced
    assert "IN THIS ISSUE" in rendered.email_html  # the rest is the shipped template
    assert ctx.UNSUBSCRIBE_MARKER in rendered.email_html
    for item in digest.items:
        assert f"* {item.article.title} (" in rendered.email_text
    assert "Unsubscribe: " in rendered.email_text


# -- errors name the template and the line --------------------------------------------------------

def test_a_syntax_error_names_the_template_and_line(project: Path) -> None:
    broken = "<h1>{{ title }}</h1>\n\n{% for s in sections %}\n"
    config = _with_templates(project, {"digest.html": broken})
    with pytest.raises(TemplateError) as error:
        render_digest(big_digest(project, 2), config, dates=[])
    assert re.search(r"my-templates/digest\.html, line \d", error.value.message)


def test_an_unknown_name_names_the_template_line_and_the_context(project: Path) -> None:
    config = _with_templates(project, {
        "email.txt": '{% extends "default:email.txt" %}\n{% block footer %}\n\n'
                     "Bye {{ subscriber_name }}\n{% endblock %}\n"})
    with pytest.raises(TemplateError) as error:
        render_digest(big_digest(project, 2), config, dates=[])
    assert "my-templates/email.txt, line 4" in error.value.message
    assert "subscriber_name" in error.value.message
    assert "DigestContext" in str(error.value.hint)


def test_the_cli_reports_a_template_error_without_a_traceback(project: Path) -> None:
    _with_templates(project, {"email.mjml": "<mjml>\n<mj-body>\n{{ sections[0].nope }}\n"})
    result = CliRunner().invoke(cli, ["build", "--config", str(project / "config.toml"),
                                      "--date", DAY.isoformat()])
    assert result.exit_code == 1
    assert "email.mjml, line 3" in result.output
    assert "Traceback" not in result.output


def test_a_missing_template_lists_where_it_looked(project: Path) -> None:
    config = _with_templates(project, {})
    env = template_environment(config)
    with pytest.raises(TemplateError) as error:
        render_template(env, "weekly.html", ctx.ArchiveContext("x", [], "feed.xml"))
    assert str(project / "my-templates") in error.value.message
    assert str(SHIPPED_TEMPLATES) in error.value.message


def test_mjml_left_in_the_output_is_an_error_and_images_need_alt_text(
        caplog: pytest.LogCaptureFixture) -> None:
    body = "<mjml><mj-body><mj-section><mj-column>{}</mj-column></mj-section></mj-body></mjml>"
    with pytest.raises(TemplateError, match="mj-txt"):
        compile_email(body.format("<mj-txt>typo</mj-txt>"))
    with caplog.at_level(logging.WARNING):
        compile_email(body.format('<mj-image src="https://example.org/logo.png" alt="Logo" />'))
    assert "alt text" not in caplog.text
    with caplog.at_level(logging.WARNING):
        compile_email(body.format('<mj-image src="https://example.org/logo.png" />'))
    assert "logo.png has no alt text" in caplog.text


def test_unbalanced_mjml_names_the_tag_and_line() -> None:
    source = ("<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n"
              '<mj-text css-class="a>b">hi\n<mj-image src="x.png" alt="x" />\n'
              "</mj-column>\n</mj-section>\n</mj-body>\n</mjml>\n")
    with pytest.raises(TemplateError) as error:
        compile_email(source)
    assert "<mj-text> on line 5 of the rendered MJML is not closed" in error.value.message
    assert unclosed_mjml_tag(source.replace("hi\n", "hi</mj-text>\n")) is None


def test_autoescape_is_on_for_html_and_mjml_and_off_for_text(tmp_path: Path) -> None:
    write_config(tmp_path)
    env = template_environment(Config())
    for name, escaped in [("digest.html", True), ("email.mjml", True), ("email.txt", False),
                          ("default:email.mjml", True)]:
        template = env.get_template(name)
        assert template.environment.autoescape(name) is escaped, name  # type: ignore[operator]
