"""Plotly's own interface texts (the chart toolbar's tooltips, the zoom hint) and its
date words, in the reader's language: plotly.js takes a locale in a chart's config
(`config.locales` and `config.locale`), so nothing needs to be registered in the browser.

The keys are plotly.js's English strings; the month and day names come from CLDR (Babel)."""

from __future__ import annotations

from functools import cache

from babel.dates import get_day_names, get_month_names

from rcnet_data.presentation import i18n

RUSSIAN = {
    "Autoscale": "Автомасштаб",
    "Box Select": "Выделить прямоугольником",
    "Compare data on hover": "Сравнить данные при наведении",
    "Double-click on legend to isolate one trace": "Двойной щелчок по легенде оставит один ряд",
    "Double-click to zoom back out": "Двойной щелчок вернёт масштаб",
    "Download plot as a png": "Скачать график в PNG",
    "Download plot as a PNG": "Скачать график в PNG",
    "Download plot": "Скачать график",
    "Lasso Select": "Выделить лассо",
    "Orbital rotation": "Вращение по орбите",
    "Pan": "Сдвиг",
    "Produced with Plotly.js": "Сделано в Plotly.js",
    "Reset": "Сбросить",
    "Reset axes": "Сбросить оси",
    "Reset camera to default": "Сбросить камеру",
    "Reset camera to last save": "Вернуть камеру",
    "Reset view": "Сбросить вид",
    "Reset views": "Сбросить виды",
    "Show closest data on hover": "Ближайшие данные при наведении",
    "Snapshot succeeded": "Снимок готов",
    "Sorry, there was a problem downloading your snapshot!": "Не удалось сохранить снимок",
    "Taking snapshot - this may take a few seconds": "Снимок готовится, это займёт несколько секунд",
    "Toggle Spike Lines": "Линии к осям",
    "Toggle show closest data on hover": "Ближайшие данные при наведении",
    "Turntable rotation": "Вращение",
    "Zoom": "Масштаб",
    "Zoom in": "Увеличить",
    "Zoom out": "Уменьшить",
    "close:": "закрытие:",
    "high:": "максимум:",
    "low:": "минимум:",
    "max:": "максимум:",
    "mean:": "среднее:",
    "median:": "медиана:",
    "min:": "минимум:",
    "new text": "новый текст",
    "open:": "открытие:",
    "trace": "ряд",
}
DICTIONARIES = {"ru": RUSSIAN}


@cache
def plotly_locale(lang: str) -> dict:
    """The plotly.js locale of a language: its dictionary and its date words (CLDR)."""
    locale = i18n.BABEL_LOCALES.get(lang, i18n.BABEL_LOCALES[i18n.DEFAULT_LANG])
    days = get_day_names("wide", locale=locale)
    short_days = get_day_names("abbreviated", locale=locale)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, plotly (d3) from Sunday
    decimal, group = i18n.number_symbols(lang)
    return {
        "dictionary": DICTIONARIES.get(lang, {}),
        "format": {
            "days": [days[d] for d in sunday_first],
            "shortDays": [short_days[d] for d in sunday_first],
            "months": [get_month_names("wide", context="stand-alone", locale=locale)[m] for m in range(1, 13)],
            "shortMonths": [
                get_month_names("abbreviated", context="stand-alone", locale=locale)[m] for m in range(1, 13)
            ],
            "date": "%d.%m.%Y" if lang == "ru" else "%d/%m/%Y",
            "decimal": decimal,
            "thousands": group,
        },
    }


# The toolbar keeps what a presenter uses (the PNG, zoom back out, full screen is Streamlit's);
# selection tools are of no use on these charts and only add unlabelled icons.
REMOVED_BUTTONS = ["select2d", "lasso2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"]


def chart_config(lang: str) -> dict:
    """The config of every plotly chart rcnet shows: no logo, PNG export at twice the size,
    the toolbar and its tooltips in the reader's language."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2},
        "modeBarButtonsToRemove": REMOVED_BUTTONS,
        "locale": lang,
        "locales": {lang: plotly_locale(lang)},
    }
