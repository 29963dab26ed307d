"""Russian and English: every label, number, date and count the app shows.

`t(key, lang, **values)` gives a label; a label that counts something has a form per CLDR
plural category and takes the count as `n` («1 центр», «2 центра», «5 центров»; "1 center",
"2 centers"). Numbers and dates are formatted by Babel from CLDR data («1 749», «12,5»,
«16 мая 2024», «окт. 2031»; "1,749", "12.5", "16 May 2024", "Oct 2031"): nothing here
writes a separator or a month name by hand.

Registry text (names, hosts, titles) is shown as stored; towns, regions and countries
come from the reference tables in the reader's language.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from rcnet_data.core import reference as ref

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
# English dates in day-month-year order ("16 May 2024"), as the library's English pages write them.
BABEL_LOCALES = {"ru": "ru", "en": "en_GB"}
DATE_LONG = "d MMMM y"  # 16 мая 2024 / 16 May 2024
DATE_SHORT = {"ru": "dd.MM.y", "en": "d MMM y"}  # 16.05.2024 / 16 May 2024
MONTH = "LLL y"  # окт. 2031 / Oct 2031 (stand-alone month: the nominative in Russian)
PLOTLY_DATE_INPUT = "DD.MM.YYYY"  # typed dates in Streamlit's pickers, both languages

Plural = dict[str, str]  # CLDR category (one, few, many, other) -> text

# key: (English, Russian). A dict instead of a string is a counted label: one text per plural
# category, the count as {n}.
TEXT: dict[str, tuple[str | Plural, str | Plural]] = {
    # app and navigation
    "app_name": ("rcnet", "rcnet"),
    "page_overview": ("Overview", "Обзор"),
    "page_domestic": ("Domestic network", "Сеть в России"),
    "page_foreign": ("Foreign network", "Зарубежная сеть"),
    "page_growth": ("Growth", "Рост сети"),
    "page_events": ("Events", "Мероприятия"),
    "page_region": ("Region", "Регион"),
    "page_compare": ("Compare regions", "Сравнение регионов"),
    "page_data": ("Data", "Данные"),
    "page_quality": ("Data quality", "Качество данных"),
    "language": ("Language", "Язык"),
    "presenter_mode": ("Presenter mode", "Режим презентации"),
    "slide_headline": ("The network today", "Сеть сегодня"),
    "slide_growth": ("Growth of the network, with the published figures", "Рост сети и опубликованные данные"),
    "slide_choropleth": ("Centers in the regions of Russia", "Центры в регионах России"),
    "slide_foreign": ("Centers abroad", "Центры за рубежом"),
    "slide_regions": ("Regions with the most centers", "Регионы с наибольшим числом центров"),
    "slide_events": ("Latest events", "Последние мероприятия"),
    "slide_timelapse": ("The network month by month", "Сеть месяц за месяцем"),
    "slide_previous": ("← Back", "← Назад"),
    "slide_next": ("Next →", "Далее →"),
    "slide_exit": ("Exit", "Выйти"),
    "slide_counter": ("Slide {n} of {total}", "Слайд {n} из {total}"),
    "slide_keys": ("Keys: ← → or PageUp/PageDown; Esc exits", "Клавиши: ← → или PageUp/PageDown; Esc — выход"),
    "alt_foreign_slide": ("{centers} abroad in {countries}", "{centers} за рубежом, {countries}"),
    "alt_region_slide": ("{region}: {centers}, rank {rank} of 85", "{region}: {centers}, место {rank} из 85"),
    "alt_top_regions": ("The {n} regions with the most centers", "{n} регионов с наибольшим числом центров"),
    "exit_presenter": ("Exit presenter mode", "Выйти из режима презентации"),
    "filters": ("Filters", "Фильтры"),
    "as_of": ("As of", "На дату"),
    "as_of_help": ("The network is shown as it stood at the end of this day.",
                   "Сеть показана такой, какой она была на конец этого дня."),  # fmt: skip
    "federal_district": ("Federal district", "Федеральный округ"),
    "all_districts": ("All federal districts", "Все федеральные округа"),
    "region": ("Region", "Регион"),
    "all_regions": ("All regions", "Все регионы"),
    "country": ("Country", "Страна"),
    "all_countries": ("All countries", "Все страны"),
    "period": ("Period", "Период"),
    "period_from": ("From", "С"),
    "period_to": ("To", "По"),
    "period_caption": ("Period: {start} – {end}", "Период: {start} – {end}"),
    "period_clipped": ("The period is moved to end on the as-of date, {end}, keeping its length.",
                       "Период сдвинут так, чтобы он заканчивался датой «на дату» ({end}), с той же длиной."),
    "demo_banner": (
        "Demo data: a generated registry calibrated to the published totals, with the {known} and {known_events} "
        "that were published, each with its source.",
        "Демонстрационные данные: реестр сгенерирован и согласован с опубликованными итогами; в нём {known} и "
        "{known_events}, о которых есть публикации, с источниками.",
    ),
    "demo_footer": ("Demo data: generated, calibrated to the published totals; not the official list.",
                    "Демонстрационные данные: сгенерированы и согласованы с опубликованными итогами; это не официальный список."),  # fmt: skip
    "data_rejected": (
        {"one": "{n} row of the registry was rejected by validation and is not shown.",
         "other": "{n} rows of the registry were rejected by validation and are not shown."},
        {"one": "{n} строка реестра не прошла проверку и не показана.",
         "few": "{n} строки реестра не прошли проверку и не показаны.",
         "many": "{n} строк реестра не прошли проверку и не показаны.",
         "other": "{n} строки реестра не прошли проверку и не показаны."},
    ),  # fmt: skip
    # counted nouns, for sentences that hold more than one count
    "n_centers": ({"one": "{n} center", "other": "{n} centers"},
                  {"one": "{n} центр", "few": "{n} центра", "many": "{n} центров", "other": "{n} центра"}),  # fmt: skip
    "n_centers_in_russia": ({"one": "{n} center in Russia", "other": "{n} centers in Russia"},
                            {"one": "{n} центр в России", "few": "{n} центра в России", "many": "{n} центров в России",
                             "other": "{n} центра в России"}),  # fmt: skip
    "n_events": ({"one": "{n} event", "other": "{n} events"},
                 {"one": "{n} мероприятие", "few": "{n} мероприятия", "many": "{n} мероприятий", "other": "{n} мероприятия"}),  # fmt: skip
    "n_regions": ({"one": "{n} region", "other": "{n} regions"},
                  {"one": "{n} регион", "few": "{n} региона", "many": "{n} регионов", "other": "{n} региона"}),  # fmt: skip
    "n_countries": ({"one": "{n} country", "other": "{n} countries"},
                    {"one": "{n} страна", "few": "{n} страны", "many": "{n} стран", "other": "{n} страны"}),  # fmt: skip
    "n_towns": ({"one": "{n} town", "other": "{n} towns"},
                {"one": "{n} населённый пункт", "few": "{n} населённых пункта", "many": "{n} населённых пунктов",
                 "other": "{n} населённого пункта"}),  # fmt: skip
    "n_rows": ({"one": "{n} row", "other": "{n} rows"},
               {"one": "{n} строка", "few": "{n} строки", "many": "{n} строк", "other": "{n} строки"}),  # fmt: skip
    "n_years": ({"one": "{n} year", "other": "{n} years"},
                {"one": "{n} год", "few": "{n} года", "many": "{n} лет", "other": "{n} года"}),  # fmt: skip
    "n_residents": ({"one": "{n} resident", "other": "{n} residents"},
                    {"one": "{n} житель", "few": "{n} жителя", "many": "{n} жителей", "other": "{n} жителя"}),  # fmt: skip
    "centers_per_year": ({"one": "{n} center a year", "other": "{n} centers a year"},
                         {"one": "{n} центр в год", "few": "{n} центра в год", "many": "{n} центров в год",
                          "other": "{n} центра в год"}),  # fmt: skip
    # metrics (short labels for metric cards; the detail goes into help)
    "domestic_centers": ("Centers in Russia", "Центров в России"),
    "foreign_centers": ("Centers abroad", "Центров за рубежом"),
    "countries": ("Countries", "Стран"),
    "regions_covered": ("Regions covered", "Регионов с центрами"),
    "regions_of": ("of {n}", "из {n}"),
    "openings_12m": ("Opened in 12 months", "Открыто за год"),
    "openings_12m_help": ("Centers opened in the 12 months up to the date; the change is against the 12 months before.",
                          "Центры, открытые за 12 месяцев до даты; изменение — к предыдущим 12 месяцам."),  # fmt: skip
    "vs_previous": ("against the 12 months before", "к предыдущим 12 месяцам"),
    "centers": ("Centers", "Центры"),
    "per_100k": ("Centers per 100,000 residents", "Центров на 100 000 жителей"),
    "per_100k_short": ("Per 100,000", "На 100 тыс. жителей"),
    "coverage_share": ("Share of residents within {km} km of a center", "Доля жителей в пределах {km} км от центра"),
    "coverage_share_short": ("Within {km} km", "В пределах {km} км"),
    "coverage_metric": ("Share of residents within reach of a center", "Доля жителей в зоне доступа центра"),
    "lat": ("Latitude", "Широта"),
    "lon": ("Longitude", "Долгота"),
    "coverage_method": (
        "Residents within {km} km: the people of every town (GeoNames, 500+ residents) within {km} km of a center open "
        "on the date, on the great circle, as a share of the region's population (Rosstat). Villages under 500 people "
        "are in the population but in no town, so the share is a lower bound.",
        "Жители в пределах {km} км: население всех населённых пунктов (GeoNames, от 500 жителей) не дальше {km} км "
        "от центра, открытого на дату, по дуге большого круга, в доле от населения региона (Росстат). Сёла меньше "
        "500 жителей входят в население, но не в список населённых пунктов, поэтому доля — оценка снизу.",
    ),
    "plan_title": ({"one": "Where to open next: {n} site for the most residents within {km} km",
                    "other": "Where to open next: {n} sites for the most residents within {km} km"},
                   {"one": "Где открыть новые центры: {n} место с наибольшим числом жителей в пределах {km} км",
                    "few": "Где открыть новые центры: {n} места с наибольшим числом жителей в пределах {km} км",
                    "many": "Где открыть новые центры: {n} мест с наибольшим числом жителей в пределах {km} км",
                    "other": "Где открыть новые центры: {n} места с наибольшим числом жителей в пределах {km} км"}),
    "plan_fewer": ("{asked} were asked for; after these, no town would bring a resident more within {km} km.",
                   "Запрошено мест: {asked}; после этих ни один населённый пункт не добавит ни одного жителя в пределах {km} км."),
    "plan_count": ("Suggested sites", "Предлагаемых мест"),
    "plan_rank": ("No.", "№"),
    "plan_gained_column": ("Residents gained", "Прибавится жителей"),
    "plan_covered_column": ("Covered so far", "Охвачено всего"),
    "plan_share_column": ("Share of the region", "Доля населения региона"),
    "plan_method": ("Greedy maximal coverage: each pick is the town whose {km} km circle holds the most residents not "
                    "yet within reach of a center or of an earlier pick.",
                    "Жадный алгоритм максимального покрытия: каждое следующее место — населённый пункт, в круге {km} км "
                    "вокруг которого больше всего жителей, ещё не охваченных центрами или предыдущими местами."),  # fmt: skip
    "plan_nothing": ("Every town of the region is already within {km} km of a center.",
                     "Все населённые пункты региона уже в пределах {km} км от центра."),  # fmt: skip
    "openings_in_period": ("Openings in the period", "Открытия за период"),
    "events_in_period": ("Events in the period", "Мероприятия за период"),
    "towns_with_center": ("Towns with a center", "Населённых пунктов с центром"),
    "towns_with_center_short": ("Towns", "Населённых пунктов"),
    "population": ("Population", "Население"),
    "rank": ("Rank", "Место"),
    "rank_of": ("{rank} of {total}", "{rank} из {total}"),
    "rank_help": ("Rank among the 85 regions by {metric} (1 = most).", "Место среди 85 регионов по показателю «{metric}» (1 — больше всех)."),
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
    "demo_source": ("demo", "демо"),
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
    "chart_choropleth": ("Regions: {metric}", "Регионы: {metric}"),
    "chart_top_regions": ("Top regions by number of centers", "Регионы с наибольшим числом центров"),
    "chart_countries_over_time": ("Countries with a center, over time", "Страны с центрами по годам"),
    "chart_by_district": ("Openings by federal district", "Открытия по федеральным округам"),
    "chart_events_by_region": ("Events per region in the period", "Мероприятия по регионам за период"),
    "chart_region_openings": ("Openings in the region over time", "Открытие центров в регионе"),
    "chart_projection": ("Projection of the domestic network", "Прогноз роста сети в России"),
    "chart_coverage_over_time": ("Residents within {km} km of a center, over time",
                                 "Доля жителей в пределах {km} км от центра по годам"),  # fmt: skip
    "published": ("Published figure", "Опубликованные данные"),
    "published_domestic": ("Published: centers in Russia", "Опубликовано: центры в России"),
    "published_foreign": ("Published: centers abroad", "Опубликовано: центры за рубежом"),
    "on_date": ("on {date}", "на {date}"),
    "other_countries_centers": ("and {countries}: {centers}", "и {countries}: {centers}"),
    "other_countries": ({"one": "{n} other country", "other": "{n} other countries"},
                        {"one": "ещё {n} страна", "few": "ещё {n} страны", "many": "ещё {n} стран", "other": "ещё {n} страны"}),
    "rank_place": ("rank {rank} of {total}", "место {rank} из {total}"),
    "registry": ("Registry", "Реестр"),
    "bound_more_than": ("more than", "более"),
    "bound_about": ("about", "около"),
    "bound_exact": ("exactly", "ровно"),
    "holds": ("holds", "совпадает"),
    "does_not_hold": ("does not hold", "не совпадает"),
    "no_center": ("no center", "нет центров"),
    "click_to_open": ("click to open the region", "нажмите, чтобы открыть регион"),
    "alt_growth": ("Line chart: domestic centers grew from {first} in {first_year} to {last} on {last_date}; "
                   "foreign centers to {foreign}.",
                   "Линейный график: число центров в России выросло с {first} в {first_year} году до {last} "
                   "на {last_date}; за рубежом — до {foreign}."),  # fmt: skip
    "alt_tiles": ("Tile grid of the 85 regions coloured by {metric}; highest: {top}; {gaps} without a center.",
                  "Плиточная карта 85 регионов по показателю «{metric}»; больше всего: {top}; без центров: {gaps}."),  # fmt: skip
    "alt_choropleth": ("Map of the 85 regions coloured by {metric}; highest: {top}; {gaps} without a center.",
                       "Карта 85 регионов по показателю «{metric}»; больше всего: {top}; без центров: {gaps}."),  # fmt: skip
    "alt_map": ({"one": "Map of {n} center.", "other": "Map of {n} centers."},
                {"one": "Карта: {n} центр.", "few": "Карта: {n} центра.", "many": "Карта: {n} центров.",
                 "other": "Карта: {n} центра."}),  # fmt: skip
    # page-specific
    "latest_events": ("Latest events", "Последние мероприятия"),
    "milestones_table": ("The registry against the published figures", "Реестр и опубликованные данные"),
    "milestones_demo_caption": ("The demo registry is calibrated to the published totals, so on it these figures hold by "
                                "construction: on the library's own registry the same table is a real check. "
                                "Figures: the library's own news and the press, each with its source.",
                                "Демо-реестр откалиброван по опубликованным итогам, поэтому на нём эти показатели "
                                "совпадают по построению; на реестре библиотеки та же таблица — настоящая проверка. "
                                "Показатели взяты из новостей библиотеки и прессы, у каждого указан источник."),
    "milestones_caption": ("{holds} of {total} published figures hold. Figures: the library's own news and the press, "
                           "each with its source (data/facts/published_milestones.csv).",
                           "Совпадает {holds} из {total} опубликованных показателей. Показатели взяты из новостей "
                           "библиотеки и прессы, у каждого указан источник (data/facts/published_milestones.csv)."),  # fmt: skip
    "online_basemap": ("Online basemap", "Подложка из интернета"),
    "online_basemap_help": ("Draws streets and terrain under the map when the internet is reachable; without it the "
                            "map stays as it is.",
                            "Показывает улицы и рельеф под картой, если доступен интернет; без него карта не меняется."),  # fmt: skip
    "gap_legend": ("town farther than {km} km from a center", "населённый пункт дальше {km} км от центра"),
    "towns_legend": ("other towns of 500+ residents", "другие населённые пункты от 500 жителей"),
    "plan_legend": ("suggested next site", "предлагаемое место нового центра"),
    "plan_gained": ("residents newly within reach", "новых жителей в зоне доступа"),
    "region_outline": ("the region's border", "граница региона"),
    "region_borders": ("region borders", "границы регионов"),
    "map_view": ("Map view", "Вид карты"),
    "view_points": ("Centers", "Центры"),
    "view_density": ("Density", "Плотность"),
    "coverage_view": ("Regions as", "Регионы на карте"),
    "view_choropleth": ("Map", "Карта"),
    "view_tiles": ("Tile grid", "Плитки"),
    "metric": ("Colour regions by", "Показатель"),
    "threshold": ("Highlight regions below (centers per 100,000)", "Выделить регионы ниже (центров на 100 000)"),
    "coverage_table": ("Regional coverage", "Охват регионов"),
    "gaps_summary": ("{none} without a center; {below} below {level} per 100,000 residents",
                     "Без центров: {none}; ниже {level} на 100 000 жителей: {below}"),  # fmt: skip
    "gaps_none_only": ("{none} without a center", "Без центров: {none}"),
    "foreign_table": ("Centers abroad by country", "Центры за рубежом по странам"),
    "hosts": ("Hosts", "Базовые учреждения"),
    "first_opened": ("First opened", "Первый открыт"),
    "frequency": ("Openings per", "Открытия за"),
    "freq_year": ("year", "год"),
    "freq_month": ("month", "месяц"),
    "network_on_date": ("The network on a date", "Сеть на дату"),
    "projection_target": ("Target number of domestic centers", "Целевое число центров в России"),
    "projection_result": ("At the pace of the last {years} ({rate}), the network reaches {target} around {when} "
                          "(range {early} – {late}).",
                          "При темпе за последние {years} ({rate}) сеть достигнет {target} примерно в {when} "
                          "(диапазон {early} – {late})."),  # fmt: skip
    "projection_reached": ("The network already has {target} or more centers (since {when}).",
                           "В сети уже {target} или больше центров (с {when})."),  # fmt: skip
    "projection_never": ("At the recent pace the target is not reached within 50 years.",
                         "При нынешнем темпе цель не достигается за 50 лет."),  # fmt: skip
    "projection_method": ("Method: a straight line fitted (least squares) to the monthly counts of the last {years}; "
                          "the range is the slowest and fastest 12-month pace in that window.",
                          "Метод: прямая по методу наименьших квадратов по помесячным данным за последние {years}; "
                          "диапазон — самый медленный и самый быстрый 12-месячный темп в этом окне."),  # fmt: skip
    "projection": ("Projection", "Прогноз"),
    "domestic_vs_foreign": ("Domestic and foreign centers", "Центры в России и за рубежом"),
    "compare_regions": ("Regions to compare", "Регионы для сравнения"),
    "compare_choose": ("Choose up to {n} regions in the sidebar to compare them.",
                       "Выберите в боковой панели до {n} регионов, чтобы сравнить их."),
    "compare_centers": ("Open centers", "Открытых центров"),
    "compare_district_average": ("{district}: average", "{district}: среднее"),
    "compare_national_average": ("Russia: average", "Россия: среднее"),
    "compare_title_centers": ("Open centers, year by year", "Открытые центры по годам"),
    "compare_title_per_100k": ("Centers per 100,000 residents", "Центров на 100 тыс. жителей"),
    "compare_title_coverage": ("Residents within {km} km of a center", "Жители в пределах {km} км от центра"),
    "compare_caption": ("Dashed: the federal district's average; dotted: Russia's. For open centers the average is per "
                        "region; per 100,000 residents and coverage are of the whole district or country.",
                        "Пунктир — среднее по федеральному округу, точки — по России. Для числа центров — среднее на "
                        "регион; на 100 тыс. жителей и охват — по всему округу или стране."),
    "chart_timelapse": ("The network month by month", "Сеть месяц за месяцем"),
    "timelapse_play": ("▶ Play", "▶ Пуск"),
    "timelapse_pause": ("Pause", "Пауза"),
    "timelapse_caption": ("Press Play: the regions fill in month by month from January 2009 to the date, with the "
                          "running count and each published figure as its date passes. It plays in the browser.",
                          "Нажмите «Пуск»: регионы заполняются месяц за месяцем с января 2009 года до выбранной даты, "
                          "со счётчиком центров и опубликованными цифрами по мере наступления их дат. Анимация идёт в "
                          "браузере."),
    "report_pdf": ("Report (PDF)", "Отчёт (PDF)"),
    "report_pptx": ("Report (PPTX)", "Отчёт (PPTX)"),
    "report_subtitle": ("Region report as of {date}: remote access centers of the Presidential Library",
                        "Отчёт по региону на {date}: центры удалённого доступа Президентской библиотеки"),
    "report_no_events": ("No events in the last 12 months.", "За последние 12 месяцев мероприятий нет."),
    "report_map_title": ("Centers, and towns farther than {km} km", "Центры и населённые пункты дальше {km} км"),
    "report_map_notes": ("Open centers by kind; crosses: towns of 500+ residents farther than {km} km from any center; "
                         "rings: suggested sites, numbered in order.",
                         "Открытые центры по видам; крестики — населённые пункты от 500 жителей дальше {km} км от "
                         "центров; кольца — предлагаемые места, по порядку."),
    "report_sources": ("Sources: the rcnet registry as of {date}; region boundaries: Natural Earth (public domain); "
                       "towns and populations: GeoNames (CC BY 4.0), Rosstat estimates for 1 January 2024.",
                       "Источники: реестр rcnet на {date}; границы регионов: Natural Earth (общественное достояние); "
                       "населённые пункты и население: GeoNames (CC BY 4.0), оценка Росстата на 1 января 2024 г."),
    "report_progress": ("{done}/{total} {region}", "{done}/{total} {region}"),
    "search_places": ("Find a place", "Поиск места"),
    "search_placeholder": ("Region, town, center or host", "Регион, город, центр или учреждение"),
    "search_nothing": ("Nothing found for «{query}»", "По запросу «{query}» ничего не найдено"),
    "found_center": ("{name} ({host}), {town}; opened {opened}. Ringed on the map.",
                     "{name} ({host}), {town}; открыт {opened}. На карте обведён кольцом."),
    "search_kind_region": ("Region", "Регион"),
    "search_kind_town": ("Town", "Населённый пункт"),
    "search_kind_center": ("Center", "Центр"),
    "search_kind_host": ("Host", "Учреждение"),
    "search": ("Words in the title", "Слова в заголовке"),
    "event_types": ("Event types", "Типы мероприятий"),
    "events_found": ({"one": "{n} event found", "other": "{n} events found"},
                     {"one": "Найдено {n} мероприятие", "few": "Найдено {n} мероприятия",
                      "many": "Найдено {n} мероприятий", "other": "Найдено {n} мероприятия"}),  # fmt: skip
    "events_shown": ("The {shown} newest are listed; the download has all {n}.",
                     "В таблице — {shown} самых новых; в файле для скачивания — все {n}."),  # fmt: skip
    "events_per_region": ("Events per region", "Мероприятия по регионам"),
    "events_per_country": ("Events per country", "Мероприятия по странам"),
    "no_events_period": ("No events in this period match the filters: widen the period, or clear the type, place "
                         "or words.",
                         "За этот период нет мероприятий, подходящих под фильтры: расширьте период или уберите тип, "
                         "место или слова."),  # fmt: skip
    "no_foreign_events": ("No events abroad in this period.", "За этот период нет мероприятий за рубежом."),
    "no_domestic_events": ("No events in Russia in this period.", "За этот период нет мероприятий в России."),
    "choose_region": ("Choose a region in the sidebar, or click one on the Domestic network page.",
                      "Выберите регион на боковой панели или нажмите на него на странице «Сеть в России»."),  # fmt: skip
    "region_centers": ("Centers of the region", "Центры региона"),
    "no_centers_yet": ("The region had no center on {date}.", "На {date} в регионе не было центров."),
    "no_centers_network": ("No center was open on {date}.", "На {date} не было открытых центров."),
    "no_openings_yet": ("No center had opened by {date}.", "К {date} не было открыто ни одного центра."),
    "no_foreign_yet": ("No center abroad was open on {date}.", "На {date} за рубежом не было центров."),
    "recent_events": ("Recent events", "Последние мероприятия"),
    "no_region_events": ("No events in the region between {start} and {end}.",
                         "С {start} по {end} в регионе не было мероприятий."),  # fmt: skip
    "gap_distance": ("Distance to a center, km", "Расстояние до центра, км"),
    "gap_distance_help": ("Towns farther than this from every open center count as uncovered; residents within it as "
                          "within reach.",
                          "Населённые пункты дальше этого расстояния от всех открытых центров считаются без охвата; "
                          "жители ближе — в зоне доступа."),  # fmt: skip
    "gap_towns": ("Largest towns farther than {km} km from any center", "Крупнейшие населённые пункты дальше {km} км от центров"),
    "distance_km": ("Distance, km", "Расстояние, км"),
    "km": ("km", "км"),
    "nearest_center": ("Nearest center", "Ближайший центр"),
    "no_gaps": ("Every town of 500+ residents is within {km} km of a center.",
                "Все населённые пункты от 500 жителей находятся в пределах {km} км от центра."),  # fmt: skip
    "download_csv": ("Download CSV", "Скачать CSV"),
    "download_xlsx": ("Download XLSX", "Скачать XLSX"),
    "export_slides": ("Export slides (PPTX)", "Скачать слайды (PPTX)"),
    "slides_title": ("The network of the Presidential Library", "Сеть Президентской библиотеки"),
    "slides_subtitle": ("As of {date}", "По состоянию на {date}"),
    "slides_notes_source": ("Figures: the rcnet registry as of {date}; published figures: the library's news and reports, "
                            "each with its source in the dashboard's table of published figures.",
                            "Цифры: реестр rcnet на {date}; опубликованные данные: новости и отчёты библиотеки, источник "
                            "каждой цифры указан в таблице опубликованных данных на дашборде."),
    "slides_notes_registry": ("The registry was imported by the library's editors; see the Data page for its import log.",
                              "Реестр загружен редакторами библиотеки; журнал загрузок — на странице «Данные»."),
    "slides_notes_headline": ("Headline figures of the network on the date.", "Основные показатели сети на дату."),
    "slides_notes_growth": ("Centers on 31 December of each year and on {date} for the current year, in Russia and abroad; "
                            "diamonds: each figure the library published, on the day it was published.",
                            "Число центров на 31 декабря каждого года, а за текущий год — на {date}, в России и за рубежом; "
                            "ромбы — каждая цифра, опубликованная библиотекой, на дату публикации."),
    "slides_notes_map": ("The 85 regions coloured by the number of open centers (the dashboard's classes); "
                         "boundaries: Natural Earth admin-1, simplified.",
                         "85 регионов, окрашенных по числу открытых центров (классы дашборда); границы: Natural Earth "
                         "admin-1, упрощённые."),
    "slides_notes_tiles": ("Each region one equal tile, coloured by the number of open centers.",
                           "Каждый регион — одна равная плитка, цвет — число открытых центров."),
    "slides_notes_top": ("The ten regions with the most open centers.", "Десять регионов с наибольшим числом открытых центров."),
    "slides_demo_note": ("Demo data: a generated registry calibrated to the library's published totals, "
                         "not an official list of centers.",
                         "Демонстрационные данные: сгенерированный реестр, согласованный с опубликованными "
                         "итогами библиотеки; это не официальный список центров."),  # fmt: skip
    "nothing_found": ("Nothing matches these filters.", "По этим фильтрам ничего не найдено."),
    "geonames_credit": ("Towns: GeoNames (CC BY 4.0). Outlines: Natural Earth.",
                        "Населённые пункты: GeoNames (CC BY 4.0). Контуры: Natural Earth."),  # fmt: skip
    "unknown": ("unknown", "нет данных"),
    "other": ("Other", "Другое"),
    "empty_table": ("Nothing to list.", "Список пуст."),
    # data management
    "database_error": ("The registry database cannot be read", "Не удаётся прочитать базу реестра"),
    "registry_unavailable": ("The registry is unavailable right now; the administrator has been told in the server log.",
                             "Реестр сейчас недоступен; администратор узнает об этом из журнала сервера."),
    "page_failed": ("Something went wrong on this page; the administrator has been told in the server log. "
                    "Reload the page or try another one.",
                    "На этой странице произошла ошибка; администратор узнает о ней из журнала сервера. "
                    "Обновите страницу или откройте другую."),
    "email_not_verified": ("{user} is on the list of editors, but the identity provider has not verified this address: "
                           "verify it with the provider, then sign in again.",
                           "Адрес {user} есть в списке редакторов, но сервер входа не подтвердил его: подтвердите "
                           "адрес у провайдера и войдите снова."),
    "import_warnings": ("Check before importing", "Проверьте перед импортом"),
    "would_empty": ("Empty cells where the registry holds a value", "Пустые ячейки там, где в реестре есть значение"),
    "would_empty_help": ("By default the stored values are kept. Tick the box only if these cells are meant to empty "
                         "them.",
                         "По умолчанию сохранённые значения остаются. Отметьте флажок, только если эти ячейки "
                         "действительно должны их очистить."),
    "would_empty_row": ({"one": "{column}: {n} stored value", "other": "{column}: {n} stored values"},
                        {"one": "{column}: {n} сохранённое значение", "few": "{column}: {n} сохранённых значения",
                         "many": "{column}: {n} сохранённых значений", "other": "{column}: {n} сохранённого значения"}),
    "allow_blanks": ("Empty these stored values as well", "Очистить и эти сохранённые значения"),
    "rejected_reasons": ("Rejected rows by reason", "Отклонённые строки по причинам"),
    "rejected_first": ("The first {shown} of {n} rejected rows; the downloads hold them all.",
                       "Первые {shown} из {n} отклонённых строк; в файлах для скачивания — все."),
    "reason": ("Reason", "Причина"),
    "problem_line": ("Row {row}, {column} = '{value}': {reason}", "Строка {row}, {column} = «{value}»: {reason}"),
    "and_more": ({"one": "… and {n} more", "other": "… and {n} more"},
                 {"one": "… и ещё {n}", "few": "… и ещё {n}", "many": "… и ещё {n}", "other": "… и ещё {n}"}),
    "column": ("Column", "Столбец"),
    "rows": ("Rows", "Строк"),
    "database": ("Database", "База данных"),
    "data_version": ("Data version", "Версия данных"),
    "editing_off": ("Editing is off: no editor is configured. An administrator adds password hashes under "
                    "`[editors]` in `.streamlit/secrets.toml` (made with `python -m rcnet_data hash-password`), "
                    "or an OIDC provider under `[auth]`.",
                    "Редактирование отключено: не настроен ни один редактор. Администратор добавляет хэши паролей "
                    "в раздел `[editors]` файла `.streamlit/secrets.toml` (команда `python -m rcnet_data hash-password`) "
                    "или провайдера OIDC в раздел `[auth]`."),  # fmt: skip
    "sign_in": ("Sign in", "Войти"),
    "sign_in_oidc": ("Sign in with your organisation's account", "Войти через учётную запись организации"),
    "sign_in_needed": ("Importing and undo need an editor sign-in.", "Импорт и отмена доступны редакторам после входа."),
    "user_name": ("User name", "Имя пользователя"),
    "password": ("Password", "Пароль"),
    "sign_out": ("Sign out", "Выйти"),
    "oidc_unreachable": ("Sign-in through your organisation is unavailable: its identity provider does not answer. "
                         "Viewing works as usual; try again later or ask the administrator.",
                         "Вход через учётную запись организации недоступен: сервер входа не отвечает. Просмотр "
                         "работает как обычно; попробуйте позже или обратитесь к администратору."),
    "signed_in_as": ("Signed in as {user}", "Вы вошли как {user}"),
    "wrong_password": ("Wrong user name or password.", "Неверное имя пользователя или пароль."),
    "too_many_attempts": ("Too many failed sign-ins for this user name or this browser: try again in {seconds} s.",
                          "Слишком много неудачных попыток входа для этого имени или этого браузера: повторите через {seconds} с."),
    "bad_hash": ("The password hash of editor {user} in the secrets file cannot be used ({problem}); {user} cannot "
                 "sign in until an administrator replaces it with one from `python -m rcnet_data hash-password`.",
                 "Хэш пароля редактора {user} в файле секретов непригоден ({problem}); {user} не сможет войти, пока "
                 "администратор не заменит его хэшем из `python -m rcnet_data hash-password`."),
    "database_write_error": ("The registry database refused the write, and nothing was written; the file was checked, "
                             "so tell the administrator (the server log has the details).",
                             "База реестра отказалась записывать данные, ничего не записано; файл проверен, поэтому "
                             "сообщите администратору (подробности — в журнале сервера)."),
    "not_an_editor": ("{user} may view the registry but not import: this address is not on the list of editors.",
                      "{user} может просматривать реестр, но не импортировать: этого адреса нет в списке редакторов."),  # fmt: skip
    "table_kind": ("The file holds", "Файл содержит"),
    "upload_label": ("Registry file: CSV, XLSX or Parquet, up to {mb} MB", "Файл реестра: CSV, XLSX или Parquet, до {mb} МБ"),
    "preview": ("Preview: the first 20 rows as read", "Просмотр: первые 20 строк, как они прочитаны"),
    "import_counts": ("{added} to add, {updated} to update, {unchanged} unchanged, {rejected} rejected",
                      "Добавить: {added}, обновить: {updated}, без изменений: {unchanged}, отклонено: {rejected}"),  # fmt: skip
    "rejected_rows": ("Rejected rows and why", "Отклонённые строки и причины"),
    "download_rejected": ("Download rejected rows", "Скачать отклонённые строки"),
    "import_button": ({"one": "Import {n} row", "other": "Import {n} rows"},
                      {"one": "Импортировать {n} строку", "few": "Импортировать {n} строки",
                       "many": "Импортировать {n} строк", "other": "Импортировать {n} строки"}),  # fmt: skip
    "import_done": ("Import {id} written: {added} added, {updated} updated, {rejected} rejected.",
                    "Импорт {id} записан: добавлено {added}, обновлено {updated}, отклонено {rejected}."),  # fmt: skip
    "nothing_valid": ("No valid rows: nothing can be imported.", "Нет правильных строк: импортировать нечего."),
    "nothing_new": ("Every valid row is already in the registry as it is.", "Все правильные строки уже есть в реестре."),
    "undo_button": ("Undo the last import", "Отменить последний импорт"),
    "undo_confirm": ("Restore the registry to its state before the last import", "Вернуть реестр к состоянию до последнего импорта"),
    "undo_done": ({"one": "Import {id} ({file}) undone: {n} row restored.",
                   "other": "Import {id} ({file}) undone: {n} rows restored."},
                  {"one": "Импорт {id} ({file}) отменён: восстановлена {n} строка.",
                   "few": "Импорт {id} ({file}) отменён: восстановлены {n} строки.",
                   "many": "Импорт {id} ({file}) отменён: восстановлено {n} строк.",
                   "other": "Импорт {id} ({file}) отменён: восстановлены {n} строки."}),  # fmt: skip
    "history": ("Import history", "История импорта"),
    "when": ("When", "Когда"),
    "who": ("Who", "Кто"),
    "file": ("File", "Файл"),
    "added": ("Added", "Добавлено"),
    "updated": ("Updated", "Обновлено"),
    "unchanged": ("Unchanged", "Без изменений"),
    "rejected": ("Rejected", "Отклонено"),
    "undone": ("Undone", "Отменён"),
    "no_imports": ("No import yet.", "Импортов ещё не было."),
    "completeness": ("Completeness, %", "Полнота, %"),
    "no_coordinates": ("Without coordinates", "Без координат"),
    "no_host": ("Without host", "Без учреждения"),
    "no_address": ("Without address", "Без адреса"),
    "far": ("Outside the region", "Вне региона"),
    "shared_point": ("Sharing one point", "В одной точке"),
    "outside_by_km": ("Outside its region by, km", "За границей региона, км"),
    "lies_in": ("Lies in", "Находится в"),
    "no_region": ("no region of Russia", "вне регионов России"),
    "regions_without_events": ({"one": "{n} region had no events in the period", "other": "{n} regions had no events in the period"},
                               {"one": "{n} регион без мероприятий за период", "few": "{n} региона без мероприятий за период",
                                "many": "{n} регионов без мероприятий за период", "other": "{n} региона без мероприятий за период"}),  # fmt: skip
    "suspicious": ("Suspicious coordinates", "Подозрительные координаты"),
    "no_suspicious": ("No center lies outside its region or shares its point with another.",
                      "Нет центров вне своего региона или в одной точке с другими."),  # fmt: skip
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
    "agreement": ("Agreement", "Соглашение"),
}


def plural_category(n, lang: str) -> str:
    """The CLDR plural category of a count in a language (ru: one, few, many, other)."""
    return _locale(lang).plural_form(abs(n))


def t(key: str, lang: str, **values) -> str:
    """The label for a key in a language; unknown keys come back as the key itself.

    A counted label picks its form by the CLDR plural rules for `n`, and shows `n` as the
    language writes numbers."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1 if lang == "ru" else 0]
    if isinstance(text, dict):
        n = values["n"]
        text = text.get(plural_category(n, lang), text["other"])
        values = {**values, "n": fmt_int(n, lang) if float(n).is_integer() else fmt_float(n, lang)}
    return text.format(**values) if values else text


def counted(key: str, n, lang: str) -> str:
    """A count with its noun in the right form: «21 центр», «22 центра», "1 center"."""
    return t(key, lang, n=n)


# --- numbers and dates (Babel, CLDR) ------------------------------------------------------
@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, BABEL_LOCALES[DEFAULT_LANG]))


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def fmt_int(value, lang: str) -> str:
    """1 749 (with a no-break space) / 1,749; a dash when unknown."""
    if _missing(value):
        return "—"
    return format_decimal(int(round(float(value))), locale=_locale(lang))


def fmt_float(value, lang: str, digits: int = 1) -> str:
    """12,5 / 12.5: at most `digits` decimals, trailing zeros dropped."""
    if _missing(value):
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))


def fmt_fixed(value, lang: str, digits: int = 2) -> str:
    """Exactly `digits` decimals (12,50 / 12.50), for columns that line up."""
    if _missing(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))


# One format per quantity, used by pages, tables, downloads, slides and reports alike:
# a share as a percentage with one decimal («72,6 %»), centers per 100,000 residents with one
# decimal («12,5»).
SHARE_DIGITS = 1
PER_100K_DIGITS = 1


def fmt_percent(share, lang: str, digits: int = SHARE_DIGITS) -> str:
    """A share of 1 as a percentage in the language's pattern, with exactly `digits`
    decimals: «45,7 %» / "45.7%", «50,0 %»."""
    if _missing(share):
        return "—"
    base = _locale(lang).percent_formats[None].pattern  # «#,##0 %» (ru), "#,##0%" (en)
    pattern = re.sub(r"0(?=[^0#]*%)", "0." + "0" * digits, base, count=1) if digits else base
    return format_percent(float(share), format=pattern, locale=_locale(lang))


def fmt_per_100k(value, lang: str) -> str:
    """Centers per 100,000 residents: «12,5» / "12.5", always one decimal."""
    return fmt_fixed(value, lang, PER_100K_DIGITS)


def fmt_signed(value, lang: str) -> str:
    # ASCII "-": Streamlit's metric reads the delta's first character to pick the arrow.
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return sign + fmt_int(abs(value), lang)


def _as_date(value) -> date:
    return value if isinstance(value, date) and not isinstance(value, pd.Timestamp) else pd.Timestamp(value).date()


def fmt_date(value, lang: str, short: bool = False) -> str:
    """16 мая 2024 / 16 May 2024; short: 16.05.2024 / 16 May 2024."""
    if _missing(value):
        return "—"
    pattern = DATE_SHORT.get(lang, DATE_SHORT["ru"]) if short else DATE_LONG
    return format_date(_as_date(value), pattern, locale=_locale(lang))


def fmt_month(value, lang: str) -> str:
    """окт. 2031 / Oct 2031."""
    return format_date(_as_date(value), MONTH, locale=_locale(lang))


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: the language's decimal mark, then its group separator."""
    return get_decimal_symbol(_locale(lang)) + get_group_symbol(_locale(lang))


def number_symbols(lang: str) -> tuple[str, str]:
    """(decimal mark, group separator) of a language, for files written for its spreadsheets."""
    return get_decimal_symbol(_locale(lang)), get_group_symbol(_locale(lang))


# --- places from the reference, in the reader's language ----------------------------------
def region_names(codes, lang: str, short: bool = False) -> list[str]:
    """`region_name` of many codes at once (a table's column)."""
    regions = ref.regions()
    column = ("short_" if short else "name_") + ("ru" if lang == "ru" else "en")
    names = regions[column].to_dict()
    unknown = t("unknown", lang)
    return [names.get(code, unknown) if code else unknown for code in codes]


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
    """A Russian town in the reader's language when the gazetteer knows it; else as stored."""
    return ref.town_in(region_code, town, lang) if region_code else town


def city_name(country: str | None, city: str, lang: str) -> str:
    """A foreign city in the reader's language when the reference knows it; else as stored."""
    return ref.world_city_in(country, city, lang) if country else city


def describe_projection(projection, lang: str) -> str:
    """One sentence on an `analytics.Projection`: when the target is (or was) reached."""
    target = fmt_int(projection.target, lang)
    if projection.reached_on is not None:
        return t("projection_reached", lang, target=target, when=fmt_date(projection.reached_on, lang))
    if projection.expected is None:
        return t("projection_never", lang)
    return t("projection_result", lang, years=counted("n_years", projection.window_years, lang), target=target,
             rate=counted("centers_per_year", round(projection.rate_per_year), lang), when=fmt_month(projection.expected, lang),
             early=fmt_month(projection.earliest, lang) if projection.earliest is not None else "—",
             late=fmt_month(projection.latest, lang) if projection.latest is not None else "—")  # fmt: skip
