"""What checks and readers tell the user, in English and Russian.

A problem is kept as a code with its values (`Message`) and rendered in the reader's
language: the command line and its JSON speak English; the Data page follows the
language switch.
"""

from __future__ import annotations

from dataclasses import dataclass

# code: (English, Russian); {placeholders} are filled from the message's values.
MESSAGES: dict[str, tuple[str, str]] = {
    # rows
    "missing": ("missing required value", "не заполнено обязательное поле"),
    "unknown_choice": (
        "unknown {column}; expected one of: {allowed}",
        "неизвестное значение поля {column}; допустимо: {allowed}",
    ),
    "unknown_region": (
        "unknown region {value!r}{hint_en}; a subject the bundled reference does not hold is added in regions_extra.csv "
        'in the registry folder (README: "Regions the bundled reference does not hold")',
        "неизвестный регион «{value}»{hint_ru}; субъект, которого нет в справочнике rcnet, добавляется в файле "
        "regions_extra.csv в папке реестра (README: «Regions the bundled reference does not hold»)",
    ),
    "ambiguous_region": (
        "ambiguous region {value!r}: it could be {options_en}; write the full name",
        "неоднозначное название региона «{value}»: это может быть {options_ru}; укажите полное название",
    ),
    "unknown_country": ("unknown country {value!r}{hint_en}", "неизвестная страна «{value}»{hint_ru}"),
    "ambiguous_date": (
        "ambiguous date: day/month order unknown; use DD.MM.YYYY or YYYY-MM-DD",
        "неоднозначная дата: неясен порядок дня и месяца; используйте ДД.ММ.ГГГГ или ГГГГ-ММ-ДД",
    ),
    "not_a_date": ("not a date; use YYYY-MM-DD or DD.MM.YYYY", "это не дата; используйте ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"),
    "year_only": (
        "a year, not a date; write the full date (DD.MM.YYYY)",
        "это год, а не дата; укажите полную дату (ДД.ММ.ГГГГ)",
    ),
    "date_out_of_range": (
        "date outside {low}–{high}: a typo, a 'no end' date, or a number typed into a spreadsheet's "
        "date cell (it shows as a date around 1900); write the full date, and leave a closing date "
        "empty when there is none",
        "дата вне {low}–{high}: опечатка, дата «без срока» или число, введённое в ячейку с форматом "
        "даты (таблица показывает его как дату около 1900 года); укажите полную дату, а дату "
        "закрытия оставьте пустой, если её нет",
    ),
    "too_long": (
        "longer than {limit} characters, the most the registry stores",
        "длиннее {limit} символов — больше, чем хранит реестр",
    ),
    "look_alike_id": (
        "looks like {column} {other!r} in row {row}: they differ only in letters that look alike, case or "
        "invisible spaces; if they are one center, use one id",
        "похож на код {column} «{other}» в строке {row}: они различаются только похожими буквами, регистром "
        "или невидимыми пробелами; если это один центр, используйте один код",
    ),
    "not_a_number": ("not a number", "это не число"),
    # news read as proposed events (core.news_items)
    "news_binary": (
        "{name}: not a news feed, page or text (a binary file): give an RSS or Atom feed, a saved news page (HTML) "
        "or the news as text",
        "{name}: это не лента, не страница и не текст новостей (двоичный файл): нужна лента RSS или Atom, "
        "сохранённая страница новости (HTML) или текст новостей",
    ),
    "news_none_feed": ("{name}: the feed holds no news item", "{name}: в ленте нет ни одной новости"),
    "news_none_html": (
        "{name}: not a news page (no dated text of a news item was found in it)",
        "{name}: это не страница новости (в ней не найден датированный текст новости)",
    ),
    "news_none_text": (
        '{name}: no news item found: each needs its title, then a date line («16 мая 2024», "16 May 2024"), '
        "then its text",
        "{name}: новости не найдены: у каждой должны быть заголовок, строка с датой («16 мая 2024») и текст",
    ),
    "news_bad_feed": ("{name}: not a readable RSS or Atom feed", "{name}: это не читаемая лента RSS или Atom"),
    "news_fetch_failed": ("{name}: cannot be fetched ({reason})", "{name}: не удалось загрузить ({reason})"),
    "news_too_large": ("{name}: larger than {mb} MB", "{name}: больше {mb} МБ"),
    "news_too_many": (
        "{name}: {n} news items; rcnet reviews at most {limit} at a time: split the file",
        "{name}: новостей — {n}; за раз rcnet проверяет не больше {limit}: разделите файл",
    ),
    "look_alike_registry_id": (
        "a new {column}, but it looks like {other!r}, already in the registry: they differ only "
        "in letters that look alike, case or invisible spaces; if they are one center, use {other!r}",
        "новый код {column}, но он похож на «{other}», который уже есть в реестре: они различаются "
        "только похожими буквами, регистром или невидимыми пробелами; если это один центр, "
        "используйте «{other}»",
    ),
    "nothing_to_remove": ("there are no such rows: nothing was removed", "таких строк нет: ничего не удалено"),
    "outside_rights": (
        "this row is of {region_en}; your rights cover {allowed_en} only",
        "строка относится к региону «{region_ru}», а ваши права — только на: {allowed_ru}",
    ),
    "replace_outside_rights": (
        "you may replace only one of your regions ({regions_en}): choose it as the region the file replaces",
        "заменять можно только один из ваших регионов ({regions_ru}): выберите его как регион, который заменяет файл",
    ),
    "undo_not_yours": (
        "the newest import ({id}) is {who}'s: you may undo only your own imports",
        "последний импорт ({id}) сделал(а) {who}: вы можете отменять только свои импорты",
    ),
    "outside_replaced_region": (
        "this row is of {found_en}, but the file replaces {region_en} only; import it on its own or without --region",
        "эта строка относится к региону «{found_ru}», а файл заменяет только регион «{region_ru}»; загрузите её "
        "отдельно или без выбора региона",
    ),
    "kept_closing_before_opening": (
        "the registry keeps a closing date of {closed} for this center (the file has no "
        "closing date), which is before this opening date; give both dates",
        "в реестре у этого центра дата закрытия {closed} (в файле даты закрытия нет), и она "
        "раньше этой даты открытия; укажите обе даты",
    ),
    "duplicate_id": (
        "duplicate {column} (first in row {first})",
        "повторяющийся код {column} (впервые в строке {first})",
    ),
    "foreign_no_country": ("missing country for a foreign row", "для зарубежной строки не указана страна"),
    "foreign_in_russia": (
        "a foreign row cannot be in Russia (RU)",
        "зарубежная строка не может относиться к России (RU)",
    ),
    "domestic_abroad": (
        "a domestic row must be in Russia (RU); set network to foreign",
        "строка российской сети должна относиться к России (RU); иначе укажите зарубежную сеть",
    ),
    "domestic_no_region": ("missing region for a domestic row", "для строки российской сети не указан регион"),
    "foreign_kind_domestic": (
        "a foreign_center must be in the foreign network",
        "зарубежный центр должен относиться к зарубежной сети",
    ),
    "domestic_kind_abroad": (
        "a foreign row must have kind foreign_center",
        "у зарубежной строки тип должен быть «зарубежный центр»",
    ),
    "lat_missing": ("latitude missing while longitude is given", "указана долгота, но не указана широта"),
    "lon_missing": ("longitude missing while latitude is given", "указана широта, но не указана долгота"),
    "lat_range": ("latitude must be between -90 and 90", "широта должна быть от -90 до 90"),
    "lon_range": ("longitude must be between -180 and 180", "долгота должна быть от -180 до 180"),
    "swapped": (
        "latitude and longitude look swapped: ({lat}, {lon}) is {km} km from {region_en}, ({lon}, {lat}) lies in it",
        "широта и долгота, похоже, перепутаны: ({lat}, {lon}) в {km} км от региона «{region_ru}», "
        "а ({lon}, {lat}) — в нём",
    ),
    "outside_russia": (
        "coordinates ({lat}, {lon}) lie {km} km outside {region_en} and in no region of Russia",
        "координаты ({lat}, {lon}) в {km} км за границей региона «{region_ru}» и вне регионов России",
    ),
    "outside_region": (
        "coordinates ({lat}, {lon}) lie {km} km outside {region_en}, in {other_en}",
        "координаты ({lat}, {lon}) в {km} км за границей региона «{region_ru}», в регионе «{other_ru}»",
    ),
    "opens_in_future": ("opening date is in the future (after {today})", "дата открытия в будущем (позже {today})"),
    "closes_before_opening": ("closes before it opens", "дата закрытия раньше даты открытия"),
    "not_geocoded": (
        "town not found in the gazetteer and no coordinates given: the center is counted but not mapped",
        "населённый пункт не найден в справочнике и координат нет: центр учитывается, но не показан на карте",
    ),
    "unknown_center": ("no center with this id in the registry", "в реестре нет центра с таким кодом"),
    "ends_before_start": ("ends before it starts", "дата окончания раньше даты начала"),
    "participants": (
        "participants must be a whole number from 0 to {limit}",
        "число участников — целое число от 0 до {limit}",
    ),
    "bad_link": ("a link must start with http:// or https://", "ссылка должна начинаться с http:// или https://"),
    "control_character": (
        "holds a control character ({character}), which no registry text may hold; retype the value",
        "содержит управляющий символ ({character}), недопустимый в тексте реестра; наберите значение заново",
    ),
    # files
    "binary": (
        "{name}: this is a binary file, not a {formats} table.",
        "{name}: это двоичный файл, а не таблица {formats_ru}.",
    ),
    "opendocument": (
        "{name}: OpenDocument spreadsheets (.ods) are not read; save it as XLSX (Excel 2007–365) or CSV.",
        "{name}: таблицы OpenDocument (.ods) не читаются; сохраните её как XLSX (Excel 2007–365) или CSV.",
    ),
    "same_meaning_columns": (
        "{name}: the columns {first!r} and {second!r} both mean the same thing and hold different "
        "values (row {row}); keep one of them and try again.",
        "{name}: столбцы «{first}» и «{second}» означают одно и то же, но в строке {row} в них "
        "разные значения; оставьте один из них и повторите.",
    ),
    "row_other_encoding": (
        "this row is not in UTF-8 like the rest of the file (it looks like Windows-1251): "
        "retype it or save the file again as CSV UTF-8",
        "эта строка не в кодировке UTF-8, как остальной файл (похоже на Windows-1251): "
        "наберите её заново или сохраните файл ещё раз как CSV UTF-8",
    ),
    "encoding": (
        "{name}: the text encoding is not UTF-8 or Windows-1251; save the file as CSV UTF-8 and try again.",
        "{name}: кодировка текста не UTF-8 и не Windows-1251; сохраните файл как CSV UTF-8 и повторите.",
    ),
    "empty": ("{name}: the file is empty.", "{name}: файл пуст."),
    "unreadable_csv": ("{name}: not a readable table ({detail}).", "{name}: не удаётся прочитать таблицу ({detail})."),
    "unreadable_xlsx": (
        "{name}: not a readable XLSX workbook ({detail}).",
        "{name}: не удаётся прочитать книгу XLSX ({detail}).",
    ),
    "no_rows_any_sheet": (
        "{name}: the workbook has no rows on any sheet.",
        "{name}: ни на одном листе книги нет строк.",
    ),
    "unreadable_parquet": (
        "{name}: not a readable Parquet file ({detail}).",
        "{name}: не удаётся прочитать файл Parquet ({detail}).",
    ),
    "old_excel": (
        "{name}: old Excel (.xls) files are not read; save it as .xlsx or CSV.",
        "{name}: старые файлы Excel (.xls) не читаются; сохраните его как .xlsx или CSV.",
    ),
    "no_such_file": ("{name}: no such file.", "{name}: файл не найден."),
    "is_folder": ("{name}: this is a folder, not a file.", "{name}: это папка, а не файл."),
    "cannot_read": ("{name}: cannot be read ({detail}).", "{name}: файл не читается ({detail})."),
    "no_columns": (
        "{name}: this is not a table of {table}: no column header that rcnet knows (found: {found}); "
        "expected headers such as {expected}, or their Russian names.",
        "{name}: это не таблица {table}: нет ни одного знакомого заголовка столбца (найдены: {found}); "
        "ожидаются заголовки вроде {expected} или их русские названия.",
    ),
    "header_only": (
        "{name}: the file has a header row but no data rows.",
        "{name}: в файле есть заголовок, но нет строк данных.",
    ),
    "too_large": (
        "{name}: the file is {size} MB; the limit is {limit} MB.",
        "{name}: размер файла {size} МБ; предел — {limit} МБ.",
    ),
    "too_large_bytes": (
        "{name}: the file is {size} bytes; the limit is {limit} MB ({limit_bytes} bytes).",
        "{name}: размер файла {size} байт; предел — {limit} МБ ({limit_bytes} байт).",
    ),
    "too_many_rows": (
        "{name}: more than {limit} rows; split the file, or raise RCNET_MAX_ROWS.",
        "{name}: больше {limit} строк; разделите файл или увеличьте RCNET_MAX_ROWS.",
    ),
    "xlsx_too_large": (
        "{name}: the workbook unpacks to {size} MB, far more than a registry needs; save the sheet as CSV.",
        "{name}: книга распаковывается в {size} МБ — намного больше, чем нужно реестру; сохраните лист как CSV.",
    ),
    "parquet_too_large": (
        "{name}: the Parquet file holds {size} MB of data once unpacked, far more than a registry "
        "needs; check that it is the right file.",
        "{name}: файл Parquet распаковывается в {size} МБ — намного больше, чем нужно реестру; "
        "проверьте, тот ли это файл.",
    ),
    "row_too_wide": (
        "this row has {fields} fields but the header has {width}: a separator inside a value needs quotes",
        "в строке {fields} полей, а в заголовке {width}: разделитель внутри значения нужно взять в кавычки",
    ),
    "note_sheet": ("read sheet {sheet!r} of {count} ({sheets})", "прочитан лист «{sheet}» из {count} ({sheets})"),
    "note_formulas": (
        "{count} cells hold formulas: their last computed values were read (a formula never calculated "
        "in a spreadsheet program reads as empty)",
        "формулы в ячейках: {count}; прочитаны их последние вычисленные значения (формула, которую "
        "табличная программа ни разу не вычислила, читается как пустая)",
    ),
    "note_cp1251": ("read as Windows-1251 text", "прочитан как текст в кодировке Windows-1251"),
    "note_unused": ("columns not used: {columns}", "неиспользуемые столбцы: {columns}"),
    "note_merged": (
        "columns {columns} mean the same thing: each row takes the one that is filled",
        "столбцы {columns} означают одно и то же: в каждой строке взято заполненное значение",
    ),
    "note_header_below": (
        "the header is in row {row}: the {count} row(s) above it were skipped",
        "заголовок — в строке {row}: строки над ним ({count}) пропущены",
    ),
    "import_busy": (
        "another import is being written right now; nothing was done. Try again when it has finished.",
        "прямо сейчас записывается другой импорт; ничего не сделано. Повторите, когда он закончится.",
    ),
    "import_conflict": (
        "another import was written while this one was being prepared; nothing was written from "
        "this file. Check it again and import it once more.",
        "пока этот импорт готовился, был записан другой; из этого файла ничего не записано. "
        "Проверьте файл ещё раз и повторите импорт.",
    ),
    "no_valid_rows": ("no valid rows: nothing was written.", "нет правильных строк: ничего не записано."),
    "undo_conflict": (
        "another write to the registry was in progress; nothing was undone. Try the undo again.",
        "в это время в реестр записывалось другое изменение; ничего не отменено. Повторите отмену.",
    ),
    "database_damaged": (
        "the registry database {database} fails its integrity check ({detail}); nothing is written "
        "to it. Restore it from a backup, or move it aside and start again to make a new one.",
        "база реестра {database} не проходит проверку целостности ({detail}); запись в неё "
        "остановлена. Восстановите её из резервной копии или уберите файл и запустите заново, "
        "чтобы создать новую.",
    ),
    "nothing_to_undo": (
        "there is no import to undo (the first-run data stays).",
        "отменять нечего (данные первого запуска не отменяются).",
    ),
    "no_table_file": ("{folder}: no {table} file ({names}).", "{folder}: нет файла {table} ({names})."),
}


@dataclass(frozen=True)
class Message:
    code: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The message in a language; numbers among its values in that language's format (Babel)."""
        english, russian = MESSAGES[self.code]
        values = {key: _number(value, lang) for key, value in self.values}
        return (russian if lang == "ru" else english).format(**values)

    def __str__(self) -> str:
        return self.text("en")


def _number(value, lang: str):
    """Whole numbers and decimals as the language writes them (1 000 000 / 1,000,000; 50,2 / 50.2)."""
    from babel.numbers import format_decimal

    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return format_decimal(value, format="#,##0.###", locale="ru" if lang == "ru" else "en")


def msg(code: str, **values) -> Message:
    if code not in MESSAGES:
        raise KeyError(code)
    return Message(code, tuple(sorted(values.items())))


def suggestion_hints(suggestions: list[str]) -> dict[str, str]:
    """The "did you mean" tail of an unknown-name message, in both languages."""
    if not suggestions:
        return {"hint_en": "", "hint_ru": ""}
    quoted_en = ", ".join(repr(s) for s in suggestions)
    quoted_ru = ", ".join(f"«{s}»" for s in suggestions)
    return {"hint_en": f"; did you mean {quoted_en}?", "hint_ru": f"; возможно, имелось в виду {quoted_ru}?"}


class LocalisedError(Exception):
    """An error whose message exists in both languages: str() is English, .text(lang) either."""

    def __init__(self, message: Message):
        self.detail = message
        super().__init__(message.text("en"))

    def text(self, lang: str) -> str:
        return self.detail.text(lang)


class CheckError(ValueError):
    """A value failed a check; carries the message in both languages."""

    def __init__(self, message: Message):
        self.detail = message
        super().__init__(message.text("en"))
