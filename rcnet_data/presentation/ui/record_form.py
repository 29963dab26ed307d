"""An editor corrects one center or event, or closes a center, on the Data page: a form of
its fields, the importer's checks on what she typed, the changes listed before saving, and
one logged, undoable one-row import when she saves (presentation.record_edit)."""

from __future__ import annotations

import streamlit as st

from rcnet_data.core import columns
from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n, pages, record_edit, tables
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.ui.components import table_choice, written
from rcnet_data.presentation.ui.text import plain, plain_list
from rcnet_data.storage import importer

EDIT_PREPARED = "rcnet_edit_prepared"  # the checked edit, waiting for "save"
LONG_TEXT = {columns.NOTE, columns.ADDRESS}


def open_record(table: str, record_id: str) -> None:
    """Open the Data page's form on this record (same browser session: the sign-in stays)."""
    st.session_state["edit_table"] = table
    st.session_state["edit_id"] = record_id
    st.switch_page(pages.page("data").script)


def region_edit_picker(centers, lang: str, key: str = "region_edit", first: str | None = None) -> None:
    """Under a list of centers (a region's, the suspicious ones), for a signed-in editor:
    choose one (`first`, the one a search found, is offered first) and open its form."""
    if centers.empty:
        return
    ids = list(centers[columns.CENTER_ID])
    if first in ids:
        ids.remove(first)
        ids.insert(0, first)
    names = dict(zip(centers[columns.CENTER_ID], centers[columns.NAME], strict=True))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("edit_pick_center", lang), ids, format_func=lambda i: f"{i} — {names[i]}", key=f"{key}_pick"
    )
    if right.button(t("edit_open", lang), key=f"{key}_open"):
        open_record(columns.TABLE_CENTERS, chosen)


def _label(column: str, table: str, lang: str) -> str:
    if lang == "ru":
        return columns.EXPORT_HEADERS_RU[table][column]
    return column.replace("_", " ").capitalize()


def _choice_options(column: str) -> list[str]:
    if column == columns.REGION_CODE:
        return ["", *ref.regions().index]
    if column == columns.COUNTRY:
        return list(ref.countries().index)
    return list(columns.CHOICES[column])


def _choice_label(column: str, lang: str):
    if column == columns.REGION_CODE:
        return lambda code: i18n.region_name(code, lang) if code else t("no_region", lang)
    if column == columns.COUNTRY:
        return lambda code: i18n.country_name(code, lang)
    return lambda code: t(code, lang)


def record_form(reg, engine, user: str, lang: str, rights) -> None:
    """The Data page's section: find a record by its id, correct it, or close a center."""
    table = table_choice(t("record_kind", lang), "edit_table", lang)
    record_id = st.text_input(
        t("edit_id", lang), key="edit_id", max_chars=columns.MAX_LENGTH[columns.CENTER_ID]
    ).strip()
    if not record_id:
        st.caption(t("edit_how", lang))
        return
    stored_frame = reg.centers if table == columns.TABLE_CENTERS else reg.events
    stored = record_edit.stored_record(stored_frame, table, record_id)
    if stored is None:
        st.warning(t("edit_not_found", lang, id=plain(record_id)))
        return
    values = record_edit.form_values(stored, table)
    with st.form(f"edit_form_{table}_{record_id}"):
        edited = {columns.ID_COLUMN[table]: record_id}
        for column in columns.COLUMNS[table]:
            if column == columns.ID_COLUMN[table]:
                continue
            label = _label(column, table, lang)
            key = f"edit_{table}_{record_id}_{column}"
            if column in columns.CHOICES or column in (columns.REGION_CODE, columns.COUNTRY):
                options = _choice_options(column)
                current = values[column] if values[column] in options else options[0]
                edited[column] = st.selectbox(
                    label, options, index=options.index(current), format_func=_choice_label(column, lang), key=key
                )
            elif column in LONG_TEXT:
                edited[column] = st.text_area(label, values[column], key=key, height=80)
            else:
                placeholder = t("date_placeholder", lang) if column in record_edit.DATES else None
                edited[column] = st.text_input(label, values[column], key=key, placeholder=placeholder)
        checked = st.form_submit_button(t("edit_check", lang))
    if checked:
        st.session_state[EDIT_PREPARED] = _prepare(edited, table, record_id, engine, rights)
    if table == columns.TABLE_CENTERS and not values[columns.CLOSED_ON]:
        _closing_form(stored, record_id, engine, rights, lang)
    prepared = st.session_state.get(EDIT_PREPARED)
    if prepared is None or prepared.file_name != record_edit.LOG_NAME.format(id=record_id):
        return
    _show_and_save(prepared, stored, table, engine, user, lang)


def _prepare(values: dict, table: str, record_id: str, engine, rights):
    return importer.prepare_import(
        record_edit.row_file(values, table),
        table,
        engine,
        name=record_edit.LOG_NAME.format(id=record_id),
        allow_blanks=True,  # a field emptied in the form is meant to be empty
        rights=rights,
    )


def _closing_form(stored, record_id: str, engine, rights, lang: str) -> None:
    with st.expander(t("close_center", lang), key=f"close_{record_id}"), st.form(f"close_form_{record_id}"):
        closed_on = st.text_input(
            t("closed_on", lang), key=f"close_date_{record_id}", placeholder=t("date_placeholder", lang)
        )
        note = st.text_input(t("close_note", lang), key=f"close_note_{record_id}")
        if st.form_submit_button(t("close_check", lang)):
            values = record_edit.closing_values(stored, closed_on, note)
            st.session_state[EDIT_PREPARED] = _prepare(values, columns.TABLE_CENTERS, record_id, engine, rights)


def _show_and_save(prepared, stored, table: str, engine, user: str, lang: str) -> None:
    if prepared.report.errors:
        st.error(t("edit_errors", lang))
        st.markdown(plain_list(tables.problem_lines(prepared.report.errors, lang), lang))
        return
    if prepared.warnings:
        st.warning(t("import_warnings", lang))
        st.markdown(plain_list(tables.problem_lines(prepared.warnings, lang), lang))
    column_names = importer.table_columns(table)
    new_row = dict(zip(column_names, prepared.tuples[0], strict=True)) if prepared.tuples else {}
    found = record_edit.changes(stored, new_row, table)
    if not found:
        st.info(t("edit_nothing", lang))
        return
    st.markdown(f"**{t('edit_changes', lang)}**")
    # A list, not a grid: on a phone a grid's third column ("after") is off the screen.
    st.markdown(plain_list(tables.change_lines(found, table, lang), lang))
    if st.button(t("edit_save", lang), type="primary", key="edit_save"):
        result = written(lambda: importer.write_import(prepared, engine, user), lang, "saving an edit")
        if result is not None:
            st.session_state.pop(EDIT_PREPARED, None)
            st.success(t("edit_saved", lang, id=result.import_id))
