"""The dashboard's Streamlit layer: the only package of rcnet_data that imports Streamlit
(tests/test_layers.py checks it). Everything it shows comes from the pure modules
(analytics, figures, maps, tables, exports, headline), tested without it.

- state: filters in the session and the URL, the widgets bound to them, moves between pages;
- frame: the navigation, the sidebar, a page's title and demo notice, the page guard;
- components: charts, maps, tables, metric cards, legends, downloads, report buttons;
- slideshow: presenter mode (its CSS and key script are files beside it);
- signin: editors; search: the search box; source: the registry a page shows;
- record_form: one record corrected, or a center closed, by an editor;
- text: user text as text.
"""

from rcnet_data.presentation.ui.components import (
    changes_digest_buttons,
    chart,
    chart_on_demand,
    deck,
    download,
    downloads,
    found_center,
    legend,
    map_on_demand,
    metrics,
    pptx_deck,
    region_report_buttons,
    table,
    table_choice,
    written,
)
from rcnet_data.presentation.ui.frame import end_page, navigation, page_frame, run, section
from rcnet_data.presentation.ui.record_form import record_form, region_edit_picker
from rcnet_data.presentation.ui.signin import editor, sign_in
from rcnet_data.presentation.ui.source import registry
from rcnet_data.presentation.ui.state import (
    filters,
    meeting_filters,
    period_caption,
    period_filters,
    phone,
    pin_to_url,
    place_filters,
    region_picker,
    widget,
)
from rcnet_data.presentation.ui.text import plain, plain_list

__all__ = [
    "changes_digest_buttons",
    "chart",
    "chart_on_demand",
    "meeting_filters",
    "pin_to_url",
    "record_form",
    "region_edit_picker",
    "deck",
    "map_on_demand",
    "download",
    "downloads",
    "editor",
    "end_page",
    "filters",
    "found_center",
    "legend",
    "metrics",
    "navigation",
    "page_frame",
    "period_caption",
    "period_filters",
    "place_filters",
    "plain",
    "plain_list",
    "pptx_deck",
    "region_picker",
    "region_report_buttons",
    "registry",
    "phone",
    "run",
    "section",
    "sign_in",
    "table",
    "table_choice",
    "written",
    "widget",
]
