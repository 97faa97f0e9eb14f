"""The `digest` command: thin click commands over the library."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import sys
import threading
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from digest import build as pipeline
from digest.config import DEFAULT_CONFIG, Config, load_config
from digest.errors import DigestError
from digest.models import Article


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--config PATH, loaded and validated before the command runs."""

    @click.option("--config", "config_path", default=DEFAULT_CONFIG, show_default=True,
                  type=click.Path(dir_okay=False), help="The configuration file.")
    @functools.wraps(func)
    def wrapper(*args: Any, config_path: str, **kwargs: Any) -> Any:
        return func(*args, config=load_config(config_path), **kwargs)

    return wrapper


def date_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--date YYYY-MM-DD, today by default."""
    return click.option(
        "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
        help="The digest's date, YYYY-MM-DD (default: today).",
    )(func)


def _day(day: dt.datetime | None) -> dt.date:
    return day.date() if day else dt.date.today()


def _report_build(result: pipeline.BuildResult, today: dt.date) -> None:
    failed = tuple(f"{name}: " for name in result.failed_sources)
    for problem in result.problems:
        if not problem.startswith(failed):  # a failed source's reasons are said just below
            click.secho(f"warning: {problem}", fg="yellow", err=True)
    for name, reason in result.failed_sources.items():
        click.secho(f"source {name} failed, tried again next run: {reason}", fg="red", err=True)
    if result.merged:
        click.echo(f"{result.merged} article(s) repeated a story from another source "
                   "and were merged into it.")
    if result.digest is None:
        click.echo(f"No new articles for {today}: no digest built, nothing sent.")
        return
    click.echo(f"Built {result.digest.title}: {len(result.digest.items)} articles "
               f"({result.new_articles} new) in {result.rendered.folder}")


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress, not just problems.")
@click.version_option(package_name="digest")
def cli(verbose: bool) -> None:
    """Turn news articles into a dated daily digest and email it to subscribers.

    \b
    Example:
      digest run            # build today's digest and deliver it
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@config_option
@date_option
def run(config: Config, day: dt.datetime | None) -> None:
    """Collect, summarize, render and deliver the digest.

    \b
    Example:
      digest run --date 2026-11-27
    """
    today = _day(day)
    with _progress_bar(f"Sending {today}") as progress:
        result = pipeline.run_daily(config, today=today, progress=progress)
    if result.build is None:
        click.echo(f"The digest for {today} was already built: not building it again.")
    else:
        _report_build(result.build, today)
    if result.send is not None:
        _report_send(result.send, brief=True)


@cli.command()
@config_option
@date_option
def build(config: Config, day: dt.datetime | None) -> None:
    """Build the digest without delivering it.

    \b
    Example:
      digest build --date 2026-11-27
    """
    from digest.locks import locked

    today = _day(day)
    with locked(config.store_path):  # not while the daily job runs
        _report_build(pipeline.build_digest(config, today=today), today)


@contextlib.contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _report_send(report: pipeline.SendReport, *, brief: bool = False) -> None:
    """Say what a send did; `brief` (the daily job) says only what changed."""
    if not brief:
        click.echo(f"Sent {len(report.sent)}, already had it {len(report.skipped)}, "
                   f"failed {len(report.failed)}.")
    elif report.sent:
        click.echo(f"Sent to {len(report.sent)} subscriber(s).")
    elif not report.failed:
        click.echo("Nothing new to send: every subscriber already has this digest.")
    if report.in_doubt:
        click.secho("in doubt (an earlier run was interrupted), sent again: "
                    + ", ".join(report.in_doubt), fg="yellow", err=True)
    if report.failed:
        raise DigestError(f"{len(report.failed)} delivery(ies) failed: "
                          + ", ".join(report.failed),
                          hint="`digest -v send` logs each server answer")


@cli.command()
@config_option
@date_option
@click.option("--to", "address", default=None, metavar="ADDRESS",
              help="Send one test copy to ADDRESS only; the ledger is not touched.")
@click.option("--dry-run", is_flag=True, help="Show who would get what; send nothing.")
def send(config: Config, day: dt.datetime | None, address: str | None, dry_run: bool) -> None:
    """Deliver a digest that was already built, once to each active subscriber.

    \b
    Example:
      digest send --date 2026-11-27 --dry-run
      digest send --to me@example.org
    """
    today = _day(day)
    if dry_run:
        planned = pipeline.plan(config, today=today)
        for item in planned:
            click.echo(f"{item.action:<18} {item.subscriber.email}\t{item.message_id}")
        count = sum(item.action in ("send", "retry", "resend (in doubt)") for item in planned)
        click.echo(f"Would send {count} of {len(planned)} (dry run: nothing sent).")
        return
    if address:
        from digest.subscribers import check_address

        mid = pipeline.send_test(config, today=today, address=check_address(address))
        click.echo(f"Sent a test copy of {today} to {address} ({mid}); not recorded.")
        return
    from digest.locks import locked

    with locked(config.store_path), _progress_bar(f"Sending {today}") as progress:
        # two senders at once could both send to someone
        report = pipeline.send(config, today=today, progress=progress)
    _report_send(report)


def _warn_base_url(config: Config) -> None:
    from digest.web import base_url_warning

    warning = base_url_warning(config.delivery.base_url)
    if warning:
        click.secho(f"warning: {warning}", fg="yellow", err=True)


@cli.command()
@click.option("--config", "config_path", default=DEFAULT_CONFIG, show_default=True,
              type=click.Path(dir_okay=False), help="The configuration file.")
@date_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port (0 picks a free one).")
@click.option("--open/--no-open", "open_browser", default=True, help="Open the browser.")
def preview(config_path: str, day: dt.datetime | None, host: str, port: int,
            open_browser: bool) -> None:
    """Build, serve on 127.0.0.1, open the browser; rebuild and reload on every change.

    Watches the config, the templates and the source folders: saving one rebuilds the
    digest and the open page reloads by itself.

    \b
    Example:
      digest preview --no-open --port 8080
    """
    from digest.serve import start_preview

    config = load_config(config_path)
    _warn_base_url(config)
    preview = start_preview(Path(config_path), host=host, port=port,
                            today=lambda: _day(day))
    url = preview.url + "latest"
    click.echo(f"Previewing at {url} (Ctrl-C to stop); the email is at DATE/email")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()


@cli.command()
@config_option
@click.option("--host", default=None, help="Address to listen on [default: server.host].")
@click.option("--port", default=None, type=int,
              help="Port to listen on [default: server.port].")
def serve(config: Config, host: str | None, port: int | None) -> None:
    """Serve the archive and the subscriber pages, e.g. behind a reverse proxy.

    \b
    Example:
      digest serve --host 0.0.0.0 --port 8000
    """
    from digest.serve import make_server, server_url
    from digest.web import WebApp

    _warn_base_url(config)
    server = make_server(WebApp(config), host=host or config.server.host,
                         port=config.server.port if port is None else port)
    click.echo(f"Serving at {server_url(server)} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@config_option
@click.option("--once", is_flag=True,
              help="Run the job if it is due (or was missed and not done), then exit.")
def schedule(config: Config, once: bool) -> None:
    """Run the daily job at schedule.time on schedule.days, until stopped.

    It catches up a run missed while stopped or asleep, retries a failed run, and never
    builds or sends a date twice, even next to another scheduler or a `digest run`.
    SIGTERM or Ctrl-C stops it after the current step.

    \b
    Example:
      digest schedule --config /etc/digest/config.toml
      digest schedule --once     # from cron, every 15 minutes
    """
    from digest.scheduler import DailyScheduler, stop_on_signals

    stop = threading.Event()
    scheduler = DailyScheduler(
        config, job=lambda day: pipeline.run_daily(config, today=day, stop=stop.is_set),
        announce=click.echo, stop=stop,
    )
    with stop_on_signals(stop, announce=click.echo):
        ok = scheduler.run(once=once)
    if not once:
        click.echo("Stopped.")
    elif not ok:
        sys.exit(1)  # for cron: the due run failed (a stopped service is not a failure)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--sentences", "-n", default=3, show_default=True, help="Key sentences.")
@click.option("--quotes", default=2, show_default=True, help="Quotes, at most.")
@click.option("--method", default="default", show_default=True, help="Summarizer method.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def summarize(file: str, sentences: int, quotes: int, method: str, as_json: bool) -> None:
    """Summarize one article (a seed-format or plain text file, or - for stdin).

    \b
    Example:
      digest summarize seeds/001_harbour.txt --sentences 2 --json
    """
    from digest.sources import parse_seed
    from digest.summarize import summarize as summarize_text

    if file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DigestError(f"cannot read {file}: {exc}") from None
    article: Article = parse_seed(text, source="cli", article_id=file)
    result = summarize_text(article.text, sentences=sentences, quotes=quotes, method=method)
    if as_json:
        click.echo(json.dumps({
            "title": article.title,
            "sentences": list(result.sentences),
            "quotes": [{"text": q.text, "speaker": q.speaker} for q in result.quotes],
        }, ensure_ascii=False, indent=2))
        return
    click.echo(article.title)
    for sentence in result.sentences:
        click.echo(f"- {sentence}")
    for quote in result.quotes:
        click.echo(f"  “{quote.text}”" + (f" — {quote.speaker}" if quote.speaker else ""))


@cli.command("sources")
@config_option
def sources_command(config: Config) -> None:
    """List the sources and how each fared on its last run.

    \b
    Example:
      digest sources
    """
    from digest.store import Store

    with Store(config.store_path) as store:
        status = store.source_status()
    for source in config.sources:
        error, failures = status.get(source.name, (None, 0))
        if source.name not in status:
            state = "not collected yet"
        elif error is None:
            state = "ok"
        else:
            state = f"failing for {failures} run(s): {error}"
        click.echo(f"{source.name} ({source.kind} {source.url or source.path}): {state}")


@cli.group()
def subscribers() -> None:
    """Manage who receives the digest.

    \b
    Example:
      digest subscribers add reader@example.org --name "A. Reader"
    """


@subscribers.command("add")
@config_option
@click.argument("email")
@click.option("--name", default=None, help="The subscriber's name.")
@click.option("--pending", is_flag=True, help="Add as pending (waiting to confirm).")
def subscribers_add(config: Config, email: str, name: str | None, pending: bool) -> None:
    """Add a subscriber (an unsubscribed or bounced address stays so).

    \b
    Example:
      digest subscribers add reader@example.org --name "A. Reader"
    """
    from digest import subscribers as lists

    with pipeline.open_store(config) as store:
        sub, before = lists.add(store, email, name=name,
                                status="pending" if pending else "active")
    if before is None:
        click.echo(f"Added {sub.email} ({sub.status}).")
    elif before in lists.FINAL:
        raise DigestError(f"{sub.email} is {before}: it will not be mailed again",
                          hint="they can subscribe again themselves from the web page")
    else:
        click.echo(f"{sub.email} is already on the list ({sub.status}).")


@subscribers.command("remove")
@config_option
@click.argument("email")
@click.option("--forget", is_flag=True,
              help="Erase the address entirely (a later import could add it again).")
def subscribers_remove(config: Config, email: str, forget: bool) -> None:
    """Stop mailing a subscriber (kept as unsubscribed, so no import brings them back).

    \b
    Example:
      digest subscribers remove reader@example.org
    """
    from digest import subscribers as lists

    with pipeline.open_store(config) as store:
        if not lists.remove(store, email, forget=forget):
            raise DigestError(f"{email} is not a subscriber")
    click.echo(f"Erased {email}." if forget else f"Unsubscribed {email}.")


@subscribers.command("list")
@config_option
@click.option("--status", type=click.Choice(["pending", "active", "unsubscribed", "bounced"]),
              default=None, help="Only subscribers in this state.")
def subscribers_list(config: Config, status: str | None) -> None:
    """List subscribers and their state.

    \b
    Example:
      digest subscribers list --status active
    """
    with pipeline.open_store(config) as store:
        for sub in store.subscribers(status):
            click.echo(f"{sub.email}\t{sub.status}\t{sub.name or ''}")


@subscribers.command("import")
@config_option
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def subscribers_import(config: Config, file: Any) -> None:
    """Import subscribers from a CSV with an email column (name and status optional).

    \b
    Example:
      digest subscribers import readers.csv
    """
    from digest import subscribers as lists

    with pipeline.open_store(config) as store:
        report = lists.import_csv(store, file)
    for problem in report.problems:
        click.secho(f"skipped {problem}", fg="yellow", err=True)
    for address, state in report.kept:
        click.echo(f"kept {address} {state}: it will not be mailed again")
    click.echo(f"Imported {len(report.added)} new, updated {len(report.updated)}, "
               f"kept {len(report.kept)} unsubscribed or bounced, "
               f"skipped {len(report.problems)} bad row(s).")


@subscribers.command("export")
@config_option
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="Write to this file instead of standard output.")
def subscribers_export(config: Config, output: Any) -> None:
    """Export every subscriber and their state as CSV (readable by import).

    \b
    Example:
      digest subscribers export -o readers.csv
    """
    from digest import subscribers as lists

    with pipeline.open_store(config) as store:
        output.write(lists.export_csv(store.subscribers()))


def main() -> None:
    """Entry point of the `digest` console command."""
    cli(prog_name="digest")
