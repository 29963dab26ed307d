"""Data: import a registry file into the shared database (editors), undo, and the import log."""

import streamlit as st

from rcnet_data import settings
from rcnet_data.core import columns, news_events, news_items, readers
from rcnet_data.core import reference as ref
from rcnet_data.core.readers import TableReadError
from rcnet_data.presentation import exports, i18n, news_review, registry_export, tables, ui
from rcnet_data.presentation.i18n import t
from rcnet_data.storage import auth, db, importer, startup


def data() -> None:
    current, reg = ui.page_frame("data", banner=False)
    lang = current.lang
    engine = startup.open_database()
    user = ui.sign_in(lang, engine)
    if user:
        # Where the registry lives is for editors only, and never with a password in it.
        st.caption(
            f"{t('database', lang)}: {ui.plain(db.redacted(str(engine.url)))} · {t('data_version', lang)}: "
            f"{db.current_version(engine)} · {t('centers', lang)}: {i18n.fmt_int(len(reg.centers), lang)} · "
            f"{t('events', lang)}: {i18n.fmt_int(len(reg.events), lang)}"
        )
        table = ui.table_choice(t("table_kind", lang), "import_table", lang)
        for problem in ref.extra_region_problems():  # the administrator's file of extra subjects
            st.error(
                t(
                    "extra_region_problem",
                    lang,
                    file=ref.EXTRA_REGIONS_FILE,
                    row=problem.row,
                    column=ui.plain(problem.column),
                    value=ui.plain(problem.value),
                    reason=t(f"extra_{problem.reason}", lang),
                )
            )
        rights = auth.rights_of(user)
        if rights.limited:  # a coordinator: her regions first, and only hers to write
            st.info(t("your_regions", lang, regions=", ".join(i18n.region_names(sorted(rights.regions), lang)) or "—"))
        modes = [m for m in IMPORT_MODES if not (rights.limited and m == "replace")]
        mode = st.radio(
            t("import_mode", lang), modes, key="import_mode", format_func=lambda m: t(IMPORT_MODES[m], lang)
        )
        region = None
        if mode == "region":
            region = st.selectbox(
                t("replace_region", lang),
                options=sorted(rights.regions) if rights.limited else list(ref.regions().index),
                format_func=lambda code: i18n.region_pick_label(code, lang),
                key="replace_region",
                index=None,  # never a region by default: replacing the wrong one would remove its rows
                placeholder=t("choose_region_first", lang),
            )
        upload = st.file_uploader(
            t("upload_label", lang, mb=i18n.fmt_float(settings.current().max_upload_mb, lang)),
            type=readers.upload_types(),
            key="import_file",
        )
        if upload is not None and mode == "region" and region is None:
            st.info(t("choose_region_first", lang))
        elif upload is not None:
            preview(upload, table, engine, user, lang, reg, mode != "merge", region, rights)
        ui.section(t("news_section", lang))
        # Opened on demand: its uploader and table are made only when the editor asks for them.
        step = st.expander(t("news_open", lang), key="news_step", on_change="rerun")
        if step.open:
            with step:
                news_step(reg, engine, user, lang, rights)
        ui.section(t("edit_section", lang))
        ui.record_form(reg, engine, user, lang, rights)
        st.divider()
        undo(engine, user, lang, rights)
        remove_demo(engine, user, lang, rights)

    ui.section(t("export_section", lang))
    st.caption(t("export_help", lang))
    export_buttons(reg, lang)
    ui.section(t("history", lang))
    ui.table(tables.history_table(db.import_history(engine), lang), lang, t("no_imports", lang))
    ui.end_page()


# How a file is imported: merged into the registry, or as the whole table or region.
IMPORT_MODES = {"merge": "mode_merge", "replace": "mode_replace", "region": "mode_region"}


@st.cache_resource(show_spinner=False, max_entries=4)
def prepared_upload(
    data: bytes,
    name: str,
    table: str,
    version: int,
    allow_blanks: bool,
    replace: bool,
    region: str | None,
    rights: auth.Rights,
    _engine,
) -> importer.PreparedImport:
    """A file read, checked and compared with the database once, not on every rerun of the
    page (the rejected rows, their downloads, the counts and the summary come from this one
    preparation, each made once, when first asked for)."""
    return importer.prepare_import(
        data, table, _engine, name=name, allow_blanks=allow_blanks, replace=replace, region=region, rights=rights
    )


def export_buttons(reg, lang: str) -> None:
    """The whole registry, both tables, in each format: the files the importer reads back."""
    buttons = st.columns(4)
    place = 0
    for table, frame in ((columns.TABLE_CENTERS, reg.centers), (columns.TABLE_EVENTS, reg.events)):
        for file_format, mime in (("xlsx", exports.XLSX_MIME), ("csv", exports.CSV_MIME)):
            with buttons[place]:
                ui.download(
                    f"{t(table, lang)} ({file_format.upper()})",
                    lambda frame=frame, table=table, file_format=file_format: registry_export.file_bytes(
                        frame, table, lang, file_format
                    ),
                    registry_export.file_name(table, file_format),
                    mime,
                    f"export_{table}_{file_format}",
                )
            place += 1


def removal_preview(prepared: importer.PreparedImport, reg, lang: str) -> bool:
    """The stored rows the import would remove, listed; returns whether the editor confirmed."""
    count = len(prepared.removed_ids)
    st.warning(t("would_remove", lang, n=count))
    stored = reg.centers if prepared.table == columns.TABLE_CENTERS else reg.events
    ui.table(tables.removed_rows_table(stored, prepared.removed_ids, prepared.table, lang), lang, height=240)
    return st.checkbox(t("remove_confirm", lang, n=count), key="remove_confirm")


def remove_demo(engine, user: str, lang: str, rights: auth.Rights) -> None:
    """Remove every demo row (of her regions, for a coordinator), as one logged import that
    undo takes back."""
    st.markdown(f"**{t('remove_demo_section', lang)}**")
    found = importer.demo_rows(engine, rights)
    if not any(found.values()):
        st.caption(t("no_demo", lang))
        return
    st.caption(
        t(
            "remove_demo_text",
            lang,
            centers=i18n.counted("n_centers", len(found[columns.TABLE_CENTERS]), lang),
            events=i18n.counted("n_events", len(found[columns.TABLE_EVENTS]), lang),
            source=tables.source_label(columns.DEMO_SOURCE, lang),
        )
    )
    confirm = st.checkbox(t("remove_demo_confirm", lang), key="remove_demo_confirm")
    if st.button(t("remove_demo_button", lang), disabled=not confirm, key="remove_demo"):
        result = ui.written(lambda: importer.remove_rows(engine, user, found, "remove-demo"), lang, "removing the demo")
        if result is not None:
            st.success(t("remove_demo_done", lang, id=result["import_id"], n=i18n.fmt_int(result["removed"], lang)))


def preview(
    upload, table: str, engine, user: str, lang: str, reg, replace: bool, region: str | None, rights: auth.Rights
) -> None:
    allow_blanks = bool(st.session_state.get("allow_blanks", False))
    try:
        prepared = prepared_upload(
            upload.getvalue(),
            upload.name,
            table,
            db.current_version(engine),
            allow_blanks,
            replace,
            region,
            rights,
            engine,
        )
    except (TableReadError, importer.NotAllowed) as exc:
        st.error(ui.plain(exc.text(lang)))
        return
    for note in prepared.report.notes(lang):
        st.caption(ui.plain(note))  # notes quote the file's own headers: shown as text, never as markup
    st.markdown(f"**{t('preview', lang)}**")
    st.dataframe(tables.as_read(prepared.raw), width="stretch", hide_index=True)  # a grid shows text as text
    summary = prepared.summary()
    st.markdown(t("import_counts", lang, **{k: summary[k] for k in ("added", "updated", "unchanged", "rejected")}))
    if prepared.warnings:
        st.markdown(f"**{t('import_warnings', lang)}**")
        st.markdown(ui.plain_list(tables.problem_lines(prepared.warnings, lang), lang))
    if prepared.would_empty:
        st.markdown(f"**{t('would_empty', lang)}**")
        st.markdown(
            ui.plain_list(
                [
                    t("would_empty_row", lang, n=count, column=prepared.raw.header_of(column))
                    for column, count in prepared.would_empty.items()
                ],
                lang,
            )
        )
        st.checkbox(t("allow_blanks", lang), key="allow_blanks", help=t("would_empty_help", lang))
    if prepared.rejected:
        rejected_rows(prepared, upload.name, lang)
    if prepared.report.valid_rows == 0:
        st.warning(t("nothing_valid", lang))
        return
    confirmed = removal_preview(prepared, reg, lang) if prepared.removed_ids else True
    if not prepared.new_ids and not prepared.changed_ids and not prepared.removed_ids:
        st.info(t("nothing_new", lang))
        return
    count = len(prepared.new_ids) + len(prepared.changed_ids)
    label = (
        t(
            "import_and_remove_button",
            lang,
            added=i18n.fmt_int(len(prepared.new_ids), lang),
            updated=i18n.fmt_int(len(prepared.changed_ids), lang),
            removed=i18n.fmt_int(len(prepared.removed_ids), lang),
        )
        if prepared.removed_ids
        else t("import_button", lang, n=count)
    )
    if st.button(label, type="primary", key="do_import", disabled=not confirmed):
        result = ui.written(lambda: importer.write_import(prepared, engine, user), lang, f"import of {upload.name}")
        if result is None:
            return
        s = result.summary
        done = t(
            "import_done", lang, id=result.import_id, added=s["added"], updated=s["updated"], rejected=s["rejected"]
        )
        st.success(done + (" " + t("import_removed", lang, n=s["removed"]) if s["removed"] else ""))


class Upload:
    """The accepted proposals as the uploader's file would be: a name and its bytes."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


NEWS_TYPES = ["xml", "rss", "atom", "html", "htm", "txt"]


def news_step(reg, engine, user: str, lang: str, rights: auth.Rights) -> None:
    """The library's news read as proposed events: the editor ticks, corrects and drops rows
    in a table; the ticked ones go through the ordinary import (the same preview, checks,
    log and undo as a file)."""
    st.caption(t("news_help", lang))
    files = st.file_uploader(t("news_upload", lang), type=NEWS_TYPES, accept_multiple_files=True, key="news_files")
    pasted = st.text_area(t("news_paste", lang), key="news_text", height=120)
    address = st.text_input(t("news_url", lang), key="news_url", placeholder="https://www.prlib.ru/…")
    if address.strip() and st.button(t("news_read", lang), key="news_fetch"):
        st.session_state["news_fetched"] = ui.written(
            lambda: (address.strip(), news_items.fetch(address.strip())), lang, "fetching news"
        )
    sources = [(f.name, f.getvalue()) for f in files or []]
    if pasted.strip():
        sources.append((t("news_file_name", lang) + ".txt", pasted.encode("utf-8")))
    if st.session_state.get("news_fetched"):
        sources.append(st.session_state["news_fetched"])
    if not sources:
        return
    items = []
    for name, data in sources:
        try:
            items += news_items.read_news(data, name)
        except news_items.NewsReadError as exc:
            st.error(ui.plain(exc.text(lang)))
    if not items:
        return
    made = news_events.proposals(items, reg.centers, reg.events)
    st.markdown(news_review.found_text(made, lang))
    table = news_review.for_people(news_review.review_table(made), lang)
    edited = st.data_editor(
        table,
        key="news_editor",
        hide_index=True,
        width="stretch",
        height=min(38 * (len(table) + 1) + 3, 480),
        disabled=[c for c in table.columns if c not in news_review.EDITABLE],
        column_order=[
            c for c in news_review.REVIEW_COLUMNS if c not in (columns.EVENT_ID, columns.SOURCE, columns.NOTE)
        ],
        column_config=news_columns(lang),
        placeholder="",  # an empty cell is empty, never "None"
    )
    kept = news_review.kept_events(edited)
    if st.button(t("news_check", lang, n=len(kept)), key="news_check", disabled=not kept):
        st.session_state["news_file"] = news_review.import_file(kept, lang)
    if st.session_state.get("news_file"):
        name = f"{t('news_file_name', lang)}: {', '.join(n for n, _ in sources)}"[:150] + ".csv"
        preview(
            Upload(name, st.session_state["news_file"]),
            columns.TABLE_EVENTS,
            engine,
            user,
            lang,
            reg,
            False,
            None,
            rights,
        )


def news_columns(lang: str) -> dict:
    """The review table's headers and editors in the reader's language."""
    config = st.column_config
    regions = list(ref.regions().index)
    day_format = "DD.MM.YYYY" if lang == "ru" else "D MMM YYYY"  # as the pages write a day
    return {
        news_review.KEEP: config.CheckboxColumn(t("news_keep", lang), width=110),
        "status": config.TextColumn(t("news_status", lang)),
        "confidence": config.ProgressColumn(t("news_confidence", lang), min_value=0.0, max_value=1.0, format="percent"),
        columns.DATE: config.DateColumn(t("date", lang), format=day_format),
        columns.END_DATE: config.DateColumn(t("end_date", lang), format=day_format),
        columns.TITLE: config.TextColumn(t("title", lang), width="large"),
        columns.EVENT_TYPE: config.SelectboxColumn(
            t("event_type", lang), options=list(columns.EVENT_TYPES), format_func=lambda v: t(v, lang), required=True
        ),
        columns.NETWORK: config.SelectboxColumn(
            t("network", lang), options=[columns.DOMESTIC, columns.FOREIGN], format_func=lambda v: t(v, lang)
        ),
        columns.COUNTRY: config.TextColumn(t("country", lang)),
        columns.REGION_CODE: config.SelectboxColumn(
            t("region", lang), options=regions, format_func=lambda v: i18n.region_name(v, lang)
        ),
        columns.CITY: config.TextColumn(t("town", lang)),
        columns.CENTER_ID: config.TextColumn(t("center_id", lang)),
        columns.PARTICIPANTS: config.NumberColumn(t("participants", lang), min_value=0, step=1),
        columns.URL: config.LinkColumn(t("link", lang), display_text="↗"),
        "reasons": config.TextColumn(t("news_reasons", lang), width="large"),
    }


def rejected_rows(prepared: importer.PreparedImport, file_name: str, lang: str) -> None:
    """The rejected rows: how many per reason, the first of them, and all of them to download
    (made when a download is clicked, once per preparation)."""
    st.markdown(f"**{t('rejected_reasons', lang)}**")
    ui.table(tables.reasons_table(prepared.rejection_reasons(lang), lang), lang)
    st.markdown(f"**{t('rejected_rows', lang)}**")
    rejected = tables.rejected_rows_table(prepared.rejected_rows_frame(lang), lang)
    if len(rejected) > importer.REJECTED_SHOWN:
        st.caption(
            t(
                "rejected_first",
                lang,
                shown=i18n.fmt_int(importer.REJECTED_SHOWN, lang),
                n=i18n.fmt_int(len(rejected), lang),
            )
        )
    st.dataframe(rejected.head(importer.REJECTED_SHOWN), hide_index=True, width="stretch", placeholder="")
    left, right = st.columns(2)
    stem = file_name.rsplit(".", 1)[0]
    with left:
        ui.download(
            f"{t('download_rejected', lang)} (CSV)",
            lambda: exports.to_csv_bytes(rejected, lang),
            f"{stem}-rejected.csv",
            exports.CSV_MIME,
            "rejected_csv",
        )
    with right:
        ui.download(
            f"{t('download_rejected', lang)} (XLSX)",
            lambda: exports.to_xlsx_bytes(rejected, "rejected"),
            f"{stem}-rejected.xlsx",
            exports.XLSX_MIME,
            "rejected_xlsx",
        )


def undo(engine, user: str, lang: str, rights: auth.Rights) -> None:
    confirm = st.checkbox(t("undo_confirm", lang), key="undo_confirm")
    if st.button(t("undo_button", lang), disabled=not confirm, key="undo"):
        result = ui.written(
            lambda: importer.undo_last_import(engine, user, own_only=rights.limited), lang, "undo", refused=st.warning
        )
        if result is not None:
            st.success(
                t(
                    "undo_done",
                    lang,
                    id=result["undone_import"],
                    file=ui.plain(result["file"]),
                    n=result["restored_rows"],
                )
            )


ui.run(data)
