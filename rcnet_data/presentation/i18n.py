"""Russian and English: every label, number and date format the app shows.

`t(key, lang)` gives a label; `fmt_int`, `fmt_float`, `fmt_date` format numbers and dates
the way readers of each language expect (1 749 and 26 ноября 2026; 1,749 and 26 November 2026).
Codes from `rcnet_data.columns` (kinds, host types, event types, networks) have labels here.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from rcnet_data.core import reference as ref

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
NBSP = "\u00a0"

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"],
}  # fmt: skip
MONTHS_SHORT = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
}

# key: (English, Russian)
TEXT: dict[str, tuple[str, str]] = {
    # app and navigation
    "page_overview": ("Overview", "Обзор"),
    "page_domestic": ("Domestic network", "Сеть в России"),
    "page_foreign": ("Foreign network", "Зарубежная сеть"),
    "page_growth": ("Growth", "Рост сети"),
    "page_events": ("Events", "Мероприятия"),
    "page_region": ("Region", "Регион"),
    "language": ("Language", "Язык"),
    "presenter_mode": ("Presenter mode", "Режим презентации"),
    "exit_presenter": ("Exit presenter mode", "Выйти из режима презентации"),
    "filters": ("Filters", "Фильтры"),
    "as_of": ("As of", "На дату"),
    "federal_district": ("Federal district", "Федеральный округ"),
    "all_districts": ("All federal districts", "Все федеральные округа"),
    "region": ("Region", "Регион"),
    "all_regions": ("All regions", "Все регионы"),
    "country": ("Country", "Страна"),
    "all_countries": ("All countries", "Все страны"),
    "period": ("Period", "Период"),
    "period_from": ("From", "С"),
    "period_to": ("To", "По"),
    "demo_banner": (
        "Demo data. No public list of the library's centers exists: this registry is generated, "
        "calibrated to the published totals, and carries the {known} centers and {known_events} events "
        "whose existence was published (each with its source). All other rows are marked demo.",
        "Демонстрационные данные. Полного открытого списка центров нет: реестр сгенерирован, "
        "согласован с опубликованными итогами и содержит {known} центров и {known_events} мероприятий, "
        "о которых есть публикации (с источником). Остальные строки помечены как demo.",
    ),
    "data_rejected": ("{n} rows of the registry were rejected by validation and are not shown.",
                      "{n} строк реестра не прошли проверку и не показаны."),  # fmt: skip
    # metrics
    "domestic_centers": ("Centers in Russia", "Центров в России"),
    "foreign_centers": ("Centers abroad", "Центров за рубежом"),
    "countries": ("Countries", "Стран"),
    "regions_covered": ("Regions covered", "Регионов с центрами"),
    "regions_of": ("of {n}", "из {n}"),
    "openings_12m": ("Openings, last 12 months", "Открыто за 12 месяцев"),
    "vs_previous": ("against the 12 months before", "к предыдущим 12 месяцам"),
    "centers": ("Centers", "Центры"),
    "per_100k": ("Centers per 100,000 residents", "Центров на 100 000 жителей"),
    "openings_in_period": ("Openings in the period", "Открытия за период"),
    "events_in_period": ("Events in the period", "Мероприятия за период"),
    "towns_with_center": ("Towns with a center", "Населённых пунктов с центром"),
    "population": ("Population", "Население"),
    "rank": ("Rank", "Место"),
    "rank_of": ("{rank} of 85", "{rank} из 85"),
    "openings": ("Openings", "Открытия"),
    "events": ("Events", "Мероприятия"),
    "network": ("Network", "Сеть"),
    "kind": ("Kind", "Тип"),
    "name": ("Name", "Название"),
    "host": ("Host institution", "Базовое учреждение"),
    "host_type": ("Host type", "Тип учреждения"),
    "town": ("Town", "Населённый пункт"),
    "city": ("City", "Город"),
    "opened_on": ("Opened", "Открыт"),
    "closed_on": ("Closed", "Закрыт"),
    "source": ("Source", "Источник"),
    "date": ("Date", "Дата"),
    "title": ("Title", "Заголовок"),
    "event_type": ("Type", "Тип"),
    "place": ("Place", "Место"),
    "link": ("Link", "Ссылка"),
    "participants": ("Participants", "Участники"),
    "year": ("Year", "Год"),
    "month": ("Month", "Месяц"),
    "number_of_centers": ("Number of centers", "Число центров"),
    "number_of_countries": ("Number of countries", "Число стран"),
    "number_of_events": ("Number of events", "Число мероприятий"),
    "openings_per_year": ("Openings per year", "Открытий в год"),
    "openings_per_month": ("Openings per month", "Открытий в месяц"),
    # charts
    "chart_growth": ("Network growth since 2009 against the published figures",
                     "Рост сети с 2009 года и опубликованные данные"),  # fmt: skip
    "chart_openings": ("Openings of centers", "Открытие центров"),
    "chart_tiles": ("Regions: {metric}", "Регионы: {metric}"),
    "chart_top_regions": ("Top regions by number of centers", "Регионы с наибольшим числом центров"),
    "chart_countries_over_time": ("Countries with a center, over time", "Страны с центрами по годам"),
    "chart_by_district": ("Centers by federal district", "Центры по федеральным округам"),
    "chart_events_by_region": ("Events per region in the period", "Мероприятия по регионам за период"),
    "chart_region_openings": ("Openings in the region over time", "Открытие центров в регионе"),
    "chart_projection": ("Projection of the domestic network", "Прогноз роста сети в России"),
    "published": ("Published figure", "Опубликованные данные"),
    "registry": ("Registry", "Реестр"),
    "bound_more_than": ("more than", "более"),
    "bound_about": ("about", "около"),
    "bound_exact": ("exactly", "ровно"),
    "holds": ("holds", "совпадает"),
    "does_not_hold": ("does not hold", "не совпадает"),
    "no_center": ("no center", "нет центров"),
    "alt_growth": ("Line chart: domestic centers grew from {first} in {first_year} to {last} on {last_date}; "
                   "foreign centers to {foreign}.",
                   "Линейный график: число центров в России выросло с {first} в {first_year} году до {last} "
                   "на {last_date}; за рубежом — до {foreign}."),  # fmt: skip
    "alt_tiles": ("Tile grid of the 85 regions coloured by {metric}; highest: {top}; {gaps} regions without a center.",
                  "Плиточная карта 85 регионов по показателю «{metric}»; больше всего: {top}; "
                  "регионов без центров: {gaps}."),  # fmt: skip
    "alt_map": ("Map of {n} centers.", "Карта: {n} центров."),
    # page-specific
    "latest_events": ("Latest events", "Последние мероприятия"),
    "milestones_table": ("The registry against the published figures", "Реестр и опубликованные данные"),
    "online_basemap": ("Online basemap", "Подложка из интернета"),
    "online_basemap_help": ("Draws streets and terrain under the map when the internet is reachable; without it the "
                            "map stays as it is.",
                            "Показывает улицы и рельеф под картой, если доступен интернет; без него карта не меняется."),  # fmt: skip
    "gap_legend": ("town farther than {km} km from a center", "населённый пункт дальше {km} км от центра"),
    "towns_legend": ("other towns of 500+ residents", "другие населённые пункты от 500 жителей"),
    "map_view": ("Map view", "Вид карты"),
    "view_points": ("Centers", "Центры"),
    "view_density": ("Density", "Плотность"),
    "metric": ("Colour regions by", "Показатель"),
    "threshold": ("Highlight regions below (centers per 100,000)", "Выделить регионы ниже (центров на 100 000)"),
    "coverage_table": ("Regional coverage", "Охват регионов"),
    "gaps_summary": ("{none} regions without a center; {below} below {level} per 100,000 residents",
                     "Регионов без центров: {none}; ниже {level} на 100 000 жителей: {below}"),  # fmt: skip
    "gaps_none_only": ("{none} regions without a center", "Регионов без центров: {none}"),
    "foreign_table": ("Centers abroad by country", "Центры за рубежом по странам"),
    "hosts": ("Hosts", "Базовые учреждения"),
    "first_opened": ("First opened", "Первый открыт"),
    "frequency": ("Openings per", "Открытия за"),
    "freq_year": ("year", "год"),
    "freq_month": ("month", "месяц"),
    "network_on_date": ("The network on a date", "Сеть на дату"),
    "projection_target": ("Target number of domestic centers", "Целевое число центров в России"),
    "projection_result": ("At the pace of the last {years} years ({rate} centers a year), the network reaches "
                          "{target} around {when} (range {early} – {late}).",
                          "При темпе последних {years} лет ({rate} центров в год) сеть достигнет {target} "
                          "примерно в {when} (диапазон {early} – {late})."),  # fmt: skip
    "projection_reached": ("The network already has {target} or more centers (since {when}).",
                           "В сети уже {target} или больше центров (с {when})."),  # fmt: skip
    "projection_never": ("At the recent pace the target is not reached within 50 years.",
                         "При нынешнем темпе цель не достигается за 50 лет."),  # fmt: skip
    "projection_method": ("Method: a straight line fitted (least squares) to the monthly counts of the last "
                          "{years} years; the range is the slowest and fastest 12-month pace in that window.",
                          "Метод: прямая по методу наименьших квадратов по помесячным данным за последние {years} "
                          "года; диапазон — самый медленный и самый быстрый 12-месячный темп в этом окне."),  # fmt: skip
    "projection": ("Projection", "Прогноз"),
    "domestic_vs_foreign": ("Domestic and foreign centers", "Центры в России и за рубежом"),
    "search": ("Search in titles", "Поиск по заголовкам"),
    "event_types": ("Event types", "Типы мероприятий"),
    "events_found": ("{n} events found", "Найдено мероприятий: {n}"),
    "events_per_region": ("Events per region", "Мероприятия по регионам"),
    "events_per_country": ("Events per country", "Мероприятия по странам"),
    "choose_region": ("Choose a region", "Выберите регион"),
    "region_centers": ("Centers of the region", "Центры региона"),
    "recent_events": ("Recent events", "Последние мероприятия"),
    "gap_distance": ("Towns farther than (km) from any center", "Населённые пункты дальше (км) от любого центра"),
    "gap_towns": ("Largest towns farther than {km} km from any center", "Крупнейшие населённые пункты дальше {km} км от центров"),
    "distance_km": ("Distance to the nearest center, km", "Расстояние до ближайшего центра, км"),
    "nearest_center": ("Nearest center", "Ближайший центр"),
    "no_gaps": ("Every town of 500+ residents is within {km} km of a center.",
                "Все населённые пункты от 500 жителей находятся в пределах {km} км от центра."),  # fmt: skip
    "download_csv": ("Download CSV", "Скачать CSV"),
    "download_xlsx": ("Download XLSX", "Скачать XLSX"),
    "export_slides": ("Export slides (PPTX)", "Скачать слайды (PPTX)"),
    "slides_title": ("The network of the Presidential Library", "Сеть Президентской библиотеки"),
    "slides_subtitle": ("As of {date}", "По состоянию на {date}"),
    "slides_demo_note": ("Demo data: a generated registry calibrated to the library's published totals, "
                         "not an official list of centers.",
                         "Демонстрационные данные: сгенерированный реестр, согласованный с опубликованными "
                         "итогами библиотеки; это не официальный список центров."),  # fmt: skip
    "nothing_found": ("Nothing matches these filters.", "По этим фильтрам ничего не найдено."),
    "geonames_credit": ("Towns: GeoNames (CC BY 4.0). Outlines: Natural Earth.",
                        "Населённые пункты: GeoNames (CC BY 4.0). Контуры: Natural Earth."),  # fmt: skip
    "unknown": ("unknown", "нет данных"),
    "other": ("other", "другое"),
    # data management
    "page_data": ("Data", "Данные"),
    "page_quality": ("Data quality", "Качество данных"),
    "database_error": ("The registry database cannot be read", "Не удаётся прочитать базу реестра"),
    "database": ("Database", "База данных"),
    "data_version": ("Data version", "Версия данных"),
    "editing_off": ("Editing is off: no editor is configured. An administrator adds password hashes under "
                    "[editors] in .streamlit/secrets.toml (made with: python -m rcnet_data hash-password), "
                    "or an OIDC provider under [auth].",
                    "Редактирование отключено: не настроен ни один редактор. Администратор добавляет хэши паролей "
                    "в раздел [editors] файла .streamlit/secrets.toml (команда python -m rcnet_data hash-password) "
                    "или провайдера OIDC в раздел [auth]."),  # fmt: skip
    "sign_in": ("Sign in", "Войти"),
    "sign_in_oidc": ("Sign in with your organisation's account", "Войти через учётную запись организации"),
    "sign_in_needed": ("Importing and undo need an editor sign-in.", "Импорт и отмена доступны редакторам после входа."),
    "user_name": ("User name", "Имя пользователя"),
    "password": ("Password", "Пароль"),
    "sign_out": ("Sign out", "Выйти"),
    "signed_in_as": ("Signed in as {user}", "Вы вошли как {user}"),
    "wrong_password": ("Wrong user name or password.", "Неверное имя пользователя или пароль."),
    "not_an_editor": ("{user} is not on the list of editors.", "{user} нет в списке редакторов."),
    "table_kind": ("The file holds", "Файл содержит"),
    "upload_label": ("Registry file: CSV, XLSX or Parquet, up to {mb} MB", "Файл реестра: CSV, XLSX или Parquet, до {mb} МБ"),
    "preview": ("Preview: the first 20 rows as read", "Просмотр: первые 20 строк, как они прочитаны"),
    "import_counts": ("{added} to add, {updated} to update, {unchanged} unchanged, {rejected} rejected",
                      "Добавить: {added}, обновить: {updated}, без изменений: {unchanged}, отклонено: {rejected}"),  # fmt: skip
    "rejected_rows": ("Rejected rows and why", "Отклонённые строки и причины"),
    "download_rejected": ("Download rejected rows", "Скачать отклонённые строки"),
    "import_button": ("Import {n} rows", "Импортировать строк: {n}"),
    "import_done": ("Import {id} written: {added} added, {updated} updated, {rejected} rejected.",
                    "Импорт {id} записан: добавлено {added}, обновлено {updated}, отклонено {rejected}."),  # fmt: skip
    "nothing_valid": ("No valid rows: nothing can be imported.", "Нет правильных строк: импортировать нечего."),
    "nothing_new": ("Every valid row is already in the registry as it is.", "Все правильные строки уже есть в реестре."),
    "undo_button": ("Undo the last import", "Отменить последний импорт"),
    "undo_confirm": ("Restore the registry to its state before the last import", "Вернуть реестр к состоянию до последнего импорта"),
    "undo_done": ("Import {id} ({file}) undone: {n} rows restored.", "Импорт {id} ({file}) отменён: восстановлено строк: {n}."),
    "history": ("Import history", "История импорта"),
    "when": ("When", "Когда"),
    "who": ("Who", "Кто"),
    "file": ("File", "Файл"),
    "added": ("Added", "Добавлено"),
    "updated": ("Updated", "Обновлено"),
    "unchanged": ("Unchanged", "Без изменений"),
    "rejected": ("Rejected", "Отклонено"),
    "undone": ("Undone", "Отменён"),
    "completeness": ("Completeness, %", "Полнота, %"),
    "no_coordinates": ("Without coordinates", "Без координат"),
    "no_host": ("Without host", "Без учреждения"),
    "no_address": ("Without address", "Без адреса"),
    "far": ("Far from the region", "Далеко от региона"),
    "shared_point": ("Sharing one point", "В одной точке"),
    "regions_without_events": ("Regions with no events in the period: {n}", "Регионов без мероприятий за период: {n}"),
    "suspicious": ("Suspicious coordinates", "Подозрительные координаты"),
    "no_suspicious": ("No center is far from its region or shares its point with another.",
                      "Нет центров далеко от своего региона или в одной точке с другими."),  # fmt: skip
    # codes
    "domestic": ("Russia", "Россия"),
    "foreign": ("Abroad", "Зарубежье"),
    "branch": ("Branch", "Филиал"),
    "regional_center": ("Regional center", "Региональный центр"),
    "remote_access_center": ("Remote access center", "Центр удалённого доступа"),
    "foreign_center": ("Foreign center", "Зарубежный центр"),
    "regional_library": ("Regional library", "Региональная библиотека"),
    "municipal_library": ("Municipal library", "Муниципальная библиотека"),
    "school": ("School", "Школа"),
    "college_or_university": ("College or university", "Колледж или вуз"),
    "museum_or_archive": ("Museum or archive", "Музей или архив"),
    "russian_center_of_science_and_culture": ("Russian center of science and culture", "Российский центр науки и культуры"),
    "national_library": ("National library", "Национальная библиотека"),
    "quest": ("Quest", "Квест"),
    "videoconference": ("Videoconference", "Видеоконференция"),
    "lecture": ("Lecture", "Лекция"),
    "open_lesson": ("Open lesson", "Открытый урок"),
    "contest": ("Contest", "Конкурс"),
    "exhibition": ("Exhibition", "Выставка"),
    "festival": ("Festival", "Фестиваль"),
    "broadcast": ("Broadcast", "Трансляция"),
    "meeting": ("Meeting", "Совещание"),
    "opening": ("Opening", "Открытие"),
    "report": ("Report", "Отчёт"),
}


def t(key: str, lang: str, **values) -> str:
    """The label for a key in a language; unknown keys come back as the key itself."""
    pair = TEXT.get(key)
    text = key if pair is None else pair[1 if lang == "ru" else 0]
    return text.format(**values) if values else text


def fmt_int(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    text = f"{int(round(float(value))):,}"
    return text.replace(",", NBSP) if lang == "ru" else text


def fmt_float(value, lang: str, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return "—"
    text = f"{float(value):,.{digits}f}"
    if lang == "ru":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def fmt_signed(value, lang: str) -> str:
    # ASCII "-": Streamlit's metric reads the delta's first character to pick the arrow.
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return sign + fmt_int(abs(value), lang)


def fmt_date(value, lang: str, short: bool = False) -> str:
    """26 ноября 2026 / 26 November 2026; short: 26.11.2026 / 26 Nov 2026."""
    if value is None or pd.isna(value):
        return "—"
    day = pd.Timestamp(value).date() if not isinstance(value, date) else value
    if short:
        return day.strftime("%d.%m.%Y") if lang == "ru" else f"{day.day} {MONTHS_SHORT['en'][day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def fmt_month(value, lang: str) -> str:
    day = pd.Timestamp(value)
    return f"{MONTHS_SHORT[lang][day.month - 1]} {day.year}"


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: decimal mark then thousands separator."""
    return ", " if lang == "ru" else ".,"


def region_name(code: str | None, lang: str, short: bool = False) -> str:
    if not code or code not in ref.regions().index:
        return t("unknown", lang)
    row = ref.regions().loc[code]
    if short:
        return row["short_ru"] if lang == "ru" else row["short_en"]
    return row["name_ru"] if lang == "ru" else row["name_en"]


def district_name(code: str | None, lang: str, short: bool = False) -> str:
    if not code or code not in ref.federal_districts().index:
        return t("unknown", lang)
    row = ref.federal_districts().loc[code]
    if short:
        return row["short_ru"] if lang == "ru" else row["short_en"]
    return row["name_ru"] if lang == "ru" else row["name_en"]


def country_name(code: str | None, lang: str) -> str:
    if not code or code not in ref.countries().index:
        return t("unknown", lang)
    row = ref.countries().loc[code]
    return row["name_ru"] if lang == "ru" else row["name_en"]


def town_name(region_code: str | None, town: str, lang: str) -> str:
    """Russian towns in Russian when the gazetteer knows them."""
    if lang == "ru" and region_code:
        return ref.town_name_ru(region_code, town)
    return town


def describe_projection(projection, lang: str) -> str:
    """One sentence on an `analytics.Projection`: when the target is (or was) reached."""
    target = fmt_int(projection.target, lang)
    if projection.reached_on is not None:
        return t("projection_reached", lang, target=target, when=fmt_date(projection.reached_on, lang))
    if projection.expected is None:
        return t("projection_never", lang)
    return t("projection_result", lang, years=projection.window_years, target=target,
             rate=fmt_float(projection.rate_per_year, lang, 0), when=fmt_month(projection.expected, lang),
             early=fmt_month(projection.earliest, lang) if projection.earliest is not None else "—",
             late=fmt_month(projection.latest, lang) if projection.latest is not None else "—")  # fmt: skip
