"""Editors: who is signed in in this browser session, and the Data page's sign-in box
(password editors and OpenID Connect through st.login)."""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from rcnet_data.presentation import i18n
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.ui.text import plain

LOG = logging.getLogger("rcnet.ui")

EDITOR = "rcnet_editor"


def editor() -> str | None:
    """The editor signed in in this browser session (rights never cross sessions), checked
    against the current list of editors on every run: one removed from the secrets file
    loses their rights at the next click."""
    from rcnet_data.storage import auth

    name = st.session_state.get(EDITOR)
    if name:
        if name in auth.editors():
            return name
        st.session_state.pop(EDITOR, None)
    if auth.oidc_configured() and getattr(st.user, "is_logged_in", False):
        email = str(getattr(st.user, "email", "") or "").lower()
        # Only an address the provider has verified is an editor's: anyone can register an
        # unverified account with someone else's address at many providers.
        if email in auth.oidc_editors() and auth.email_verified(st.user.get("email_verified")):
            return email
    return None


SESSION_TOKEN = "rcnet_session"


def sign_in(lang: str, engine) -> str | None:
    """The sign-in box of the Data page; returns the editor's name once signed in."""
    from rcnet_data.storage import auth

    if not auth.editing_configured():
        st.info(t("editing_off", lang))
        return None
    for user, problem in auth.editor_problems():
        st.error(t("bad_hash", lang, user=plain(user), problem=problem))
    name = editor()
    if name:
        left, right = st.columns([3, 1])
        left.success(t("signed_in_as", lang, user=plain(name)))
        if right.button(t("sign_out", lang), key="sign_out"):
            st.session_state.pop(EDITOR, None)
            if auth.oidc_configured() and getattr(st.user, "is_logged_in", False):
                st.logout()  # it navigates away itself (through the provider's logout): no rerun to race it
            else:
                st.rerun()
        return name
    st.caption(t("sign_in_needed", lang))
    if auth.editors():
        session = st.session_state.setdefault(SESSION_TOKEN, secrets.token_hex(16))
        with st.form("sign_in_form"):
            user = st.text_input(t("user_name", lang), key="sign_in_user", max_chars=100)
            password = st.text_input(t("password", lang), type="password", key="sign_in_password", max_chars=200)
            if st.form_submit_button(t("sign_in", lang)):
                result = auth.sign_in(engine, user, password, session)
                if result.ok:
                    st.session_state[EDITOR] = user.strip()
                    st.rerun()
                elif result.wait_seconds:
                    st.error(t("too_many_attempts", lang, seconds=i18n.fmt_int(result.wait_seconds, lang)))
                else:
                    st.error(t("wrong_password", lang))
    if auth.oidc_configured():
        if getattr(st.user, "is_logged_in", False):
            email = str(getattr(st.user, "email", "") or "")
            unverified = email.lower() in auth.oidc_editors() and not auth.email_verified(st.user.get("email_verified"))
            st.warning(t("email_not_verified" if unverified else "not_an_editor", lang, user=plain(email)))
            if st.button(t("sign_out", lang), key="oidc_sign_out"):
                st.logout()
        elif (problem := auth.oidc_provider_problem()) is not None:
            LOG.warning("identity provider unreachable: %s", problem)
            st.warning(t("oidc_unreachable", lang))
        elif st.button(t("sign_in_oidc", lang), key="oidc"):
            st.login()
    return None
