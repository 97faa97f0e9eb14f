"""The web application (plain WSGI): the archive, digests, email previews, subscriber pages."""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

import jinja2

from digest import subscription
from digest.assemble import digest_title
from digest.config import Config
from digest.deliver import Transport, compose, make_transport
from digest.errors import DeliveryError, DigestError
from digest.models import Subscriber
from digest.render import GMAIL_CLIP_BYTES, load_rendered, template_environment
from digest.store import Store
from digest.tokens import BadToken
from digest.wsgi import STATUS_TEXT, Refused, Request, Response, output_file

logger = logging.getLogger(__name__)

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# the example subscriber an email preview is addressed to; .invalid can never be a real mailbox
PREVIEW_SUBSCRIBER = Subscriber(email="reader@example.invalid", name="A. Reader")
WIDTHS = {"desktop": ("Desktop", 1000), "mobile": ("Mobile", 375)}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def base_url_warning(url: str) -> str | None:
    """A warning about delivery.base_url for the operator; DigestError when links cannot work."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DigestError(f"delivery.base_url {url!r} is not an http(s) address",
                          hint="set delivery.base_url to where `digest serve` is reachable, "
                               "e.g. https://news.example.org")
    if parts.scheme == "http":
        return (f"delivery.base_url {url} is http://: fine for local testing, but mailbox "
                "providers expect https:// links (and one-click unsubscribe needs https)")
    return None


class WebApp:
    """The WSGI application; `config` may be replaced while it runs (live preview)."""

    def __init__(
        self, config: Config, *, now: Callable[[], dt.datetime] = utc_now,
        transport: Callable[[Config], Transport] = make_transport,
        inject: Callable[[bytes], bytes] | None = None,
        extra_routes: dict[str, Callable[[Request], Response]] | None = None,
    ) -> None:
        self.config = config
        # made (if need be) before any request, so concurrent first requests cannot race for it
        subscription.config_secret(config)
        self.now = now
        self.transport = transport
        self.inject = inject  # adds the live-reload script to HTML pages
        self.extra_routes = extra_routes or {}
        self.routes: dict[str, Callable[[Request], Response]] = {
            "/latest": self.latest,
            "/unsubscribe": self.unsubscribe,
            "/subscribe": self.subscribe,
            "/confirm": self.confirm,
        }

    # -- plumbing ---------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        # WSGI hands the path over as latin-1 text; the URL itself was UTF-8
        raw_path = environ.get("PATH_INFO", "") or "/"
        try:
            path = raw_path.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            path = raw_path
        query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""),
                                            keep_blank_values=True))
        request = Request(method, path, query, environ)
        try:
            response = self.dispatch(request)
        except DigestError as exc:  # e.g. a broken template: say so in the log, not the page
            logger.error("%s %s: %s", method, path, exc.message)
            response = self.failure()
        except Exception:
            logger.exception("%s %s failed", method, path)
            response = self.failure()
        headers = [("Content-Type", response.content_type),
                   ("Content-Length", str(len(response.body))),
                   ("X-Content-Type-Options", "nosniff"),
                   ("X-Frame-Options", "SAMEORIGIN"),
                   *response.headers]
        reason = STATUS_TEXT.get(response.status, "")
        start_response(f"{response.status} {reason}", headers)
        return [b""] if method == "HEAD" else [response.body]

    @staticmethod
    def failure() -> Response:
        # plain text: the templates themselves may be what failed
        return Response(500, b"The server could not complete this request. Try again later.\n",
                        "text/plain; charset=utf-8")

    def dispatch(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return self.page(405, "Method not allowed", "This address only answers GET and POST.")
        route = self.routes.get(request.path) or self.extra_routes.get(request.path)
        if route is not None:
            return route(request)
        if request.method == "POST":
            return self.page(405, "Method not allowed", "Nothing here accepts a form.")
        return self.output(request)

    def env(self) -> jinja2.Environment:
        return template_environment(self.config)

    def html(self, status: int, template: str, home: str = "./", **values: Any) -> Response:
        env = self.env()
        body = env.get_template(template).render(
            list_title=self.config.digest.title, home=home, **values)
        return self.finish(Response(status, body.encode("utf-8")))

    def finish(self, response: Response) -> Response:
        if self.inject is not None and response.content_type.startswith("text/html"):
            response.body = self.inject(response.body)
        return response

    def page(self, status: int, heading: str, text: str, home: str = "./") -> Response:
        return self.html(status, "web/message.html", home=home, heading=heading, text=text)

    def private(self, response: Response) -> Response:
        """Pages reached by a signed link: not cached, and the token never leaks as a Referer."""
        response.headers += [("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer")]
        return response

    # -- the archive and the digests --------------------------------------------------------

    def output(self, request: Request) -> Response:
        root = self.config.output_dir
        path = request.path
        head, _, tail = path.lstrip("/").partition("/")
        if DATE_RE.fullmatch(head):
            if path == f"/{head}":  # relative links inside the page need the slash
                return Response(301, b"", headers=[("Location", f"{head}/")])
            if tail in ("email", "email.html", "email.txt"):
                return self.email(request, head, tail)
        # links stay relative so the site also works under a reverse proxy's path prefix
        home = "../" * (path.count("/") - 1) or "./"
        try:
            target = output_file(root, path)
        except Refused:
            logger.warning("refused a request outside the output folder: %r", path)
            return self.page(400, "Bad request", "That address is not valid.", home=home)
        if target is None:
            if path == "/":
                return self.page(200, "No digests yet",
                                 "Run `digest build` to make the first one.")
            return self.page(404, "Not found", "There is no page at this address.", home=home)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/json", "application/javascript"):
            ctype += "; charset=utf-8"
        response = Response(200, target.read_bytes(), ctype, [("Cache-Control", "no-cache")])
        return self.finish(response)

    def latest(self, request: Request) -> Response:
        dates = sorted(page.parent.name for page in self.config.output_dir.glob("*/index.html")
                       if DATE_RE.fullmatch(page.parent.name))
        if not dates:
            return self.page(404, "No digests yet", "Run `digest build` to make the first one.",
                             home="./")
        return Response(302, b"", headers=[("Location", f"{dates[-1]}/"),
                                           ("Cache-Control", "no-cache")])

    def email(self, request: Request, date_text: str, what: str) -> Response:
        """The email exactly as composed for a subscriber: its HTML, its text, or a preview."""
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            return self.page(404, "Not found", "There is no digest for this date.", home="../")
        rendered = load_rendered(self.config, date)
        if rendered is None:
            return self.page(404, "Not found", "There is no digest for this date.", home="../")
        message = compose(
            self.config, rendered, date=date, title=digest_title(self.config.digest.title, date),
            subscriber=PREVIEW_SUBSCRIBER, now=self.now(),
            secret=subscription.config_secret(self.config),
        )
        html_part = message.get_body(("html",)).get_content()
        text_part = message.get_body(("plain",)).get_content()
        if what == "email.html":
            return Response(200, html_part.encode("utf-8"))
        if what == "email.txt":
            return Response(200, text_part.encode("utf-8"), "text/plain; charset=utf-8")
        width = request.query.get("width", "desktop")
        width = width if width in WIDTHS else "desktop"
        size = len(html_part.encode("utf-8"))
        return self.html(
            200, "web/email.html", home="../", subject=message["Subject"],
            sender=message["From"], recipient=message["To"], size_kb=f"{size / 1024:.1f}",
            clipped=size > GMAIL_CLIP_BYTES, width=width, pixels=WIDTHS[width][1],
            widths=[{"name": k, "label": v[0]} for k, v in WIDTHS.items()],
        )

    # -- subscriber pages -------------------------------------------------------------------

    def _store(self) -> Store:
        # one connection per request: SQLite connections must stay on their thread
        return Store(self.config.store_path)

    def _bad_link(self) -> Response:
        # the same words for forged, altered, expired and foreign tokens: nothing to learn
        return self.private(self.page(
            400, "This link is not valid",
            "It may be incomplete or out of date. Copy the whole link from the email, "
            "or subscribe again."))

    def unsubscribe(self, request: Request) -> Response:
        """GET asks for confirmation; POST List-Unsubscribe=One-Click unsubscribes (RFC 8058)."""
        try:
            form = request.form() if request.method == "POST" else {}
        except OverflowError:
            return self.page(413, "Too large", "That request is too large.")
        except ValueError:
            return self.page(400, "Bad request", "That request is not valid.")
        token = request.query.get("token") or form.get("token", "")
        if request.method != "POST":
            try:
                claims = subscription.check_token(self.config, token, purpose="unsubscribe",
                                                  now=self.now())
            except BadToken:
                return self._bad_link()
            return self.private(self.html(200, "web/unsubscribe.html", email=claims.email,
                                          token=token, done=False))
        if form.get("List-Unsubscribe") != "One-Click":
            return self.private(self.page(
                400, "Bad request", "An unsubscribe request must say List-Unsubscribe=One-Click.",
                home="./"))
        with self._store() as store:
            try:
                address = subscription.unsubscribe(self.config, store, token, now=self.now())
            except BadToken:
                return self._bad_link()
        return self.private(self.html(200, "web/unsubscribe.html", email=address, token="",
                                      done=True))

    def subscribe(self, request: Request) -> Response:
        """The form, and the request that mails a confirmation link."""
        values = {"confirm_hours": self.config.server.confirm_hours, "sent_to": "",
                  "error": "", "email": "", "name": ""}
        if request.method != "POST":
            return self.html(200, "web/subscribe.html", **values)
        try:
            form = request.form()
        except OverflowError:
            return self.page(413, "Too large", "That request is too large.")
        except ValueError:
            return self.page(400, "Bad request", "That request is not valid.")
        values.update(email=form.get("email", ""), name=form.get("name", ""))
        with self._store() as store:
            try:
                outcome = subscription.request_subscription(
                    self.config, store, email=values["email"], name=values["name"],
                    transport=self.transport(self.config), now=self.now())
            except subscription.InvalidAddress as exc:
                return self.html(400, "web/subscribe.html",
                                 **{**values, "error": f"That is not an email address: {exc}"})
            except subscription.RateLimited:
                return self.html(429, "web/subscribe.html", **{
                    **values, "error": "We have sent several confirmation emails to this "
                                       "address lately. Check your inbox, or try again tomorrow."})
            except DeliveryError as exc:
                logger.error("subscribe: %s", exc.message)
                return self.html(503, "web/subscribe.html", **{
                    **values, "error": "We could not send the confirmation email just now. "
                                       "Please try again later."})
        return self.html(200, "web/subscribe.html", **{**values, "sent_to": outcome.email})

    def confirm(self, request: Request) -> Response:
        """GET shows a button (link scanners must not confirm); POST confirms."""
        token = request.query.get("token", "")
        try:
            claims = subscription.check_token(self.config, token, purpose="confirm",
                                              now=self.now())
        except BadToken:
            return self._bad_link()
        if request.method != "POST":
            return self.private(self.html(200, "web/confirm.html", email=claims.email,
                                          token=token, done=False))
        with self._store() as store:
            address = subscription.confirm(self.config, store, token, now=self.now())
        if address is None:
            return self.private(self.page(
                400, "This link is not valid",
                "This subscription request is no longer pending. Subscribe again."))
        return self.private(self.html(200, "web/confirm.html", email=address, token="",
                                      done=True))
