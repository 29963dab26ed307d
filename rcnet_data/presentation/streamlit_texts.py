"""Streamlit's own frontend texts (its buttons' accessible names, a select's "No results",
the date fields' parts) in the reader's language. Streamlit has no locale setting: the
page's language script (ui/frontend_texts.html) replaces these exact English strings in
the attributes a screen reader reads and in a few visible text nodes, as Streamlit draws
them. A string Streamlit renames is simply left in English (tests/browser checks what
shows); the README lists what remains."""

from __future__ import annotations

from rcnet_data.presentation import i18n

# Exact English strings of Streamlit 1.67's frontend -> Russian.
RUSSIAN = {
    "Fullscreen": "Во весь экран",
    "Close fullscreen": "Выйти из полноэкранного режима",
    "Download as CSV": "Скачать CSV",
    "Search": "Поиск",
    "Show/hide columns": "Показать или скрыть столбцы",
    "Open": "Открыть",
    "Close": "Закрыть",
    "Clear all": "Очистить всё",
    "Clear value": "Очистить",
    "Choose date": "Выбрать дату",
    "Choose a date": "Выбрать дату",
    "Previous month.": "Предыдущий месяц",
    "Next month.": "Следующий месяц",
    "Sidebar": "Боковая панель",
    "Skip to main content": "Перейти к содержимому",
    "App pages": "Страницы",
    "Collapse sidebar": "Свернуть боковую панель",
    "Expand sidebar": "Развернуть боковую панель",
    "Link to heading": "Ссылка на заголовок",
    "No results": "Ничего не найдено",
    "Main menu": "Главное меню",
    "Running...": "Выполняется…",
    "Stop": "Остановить",
    "Copy to clipboard": "Скопировать",
    "Show password text": "Показать пароль",
    "Selectbox options": "Варианты",
    "Drag and drop file here": "Перетащите файл сюда",
    "Drag and drop files here": "Перетащите файлы сюда",
    "Browse files": "Выбрать файл",
    "Upload": "Загрузить файл",
    "Hide password text": "Скрыть пароль",
    "add icon": "Добавить файлы",  # the uploader of several files: its button to add more
}
# Parts of a date field's accessible name: "day, С" (the field's label follows the comma).
RUSSIAN_PREFIXES = {
    "day, ": "день, ",
    "month, ": "месяц, ",
    "year, ": "год, ",
    "Help for ": "Справка: ",
    "Add: ": "Найти: ",  # a select that takes a typed value: the region is matched once chosen
}

TEXTS = {"ru": (RUSSIAN, RUSSIAN_PREFIXES)}
# The size Streamlit writes after an uploaded file's name ("8.2KB"): its units in the
# reader's language, the number with the language's decimal mark («8,2 КБ»).
SIZE_UNITS = {"ru": {"B": "Б", "KB": "КБ", "MB": "МБ", "GB": "ГБ"}}


def frontend_texts(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """(exact strings, prefixes) to replace for a language; none for English."""
    return TEXTS.get(lang, ({}, {}))


def file_size_words(lang: str) -> dict:
    """{"units": English unit -> the language's, "decimal": its decimal mark}; no units for
    English, whose sizes are left as Streamlit writes them."""
    return {"units": SIZE_UNITS.get(lang, {}), "decimal": i18n.decimal_mark(lang)}
