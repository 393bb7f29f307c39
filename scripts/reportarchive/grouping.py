"""Grouping translations into reports by their (normalized) source URL.

A report's slug is derived from its source URL alone, so it is the same in
every language tree and does not change when other seeds come and go.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from . import timing
from .records import Problem, Report, Translation

TRACKING_PARAMS = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ref|ref_src|spm|si)$",
    re.IGNORECASE,
)
SLUG_WORDS_CHARS = 60  # the readable part of a slug, cut at a hyphen
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_web_url(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


@cache
def normalize_url(url: str) -> str:
    """The form under which two source URLs are the same article.

    Scheme (http/https), host case, a leading ``www.``, default ports,
    trailing slashes, fragments and tracking parameters do not matter.
    Anything that is not a web URL is only trimmed.
    """
    url = url.strip()
    if not is_web_url(url):
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, _DEFAULT_PORTS.get(parts.scheme.lower())) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path.rstrip("/")
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)], safe=":/"
    )
    return urlunsplit(("https", netloc, path, query, ""))


def _ascii_words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _readable_part(normalized_url: str) -> str:
    parts = urlsplit(normalized_url)
    candidates = re.split(r"[/=&:;?]", unquote(parts.path) + "/" + unquote(parts.query))
    words = [_ascii_words(c) for c in candidates]
    words = [w for w in words if w and not w.isdigit()]
    wordy = [w for w in words if w.count("-") >= 2]
    best = (wordy or words or [_ascii_words(parts.hostname or "")] or ["report"])[-1] or "report"
    if len(best) > SLUG_WORDS_CHARS:
        best = best[:SLUG_WORDS_CHARS].rsplit("-", 1)[0]
    return best


@cache  # the translations of a report share their source
def slug_for_source(normalized_url: str) -> str:
    digest = hashlib.sha256(normalized_url.encode("utf-8")).hexdigest()[:6]
    return f"{_readable_part(normalized_url)}-{digest}"


def slug_for_seed(src_uri: str) -> str:
    stem = src_uri.rsplit("/", 1)[-1].removesuffix(".txt")
    digest = hashlib.sha256(src_uri.encode("utf-8")).hexdigest()[:6]
    return f"{_ascii_words(stem)[:SLUG_WORDS_CHARS] or 'report'}-{digest}"


@timing.stage("group")
def group(translations: list[Translation]) -> tuple[list[Report], list[Problem]]:
    """One report per normalized source; a seed without source stands alone.

    Two seeds in the same language for the same source cannot both be that
    report's translation: the first (by file name) wins, the other is reported.
    """
    by_key: dict[str, list[Translation]] = {}
    sources: dict[str, str | None] = {}
    problems: list[Problem] = []
    for translation in sorted(translations, key=lambda t: t.src_uri):
        url = translation.content.source_url
        if url:
            normalized = normalize_url(url)
            key = slug_for_source(normalized)
            sources.setdefault(key, url)
        else:
            key = slug_for_seed(translation.src_uri)
            sources.setdefault(key, None)
        siblings = by_key.setdefault(key, [])
        clash = next((t for t in siblings if t.language == translation.language), None)
        if clash:
            problems.append(
                Problem(
                    translation.src_uri,
                    f"same source and language ({translation.language}) as {clash.src_uri}; skipped",
                    translation.content.source_line,
                )
            )
            continue
        siblings.append(translation)
    reports = [
        Report(slug, sources[slug], tuple(sorted(members, key=lambda t: t.language)))
        for slug, members in sorted(by_key.items())
    ]
    return reports, problems
