"""The pages of the dashboard, in one table: adding a page is one row here and one script in
app_pages/.

The entry script (dashboard.py) builds Streamlit's navigation from this table, with the
titles in the reader's language; the page frame, presenter mode, the benchmark and the
tests read it too. The scripts live in app_pages/, not pages/: Streamlit treats a folder
named pages/ beside the entry script as the old multipage layout, and a link opened on a
freshly started server would then run the page without the entry script (tested in
tests/browser/test_browser.py, deep links on a cold server).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str  # also the page's title key (page_<key>) and its address (/<key>)
    dated: bool  # shows the network on a date: the sidebar has the as-of control
    maps: bool  # draws maps: the sidebar has the online-basemap toggle
    slide: int | None = None  # presenter mode, started on this page, opens on this slide

    @property
    def script(self) -> str:
        """The page's script, relative to dashboard.py (as Streamlit names pages)."""
        return f"app_pages/{self.key}.py"

    @property
    def title_key(self) -> str:
        return f"page_{self.key}"

    @property
    def url_path(self) -> str:
        """The page's address: the Overview is the home page (/), the others /<key>."""
        return "" if self.key == HOME else self.key


HOME = "overview"
PAGES: tuple[Page, ...] = (
    Page("overview", dated=True, maps=False, slide=1),
    Page("changes", dated=True, maps=False, slide=8),  # what management asks first: what changed since last time
    Page("domestic", dated=True, maps=True, slide=3),
    Page("foreign", dated=True, maps=False, slide=4),
    Page("growth", dated=True, maps=True, slide=2),
    Page("events", dated=False, maps=False, slide=6),
    Page("region", dated=True, maps=True, slide=5),
    Page("data", dated=False, maps=False),
    Page("quality", dated=False, maps=False),
    Page("compare", dated=True, maps=False),
)
BY_KEY = {page.key: page for page in PAGES}


def page(key: str) -> Page:
    return BY_KEY[key]
