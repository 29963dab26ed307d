"""Data: import a registry file into the shared database (editors), undo, and the import log."""

import streamlit as st

from rcnet_data.core import columns as C
from rcnet_data.core.readers import TableReadError
from rcnet_data.presentation import exports, i18n, tables, ui
from rcnet_data.presentation.i18n import t
from rcnet_data.storage import db, importer, startup


def data() -> None:
    current, reg = ui.page_frame("data", dated=False, banner=False)
    lang = current.lang
    engine = startup.open_database()
    st.caption(f"{t('database', lang)}: {db.redacted(str(engine.url))} · {t('data_version', lang)}: "
               f"{db.current_version(engine)} · {t('centers', lang)}: {i18n.fmt_int(len(reg.centers), lang)} · "
               f"{t('events', lang)}: {i18n.fmt_int(len(reg.events), lang)}")  # fmt: skip

    user = ui.sign_in(lang)
    if user:
        table = st.radio(t("table_kind", lang), list(C.TABLE_KINDS), horizontal=True, key="import_table",
                         format_func=lambda k: t(k if k == C.TABLE_CENTERS else "events", lang))  # fmt: skip
        upload = st.file_uploader(t("upload_label", lang, mb=f"{importer.MAX_FILE_MB:g}"),
                                  type=["csv", "txt", "xlsx", "parquet"], key="import_file")  # fmt: skip
        if upload is not None:
            preview(upload, table, engine, user, lang)
        st.divider()
        undo(engine, user, lang)

    st.subheader(t("history", lang))
    history = db.import_history(engine)
    ui.table(tables.history_table(history, lang), lang, t("no_imports", lang))
    ui.end_page()


def preview(upload, table: str, engine, user: str, lang: str) -> None:
    try:
        prepared = importer.prepare_import(upload.getvalue(), table, engine, name=upload.name)
    except TableReadError as exc:
        st.error(exc.text(lang))
        return
    for note in prepared.report.notes(lang):
        st.caption(note)
    st.markdown(f"**{t('preview', lang)}**")
    st.dataframe(prepared.raw.frame.head(20), width="stretch")  # shown as text: markup is never run
    summary = prepared.summary()
    st.markdown(t("import_counts", lang, **{k: summary[k] for k in ("added", "updated", "unchanged", "rejected")}))
    if prepared.rejected:
        st.markdown(f"**{t('rejected_rows', lang)}**")
        rejected = prepared.rejected_rows_frame(lang)
        st.dataframe(rejected, hide_index=True, width="stretch")
        left, right = st.columns(2)
        stem = upload.name.rsplit(".", 1)[0]
        left.download_button(f"{t('download_rejected', lang)} (CSV)", exports.to_csv_bytes(rejected, lang),
                             file_name=f"{stem}-rejected.csv", mime="text/csv", key="rejected_csv")  # fmt: skip
        right.download_button(f"{t('download_rejected', lang)} (XLSX)", exports.to_xlsx_bytes(rejected, "rejected"),
                              file_name=f"{stem}-rejected.xlsx", key="rejected_xlsx")  # fmt: skip
    if prepared.report.valid_rows == 0:
        st.warning(t("nothing_valid", lang))
        return
    if not prepared.new_ids and not prepared.changed_ids:
        st.info(t("nothing_new", lang))
        return
    count = len(prepared.new_ids) + len(prepared.changed_ids)
    if st.button(t("import_button", lang, n=count), type="primary", key="do_import"):
        try:
            result = importer.write_import(prepared, engine, user)
        except importer.ImportConflict as exc:
            st.error(exc.text(lang))
            return
        s = result.summary
        st.success(t("import_done", lang, id=result.import_id, added=s["added"], updated=s["updated"],
                     rejected=s["rejected"]))  # fmt: skip


def undo(engine, user: str, lang: str) -> None:
    confirm = st.checkbox(t("undo_confirm", lang), key="undo_confirm")
    if st.button(t("undo_button", lang), disabled=not confirm, key="undo"):
        try:
            result = importer.undo_last_import(engine, user)
        except (importer.NothingToUndo, importer.ImportConflict) as exc:
            st.warning(exc.text(lang))
            return
        st.success(t("undo_done", lang, id=result["undone_import"], file=result["file"], n=result["restored_rows"]))


data()
