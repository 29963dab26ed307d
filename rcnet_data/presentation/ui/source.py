"""The registry a page shows, read through the shared database, and what a viewer sees when
it cannot be read."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from rcnet_data import settings
from rcnet_data.core.readers import TableReadError
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.ui.signin import editor
from rcnet_data.presentation.ui.state import filters
from rcnet_data.presentation.ui.text import plain, redacted_text
from rcnet_data.presentation.warmup import VersionWatch
from rcnet_data.storage.registry import Registry, load_registry_from_database

LOG = logging.getLogger("rcnet.ui")


def registry() -> Registry:
    """The registry the app shows, read through the shared database (created from the
    bundled data, or RCNET_DATA_DIR, on first run); cached until an import changes it.
    When it cannot be read, a viewer gets one sentence (the log has the details, for the
    administrator); a signed-in editor also sees what failed, never with a password."""
    version_watch()
    try:
        return load_registry_from_database()
    except (TableReadError, SQLAlchemyError, OSError, RuntimeError) as exc:
        LOG.exception("the registry cannot be read")
        lang = filters().lang
        st.error(t("registry_unavailable", lang))
        if editor():
            detail = exc.text(lang) if isinstance(exc, TableReadError) else str(exc).splitlines()[0]
            st.caption(plain(redacted_text(detail)))
        st.stop()


@st.cache_resource(show_spinner=False)
def version_watch() -> VersionWatch:
    """The server's one watch for new data versions (presentation.warmup), started by the
    first page run and kept for the process's life."""
    return VersionWatch(load_registry_from_database, settings.current().warm_interval_s).start()
