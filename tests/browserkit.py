"""Browser-test plumbing: Debian's Chromium via Playwright, a static server
that can mount the site under a sub-path, and a guard that aborts and counts
every request to another host."""

from __future__ import annotations

import functools
import html
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bench.processes import CHROMIUM_ARGS, chromium_path  # noqa: F401  (the tests start it as the benchmark does)


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves ``site`` under ``prefix``; a missing page gets its language's 404
    page (or the root one), with status 404, as deploy/nginx-*.conf do; with
    ``language_404s`` off, always the root one, as GitHub Pages does."""

    site: Path
    prefix: str
    language_404s: bool

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(self.site / "__outside_the_site__")
        relative = path[len(self.prefix) :]
        return str(self.site / relative)

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not (target / "index.html").is_file():
            target = target / "__no_index__"
        if not target.exists():
            relative = unquote(urlsplit(self.path).path)[len(self.prefix) :]
            language = relative.split("/", 1)[0]
            page = self.site / language / "404.html"
            if not (self.language_404s and language and page.is_file()):
                page = self.site / "404.html"
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


class SiteServer:
    def __init__(self, site: Path, prefix: str = "/", language_404s: bool = True):
        handler = type("Handler", (_SiteHandler,), {"site": site, "prefix": prefix, "language_404s": language_404s})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class NetworkGuard:
    """Aborts every request that leaves the site's own origin, and remembers it."""

    LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

    def __init__(self, base: str):
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base)) if base.startswith("http") else None
        self.blocked: list[str] = []

    def __call__(self, route):
        url = route.request.url
        if url.startswith(self.LOCAL_SCHEMES) or (self.origin and url.startswith(self.origin + "/")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


class PageProblems:
    """What a site owner's checkers count against a page: failed requests
    (4xx/5xx answers, network errors), messages logged as errors, uncaught
    script errors. A page asked for on purpose that answers 404 (a missing
    address) is not one, nor a request cut short by leaving the page."""

    def __init__(self):
        self.found: list[str] = []
        self._missing_pages: set[str] = set()
        self._console: list = []

    def watch(self, tab) -> None:
        tab.on("response", self._response)
        tab.on("requestfailed", self._failed)
        tab.on("console", lambda message: message.type == "error" and self._console.append(message))
        tab.on("pageerror", lambda error: self.found.append(f"script error: {error}"))

    def _response(self, response) -> None:
        if response.status < 400:
            return
        if response.status == 404 and response.request.is_navigation_request():
            self._missing_pages.add(response.url)
        else:
            self.found.append(f"{response.status} {response.url}")

    def _failed(self, request) -> None:
        if request.failure != "net::ERR_ABORTED":
            self.found.append(f"failed ({request.failure}): {request.url}")

    def problems(self) -> list[str]:
        logged = [
            f"console error: {m.text} ({m.location.get('url')})"
            for m in self._console
            if not (m.text.startswith("Failed to load resource") and m.location.get("url") in self._missing_pages)
        ]
        return self.found + logged


def watched_tab(browser, base: str | None = None, **options):
    """A tab in a new context whose problems are recorded (``PageProblems``)
    and, given the site's ``base``, whose requests elsewhere are aborted and
    counted (``NetworkGuard``). Returns (tab, guard or None, problems); the
    caller closes ``tab.context`` and asserts."""
    context = browser.new_context(**options)
    guard = None
    if base is not None:
        guard = NetworkGuard(base)
        context.route("**/*", guard)
    problems = PageProblems()
    tab = context.new_page()
    problems.watch(tab)
    return tab, guard, problems


def compare_addresses(site: Path, languages: list[str] | None = None) -> list[str]:
    """The compare view of every report a report page links it for (one page
    per language, the report in its address), from the site root; and the
    view with no report and with an address that is not a report's."""
    addresses = []
    for page in sorted(site.glob("*/reports/*.html")):
        language = page.parent.parent.name
        link = re.search(r'class="report-compare"><a href="\.\./(compare\.html\?[^"]+)"', page.read_text())
        if link and (languages is None or language in languages):
            addresses.append(f"{language}/{html.unescape(link.group(1))}")
    first = addresses[0].split("/")[0] if addresses else "fr"
    return addresses + [f"{first}/compare.html", f"{first}/compare.html?report=..%2F..%2Fexports%2Fx"]
