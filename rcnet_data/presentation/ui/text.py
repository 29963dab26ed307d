"""User text as text: escaping for Streamlit's markdown, lists of user text, and messages
fit for an editor's screen. No Streamlit here; every module of the package uses it."""

from __future__ import annotations

import re

from rcnet_data.presentation.i18n import t

LIST_LIMIT = 50  # lines of a list shown on a page; the rest are counted


def plain_list(lines: list[str], lang: str) -> str:
    """Lines of user text as a markdown list, each escaped; past LIST_LIMIT, a count."""
    shown = [f"- {plain(line)}" for line in lines[:LIST_LIMIT]]
    if len(lines) > LIST_LIMIT:
        shown.append(f"- {t('and_more', lang, n=len(lines) - LIST_LIMIT)}")
    return "\n".join(shown)


MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$"


def plain(text: str) -> str:
    """User text (a file name, a header, an e-mail) as text in Streamlit's markdown: every
    character that markdown would act on is escaped, so `![x](http://...)` shows as
    written and never becomes an image fetched from elsewhere."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))


def redacted_text(text: str) -> str:
    """A message fit for an editor's screen: any URL's password hidden."""
    from rcnet_data.storage import db

    return re.sub(r"[a-z+]+://\\S+", lambda found: db.redacted(found.group(0)), text)
