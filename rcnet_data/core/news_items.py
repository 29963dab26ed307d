"""Reading the library's news: RSS 2.0 and Atom feeds (feedparser), saved HTML pages of news
items (their main text found by trafilatura), and plain text in the layout of the library's
site (a section line or none, the title, a date line, the lead). Every item comes back as a
NewsItem; nothing here guesses what an item is about (core.news_events does).

Input that holds no news (a binary file, a page that is not a news item, an empty feed) is
refused with one sentence saying which file and why.
"""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass
from datetime import date
from html import unescape

from rcnet_data.core import columns
from rcnet_data.core.messages import LocalisedError, msg

# The two sections of the library's news, as its Russian and English sites name them.
SECTIONS = {
    "региональная сеть": columns.DOMESTIC,
    "regional network": columns.DOMESTIC,
    "зарубежная сеть": columns.FOREIGN,
    "foreign network": columns.FOREIGN,
}


def _month_names() -> dict[str, int]:
    """Month names as news items write them, from CLDR (Babel): Russian in the genitive of a
    date («16 мая») and the nominative, English in full and abbreviated ("May", "Sep")."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in ("ru", "en"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(name.lower().rstrip("."), number)
    names.setdefault("sept", 9)
    return names


MONTHS = _month_names()
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# «16 мая 2024», «16 мая 2024 г.», "16 May 2024": a line that is only a date.
DATE_LINE = re.compile(rf"^(\d{{1,2}})\s+({MONTH})\.?,?\s+(\d{{4}})(?:\s*(?:г\.?|года))?$", re.IGNORECASE)
MAX_FETCH_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT_S = 30
MIN_TEXT = 60  # characters: less than this is not a news item's text
MAX_ITEMS = 1000  # items read at once: a review table of more is not reviewed by anyone
LEAD_CHARS = 4000  # of an item's text read for its place, host and type: a lead, not a book
BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")


class NewsReadError(LocalisedError, ValueError):
    """The input holds no news item rcnet can read; the message says which and why."""


@dataclass(frozen=True)
class NewsItem:
    title: str
    published: date | None
    lead: str
    url: str = ""
    section: str = ""  # domestic | foreign | "": from the section line or the feed's category
    origin: str = ""  # the file (or address) and the item's number in it

    @property
    def text(self) -> str:
        return f"{self.title}. {self.lead[:LEAD_CHARS]}"


def fetch(url: str) -> bytes:
    """The bytes at an address (only when the user gave one: rcnet reads files offline)."""
    request = urllib.request.Request(url, headers={"User-Agent": "rcnet (news reader)"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310 (the user's address)
            data = response.read(MAX_FETCH_BYTES + 1)
    except OSError as exc:
        raise NewsReadError(msg("news_fetch_failed", name=url, reason=str(exc))) from None
    if len(data) > MAX_FETCH_BYTES:
        raise NewsReadError(msg("news_too_large", name=url, mb=MAX_FETCH_BYTES // (1024 * 1024)))
    return data


def read_news(data: bytes, name: str) -> list[NewsItem]:
    """Every news item in a feed, a saved page or a text; NewsReadError when there is none."""
    kind, text = sniff(data)
    if kind == "binary":
        raise NewsReadError(msg("news_binary", name=name))
    reader = {"feed": read_feed, "html": read_html, "text": read_text}[kind]
    items = reader(text, name)
    if not items:
        raise NewsReadError(msg(f"news_none_{kind}", name=name))
    if len(items) > MAX_ITEMS:
        raise NewsReadError(msg("news_too_many", name=name, n=len(items), limit=MAX_ITEMS))
    return items


def sniff(data: bytes) -> tuple[str, str]:
    """What the bytes are (feed, html, text or binary) and their text."""
    head = data[:4096]
    if head.startswith(BINARY_SIGNATURES) or b"\x00" in head:
        return "binary", ""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return "binary", ""
    if sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t") > 8:
        return "binary", ""
    start = text.lstrip()[:1000].lower()
    if "<rss" in start or "<feed" in start or "<rdf:rdf" in start:
        return "feed", text
    if start.startswith(("<!doctype html", "<html")) or "<body" in text[:20000].lower():
        return "html", text
    if start.startswith("<?xml"):
        return "feed", text
    return "text", text


def _plain(html_text: str) -> str:
    """A feed's HTML fragment as text."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html_text or "")).split())


def _section(terms) -> str:
    for term in terms:
        found = SECTIONS.get(str(term).strip().lower())
        if found:
            return found
    return ""


def read_feed(text: str, name: str) -> list[NewsItem]:
    """RSS 2.0 or Atom, through feedparser: title, link, publication date, summary, category."""
    import feedparser

    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries and not parsed.feed:
        raise NewsReadError(msg("news_bad_feed", name=name))
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        moment = entry.get("published_parsed") or entry.get("updated_parsed")
        lead = entry.get("summary") or ""
        if not lead and entry.get("content"):
            lead = entry["content"][0].get("value", "")
        items.append(
            NewsItem(
                title=_plain(entry.get("title", "")),
                published=date(*moment[:3]) if moment else None,
                lead=_plain(lead),
                url=str(entry.get("link", "") or ""),
                section=_section(tag.get("term", "") for tag in entry.get("tags", [])),
                origin=f"{name}#{number}",
            )
        )
    return [item for item in items if item.title or item.lead]


def read_html(text: str, name: str) -> list[NewsItem]:
    """A saved page of one news item: its main text found by trafilatura (no hand-written
    scraping), the title and date from the page's metadata, the section from its breadcrumbs."""
    import trafilatura

    found = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if found is None:
        return []
    document = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    body = str(document.get("text") or "")
    published = _iso_day(document.get("date"))
    if len(body) < MIN_TEXT or published is None:
        return []
    title = str(document.get("title") or "").split(" | ")[0].strip()
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    lead = " ".join(
        line for line in lines if line != title and not DATE_LINE.match(line) and line.lower() not in SECTIONS
    )
    lowered = text.lower()
    section = next((network for label, network in SECTIONS.items() if label in lowered), "")
    return [NewsItem(title, published, lead, str(document.get("url") or ""), section, f"{name}#1")]


def _iso_day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def date_of_line(line: str) -> date | None:
    """The day a date line names («16 мая 2024», "16 May 2024"), or None."""
    found = DATE_LINE.match(line.strip())
    if not found:
        return None
    day, month, year = int(found.group(1)), MONTHS[found.group(2).lower()], int(found.group(3))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_text(text: str, name: str) -> list[NewsItem]:
    """Text in the layout of the library's site: a section line or none (a section holds
    until the next), the title, a date line, the lead (one or more paragraphs)."""
    lines = [line.strip() for line in text.splitlines()]
    filled = [(index, line) for index, line in enumerate(lines) if line]
    positions = [position for position, (_, line) in enumerate(filled) if date_of_line(line)]
    items = []
    section = ""
    for number, position in enumerate(positions, start=1):
        if position == 0:
            continue  # a date with no title above it
        title = filled[position - 1][1]
        before = filled[position - 2][1].lower() if position >= 2 else ""
        if before in SECTIONS:
            section = SECTIONS[before]
        end = positions[number] - 1 if number < len(positions) else len(filled)  # the next item's title
        lead_lines = [line for _, line in filled[position + 1 : end] if line.lower() not in SECTIONS]
        items.append(
            NewsItem(
                title=title,
                published=date_of_line(filled[position][1]),
                lead=" ".join(lead_lines),
                section=section,
                origin=f"{name}#{len(items) + 1}",
            )
        )
    return items
