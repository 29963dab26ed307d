"""Command line: `python -m rcnet_data summary | validate | milestones | demo`.

Scripts and CI rely on these exact forms and JSON shapes (see README.md, "Command line").
Exit codes: 0 success; 1 rows invalid or a milestone does not hold; 2 unreadable input.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import smtplib
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from rcnet_data import settings
from rcnet_data.core import analytics, columns
from rcnet_data.core.readers import TableReadError
from rcnet_data.core.reference import published_milestones
from rcnet_data.core.validation import validate_file
from rcnet_data.storage.registry import load_registry


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _distance(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"not a distance in km from 0 to 1000: {text!r}")
    return value


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of 1 or more: {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rcnet_data", description="rcnet: the registry of remote access centers"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    summary = commands.add_parser("summary", help="network size at a date")
    summary.add_argument("--as-of", type=_date, default=None, help="date YYYY-MM-DD (default: today)")
    summary.add_argument("--data", type=Path, default=None, help="registry folder (default: the bundled data)")
    summary.add_argument("--database", default=None, help="read the shared database at this URL instead of a folder")
    summary.add_argument("--json", action="store_true", help="print JSON")

    validate = commands.add_parser("validate", help="check a centers or events file")
    validate.add_argument("file", type=Path)
    validate.add_argument(
        "--kind",
        choices=columns.TABLE_KINDS,
        default=None,
        help="what the file holds (default: guessed from its name, else centers)",
    )
    validate.add_argument(
        "--tolerance-km",
        type=_distance,
        default=None,
        help="how far outside its region's boundary a center may lie (default 5, or RCNET_BOUNDARY_TOLERANCE_KM)",
    )
    validate.add_argument("--json", action="store_true", help="print JSON")

    milestones = commands.add_parser("milestones", help="the registry against the published figures")
    milestones.add_argument("--data", type=Path, default=None, help="registry folder (default: the bundled data)")
    milestones.add_argument("--database", default=None, help="read the shared database at this URL instead of a folder")
    milestones.add_argument("--json", action="store_true", help="print JSON")

    importing = commands.add_parser("import", help="import a centers or events file into the database")
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--kind",
        choices=columns.TABLE_KINDS,
        default=None,
        help="what the file holds (default: guessed from its name, else centers)",
    )
    importing.add_argument(
        "--database",
        default=None,
        help="SQLAlchemy URL (default: RCNET_DATABASE_URL, secrets.toml, else the SQLite file)",
    )
    importing.add_argument("--user", default=None, help="who imports (default: the login name)")
    importing.add_argument(
        "--tolerance-km",
        type=_distance,
        default=None,
        help="how far outside its region's boundary a center may lie (default 5)",
    )
    importing.add_argument(
        "--allow-blanks",
        action="store_true",
        help="let empty cells empty the stored values (counted in would_empty); without it they keep them",
    )
    importing.add_argument(
        "--replace",
        action="store_true",
        help="the file is the whole table (with --region, the whole of one region): stored rows it leaves "
        "out are removed (listed first; undo restores them)",
    )
    importing.add_argument("--region", default=None, help="with --replace: the region the file is the whole of")
    importing.add_argument("--yes", action="store_true", help="with --replace: remove the rows left out without asking")
    importing.add_argument("--json", action="store_true", help="print JSON")

    export = commands.add_parser(
        "export", help="the whole registry (centers and events) as files the importer reads back unchanged"
    )
    export.add_argument("--database", default=None, help="SQLAlchemy URL (default: as for import)")
    export.add_argument(
        "--out", type=Path, required=True, help="folder to write centers.<format> and events.<format> to"
    )
    export.add_argument("--lang", choices=("ru", "en"), default="ru", help="headers and values (default: Russian)")
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx", help="file format (default: xlsx)")

    remove_demo = commands.add_parser(
        "remove-demo", help="remove every row whose source is the demo, as one logged import that undo restores"
    )
    remove_demo.add_argument("--database", default=None)
    remove_demo.add_argument("--user", default=None)
    remove_demo.add_argument("--yes", action="store_true", help="remove without asking")
    remove_demo.add_argument("--json", action="store_true")

    undo = commands.add_parser("undo", help="undo the newest import")
    undo.add_argument("--database", default=None)
    undo.add_argument("--user", default=None)
    undo.add_argument("--json", action="store_true")

    history = commands.add_parser("history", help="the import log")
    history.add_argument("--database", default=None)
    history.add_argument("--json", action="store_true")

    plan = commands.add_parser(
        "plan", help="where to open next: towns that would bring the most residents within reach"
    )
    plan.add_argument("--region", required=True, help="region code or name (RU-KYA, «Красноярский край»)")
    plan.add_argument("--km", type=_positive, default=50, help="distance that counts as within reach (default 50)")
    plan.add_argument("--count", type=_positive, default=10, help="number of sites (default 10)")
    plan.add_argument("--as-of", type=_date, default=None, help="centers open on this date (default: today)")
    plan.add_argument("--data", type=Path, default=None, help="registry folder (default: the bundled data)")
    plan.add_argument("--database", default=None, help="read the shared database at this URL instead of a folder")
    plan.add_argument("--json", action="store_true", help="print JSON")

    report = commands.add_parser("report", help="a region's report for a meeting, as PDF and PPTX")
    report.add_argument(
        "--region", required=True, help="a region code or name, several separated by commas, or «all» for the 85"
    )
    report.add_argument("--out", type=Path, required=True, help="folder to write the reports to")
    report.add_argument("--lang", choices=("ru", "en"), default="ru", help="language (default: Russian)")
    report.add_argument(
        "--format", choices=("pdf", "pptx", "both"), default="both", help="what to write (default: both)"
    )
    report.add_argument("--as-of", type=_date, default=None, help="date (default: today)")
    report.add_argument("--km", type=_positive, default=50, help="distance that counts as within reach (default 50)")
    report.add_argument("--data", type=Path, default=None, help="registry folder (default: the bundled data)")
    report.add_argument("--database", default=None, help="read the shared database at this URL instead of a folder")

    deck = commands.add_parser("deck", help="the overview deck (PPTX) for a meeting: the Overview page's slides")
    deck.add_argument("--as-of", type=_date, default=None, help="date (default: today)")
    deck.add_argument("--lang", choices=("ru", "en"), default="ru", help="language (default: Russian)")
    deck.add_argument("--out", type=Path, required=True, help="folder to write the deck to")
    deck.add_argument("--data", type=Path, default=None, help="registry folder (default: the bundled data)")
    deck.add_argument("--database", default=None, help="read the shared database at this URL instead of a folder")

    changes = commands.add_parser(
        "changes", help="what changed between two days: centers opened and closed, regions, events, published figures"
    )
    changes.add_argument("--since", type=_date, required=True, help="the day before the period: the last meeting")
    changes.add_argument("--until", type=_date, default=None, help="the period's last day (default: today)")
    changes.add_argument("--region", default=None, help="one region: code or name (RU-PNZ, «Пензенская область»)")
    changes.add_argument("--km", type=_positive, default=50, help="distance that counts as within reach (default 50)")
    changes.add_argument("--json", action="store_true", help="print JSON")
    changes.add_argument("--out", type=Path, default=None, help="write the digest (PDF and PPTX) to this folder")
    changes.add_argument("--lang", choices=("ru", "en"), default="ru", help="language (default: Russian)")
    changes.add_argument(
        "--format", choices=("pdf", "pptx", "both"), default="both", help="digest files (default both)"
    )
    changes.add_argument(
        "--mail-to",
        action="append",
        default=None,
        metavar="ADDRESS",
        help="send the digest to this address (again for more); the server is [smtp] in the secrets file",
    )
    changes.add_argument("--data", type=Path, default=None, help="registry folder (default: the bundled data)")
    changes.add_argument("--database", default=None, help="read the shared database at this URL instead of a folder")

    news = commands.add_parser(
        "news", help="the library's news items as proposed events: printed for review, imported only with --import"
    )
    news.add_argument(
        "source",
        nargs="+",
        help="an RSS or Atom feed, saved news pages (HTML) or a text file; an http(s):// address is fetched",
    )
    news.add_argument("--json", action="store_true", help="print JSON")
    news.add_argument(
        "--import",
        dest="write",
        action="store_true",
        help="write the new proposals through the ordinary import (validated, logged, undoable)",
    )
    news.add_argument("--user", default=None, help="who imports (default: the login name)")
    news.add_argument("--data", type=Path, default=None, help="registry folder (default: the bundled data)")
    news.add_argument("--database", default=None, help="the shared database (with --import: the one written to)")

    commands.add_parser("hash-password", help="read a password from stdin, print its hash for secrets.toml")

    demo = commands.add_parser("demo", help="write the deterministic demo registry")
    demo.add_argument("--scale", type=_positive, default=1, help="N times as many centers and events")
    demo.add_argument("--out", type=Path, default=None, help="folder (default: the bundled data folder)")

    return parser


def _print(payload, as_json: bool, text: str) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2) if as_json else text)


def _registry(args):
    """The bundled data or --data folder; with --database, the shared database instead."""
    if args.database:
        from rcnet_data.storage.registry import load_registry_from_database

        return load_registry_from_database(args.database)
    return load_registry(args.data)


def cmd_summary(args) -> int:
    registry = _registry(args)
    result = analytics.summary(registry.centers, registry.events, args.as_of)
    text = "\n".join(f"{key}: {value}" for key, value in result.items())
    _print(result, args.json, text)
    return 0


def cmd_validate(args) -> int:
    table = args.kind or (columns.TABLE_EVENTS if "event" in args.file.name.lower() else columns.TABLE_CENTERS)
    report = validate_file(args.file, table, tolerance_km=args.tolerance_km)
    payload = report.to_json()
    lines = [f"{report.source_name}: {report.rows} rows, {report.valid_rows} valid, {len(report.errors)} errors"]
    lines += [f"  note: {note}" for note in report.notes("en")]
    lines += [f"  row {p.row}, {p.column} = {p.value!r}: {p.message}" for p in report.errors]
    lines += [f"  warning: row {p.row}, {p.column} = {p.value!r}: {p.message}" for p in report.warnings]
    _print(payload, args.json, "\n".join(lines))
    return 0 if not report.errors else 1


def cmd_milestones(args) -> int:
    registry = _registry(args)
    table = analytics.milestone_check(registry.centers, published_milestones())
    records = json.loads(table.to_json(orient="records", force_ascii=False))
    lines = [
        f"{'holds' if r['holds'] else 'FAILS'}  {r['date']}  {r['scope']:<24} {r['bound']:<9} "
        f"published {r['published']:>5}  registry {r['registry']:>5}"
        for r in records
    ]
    _print(records, args.json, "\n".join(lines))
    return 0 if table["holds"].all() else 1


def _user(args) -> str:
    if args.user:
        return args.user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _guess_table(path: Path) -> str:
    return columns.TABLE_EVENTS if "event" in path.name.lower() else columns.TABLE_CENTERS


def cmd_import(args) -> int:
    """Exit 0: written, nothing rejected; 1: written, some rows rejected; 2: nothing written."""
    from rcnet_data.storage import auth, db, importer, startup

    engine = startup.open_database(args.database)
    table = args.kind or _guess_table(args.file)
    if args.region and not args.replace:
        print("error: --region goes with --replace (the file is the whole of that region)", file=sys.stderr)
        return 2
    region = _region_code(args.region) if args.region else None
    if args.region and region is None:
        return 2
    try:
        prepared = importer.prepare_import(
            args.file,
            table,
            engine,
            tolerance_km=args.tolerance_km,
            allow_blanks=args.allow_blanks,
            replace=args.replace,
            region=region,
            rights=auth.rights_of(_user(args)),
        )
        confirmed = not prepared.removed_ids or _confirmed(args.yes, len(prepared.removed_ids), prepared.removed_ids)
        writable = prepared.report.valid_rows or prepared.removed_ids
        result = importer.write_import(prepared, engine, _user(args)) if writable and confirmed else None
    except (importer.ImportConflict, importer.NotAllowed, db.DatabaseDamaged) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = _import_summary(prepared, result)
    lines = [
        f"{summary['file']}: {summary['added']} added, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['rejected']} rejected"
        + (f", {summary['removed']} removed" if args.replace else "")
        + ("" if result else " - nothing was written")
    ]
    if prepared.removed_ids and result is None and not confirmed:
        lines.append(
            f"  {len(prepared.removed_ids)} stored row(s) would be removed: run again with --yes to remove them"
        )
    lines += [f"  row {r['row']}: {'; '.join(r['reasons'])}" for r in summary["rejected_rows"]]
    lines += [f"  warning: row {w['row']}, {w['column']} = {w['value']!r}: {w['message']}" for w in summary["warnings"]]
    for column, count in summary["would_empty"].items():
        kept = "emptied" if args.allow_blanks else "kept (empty cells; --allow-blanks empties them)"
        lines.append(f"  {column}: {count} stored value(s) {kept}")
    if result is not None and not _snapshot(args.database):
        lines.append("  note: the import was written; reading the registry back failed (see the message above)")
    _print(summary, args.json, "\n".join(lines))
    return _import_status(summary)


def _import_summary(prepared, result) -> dict:
    """What an import did, as its JSON says it: the written import's summary, or the
    prepared one's with no import id when nothing was written."""
    summary = result.summary if result else {**prepared.summary(), "import_id": None}
    summary["written"] = result is not None
    return summary


def _import_status(summary: dict) -> int:
    """Exit 0: written, nothing rejected; 1: written, some rows rejected; 2: nothing written."""
    if not summary["written"]:
        return 2
    return 1 if summary["rejected"] else 0


def _region_code(text: str) -> str | None:
    """A region named by code, name or capital; None (said on stderr) when there is none."""
    from rcnet_data.core import reference, search

    try:
        return search.find_region(text)
    except reference.UnknownName as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


SHOWN_IDS = 20  # ids listed before asking to remove them


def _confirmed(yes: bool, count: int, ids: list[str], what: str = "are not in the file") -> bool:
    """Removing rows needs --yes, or a "y" typed at a terminal after seeing what goes."""
    print(f"{count} stored row(s) {what} and will be removed:", file=sys.stderr)
    for row_id in ids[:SHOWN_IDS]:
        print(f"  {row_id}", file=sys.stderr)
    if count > SHOWN_IDS:
        print(f"  ... and {count - SHOWN_IDS} more", file=sys.stderr)
    if yes:
        return True
    if not sys.stdin.isatty():
        return False
    return input(f"remove {count} row(s)? [y/N] ").strip().lower() in ("y", "yes", "д", "да")


def cmd_export(args) -> int:
    from rcnet_data.presentation import registry_export
    from rcnet_data.storage import db, startup

    engine = startup.open_database(args.database)
    centers, events, version = db.read_registry_tables(engine)
    written = registry_export.write_registry(centers, events, args.out, args.lang, args.format)
    print(f"data version {version[0]}: {len(centers)} centers, {len(events)} events", file=sys.stderr)
    for path in written:
        print(str(path))
    return 0


def cmd_remove_demo(args) -> int:
    """Exit 0: removed; 2: nothing removed (no demo rows, not confirmed, or the database refused).
    An editor limited to regions (--user) removes the demo rows of her regions only."""
    from rcnet_data.storage import auth, db, importer, startup

    engine = startup.open_database(args.database)
    found = importer.demo_rows(engine, auth.rights_of(_user(args)))
    count = sum(len(ids) for ids in found.values())
    if count == 0:
        _print({"removed": 0, "written": False}, args.json, "no demo rows: nothing was removed")
        return 2
    print(
        f"{len(found[columns.TABLE_CENTERS])} demo center(s) and {len(found[columns.TABLE_EVENTS])} demo event(s)",
        file=sys.stderr,
    )
    if not _confirmed(
        args.yes, count, found[columns.TABLE_CENTERS] + found[columns.TABLE_EVENTS], "come from the demo"
    ):
        _print(
            {"removed": 0, "would_remove": count, "written": False}, args.json, "run again with --yes to remove them"
        )
        return 2
    try:
        result = importer.remove_rows(engine, _user(args), found, "remove-demo")
    except (importer.ImportConflict, db.DatabaseDamaged) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _snapshot(args.database)
    _print(
        result, args.json, f"import {result['import_id']}: {result['removed']} demo row(s) removed (undo restores them)"
    )
    return 0


def _snapshot(database: str | None) -> bool:
    """Read the new data version once here, which keeps its snapshot on disk: the
    dashboard's next viewer then reads that in a fraction of the time (storage.snapshots).
    A failure here changes nothing that was written: it is said, and the exit code still
    tells what was written."""
    from sqlalchemy.exc import SQLAlchemyError

    from rcnet_data.storage.registry import load_registry_from_database

    try:
        load_registry_from_database(database)
    except (SQLAlchemyError, OSError) as exc:
        print(f"warning: database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return False
    return True


def cmd_undo(args) -> int:
    from rcnet_data.storage import auth, db, importer, startup

    engine = startup.open_database(args.database)
    user = _user(args)
    try:
        result = importer.undo_last_import(engine, user, own_only=auth.rights_of(user).limited)
    except (importer.NothingToUndo, importer.ImportConflict, importer.NotAllowed, db.DatabaseDamaged) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _snapshot(args.database)
    _print(result, args.json, f"undid import {result['undone_import']} ({result['file']})")
    return 0


def cmd_history(args) -> int:
    from rcnet_data.storage import db, startup

    table = db.import_history(startup.open_database(args.database))
    records = json.loads(table.to_json(orient="records", date_format="iso", force_ascii=False))
    _print(records, args.json, table.to_string(index=False))
    return 0


def cmd_plan(args) -> int:
    """Greedy maximal coverage for one region (see rcnet_data.core.coverage.plan_sites)."""
    from rcnet_data.core import coverage, reference

    code = _region_code(args.region)  # a name, its capital («Пенза») or a misspelling
    if code is None:
        return 2
    registry = _registry(args)
    as_of = args.as_of or date.today()
    sites = coverage.plan_sites(registry.centers, code, args.km, args.count, as_of)
    population = int(reference.regions().loc[code, "population"])
    before = int(sites["covered"].iloc[0] - sites["gained"].iloc[0]) if len(sites) else None
    payload = {
        "region": code,
        "km": args.km,
        "as_of": as_of.isoformat(),
        "population": population,
        "covered_before": before,
        "sites": json.loads(sites.to_json(orient="records", force_ascii=False)),
    }
    lines = [f"{code}, {args.km} km, centers open on {as_of.isoformat()}: {len(sites)} sites"]
    lines += [
        f"{r.rank:>3}. {r.name_en:<28} +{r.gained:>9,}  covered {r.covered:>10,}  ({r.share:.1%})"
        for r in sites.itertuples()
    ]
    _print(payload, args.json, "\n".join(lines))
    return 0


def cmd_hash_password(args) -> int:
    from rcnet_data.storage.auth import hash_password

    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not password:
        print("error: empty password", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


def cmd_demo(args) -> int:
    from rcnet_data.core.demo import write_demo
    from rcnet_data.core.reference import DATA_DIR

    centers, events, registry = write_demo(args.out or DATA_DIR, args.scale)
    print(f"wrote {len(registry.centers)} centers to {centers} and {len(registry.events)} events to {events}")
    return 0


def cmd_deck(args) -> int:
    """The same file as the Overview's «Скачать слайды» button, for the same date and language."""
    from rcnet_data.presentation import exports

    registry = _registry(args)
    as_of = args.as_of or date.today()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / exports.deck_file_name(as_of, args.lang)
    path.write_bytes(exports.overview_deck(registry, as_of, args.lang))
    print(str(path))
    return 0


def _report_regions(text: str) -> list[str]:
    from rcnet_data.core import reference, search

    if text.strip().lower() in ("all", "все"):
        return list(reference.regions().index)
    return list(dict.fromkeys(search.find_region(part.strip()) for part in text.split(",") if part.strip()))


def cmd_report(args) -> int:
    from rcnet_data.core import reference
    from rcnet_data.presentation import report

    try:
        codes = _report_regions(args.region)
    except reference.UnknownName as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    registry = _registry(args)
    as_of = args.as_of or date.today()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with report.chart_server():  # one Chromium for every chart, not one per chart
        for done, code in enumerate(codes, start=1):
            made = report.region_report(registry, code, as_of, args.lang, args.km)
            images = report.region_images(made)
            written = []
            if args.format in ("pdf", "both"):
                path = args.out / report.file_name(code, as_of, args.lang, "pdf")
                path.write_bytes(report.region_report_pdf(made, *images))
                written.append(path.name)
            if args.format in ("pptx", "both"):
                path = args.out / report.file_name(code, as_of, args.lang, "pptx")
                path.write_bytes(report.region_report_pptx(made, images[0]))
                written.append(path.name)
            _progress(done, len(codes), f"{made.name}: {', '.join(written)}", started)
    print(f"{len(codes)} region(s) written to {args.out}", file=sys.stderr)
    return 0


def cmd_changes(args) -> int:
    """The changes page's numbers for two days, as text, JSON, a digest (PDF, PPTX) and mail."""
    import tempfile

    from rcnet_data import mail
    from rcnet_data.presentation import digest, views

    until = args.until or date.today()
    if args.since > until:
        print(f"error: --since {args.since} is after --until {until}: the period would run backwards", file=sys.stderr)
        return 2
    region = ""
    if args.region:
        region = _region_code(args.region)
        if region is None:
            return 2
    server = None
    if args.mail_to:
        bad = [address for address in args.mail_to if "@" not in address]
        if bad:
            print(f"error: --mail-to {bad[0]!r} is not an e-mail address", file=sys.stderr)
            return 2
        try:
            server = mail.mail_server()
        except mail.MailNotConfigured as exc:
            print(f"error: cannot send the digest: {exc}", file=sys.stderr)
            return 2
    registry = _registry(args)
    found = views.changes(registry, args.since, until, args.km, region)
    if args.json:
        _print(digest.as_json(found), True, "")
    elif not args.out and not args.mail_to:
        print(digest.period_text(found, args.lang))
        print("\n".join(digest.summary(found, args.lang)))
    if not args.out and not args.mail_to:
        return 0
    with contextlib.ExitStack() as stack:  # mail without --out: the files live only until they are sent
        folder = args.out or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rcnet-changes-")))
        return _write_digest(args, found, registry, folder, server)


def _write_digest(args, found, registry, folder: Path, server) -> int:
    from rcnet_data import mail
    from rcnet_data.presentation import digest, digest_files, report

    folder.mkdir(parents=True, exist_ok=True)
    kinds = ("pdf", "pptx") if args.format == "both" else (args.format,)
    written = []
    with report.chart_server():
        image = digest_files.map_png(found, args.lang)
        for kind in kinds:
            path = folder / digest_files.file_name(found, args.lang, kind)
            path.write_bytes(digest_files.digest_file(found, registry, args.lang, kind, image))
            written.append(path)
    if args.out:  # a folder of the user's: where the files are (a mail's own folder goes with it)
        for path in written:
            print(str(path), file=sys.stderr if args.json else sys.stdout)
    if server is None:
        return 0
    subject = f"rcnet: {digest.title(found, args.lang)}"
    body = "\n\n".join([digest.period_text(found, args.lang), *digest.summary(found, args.lang)])
    try:
        mail.send(server, args.mail_to, subject, body, written)
    except (OSError, smtplib.SMTPException) as exc:
        kept = f"the digest is written to {folder}, but" if args.out else "the digest was not kept (no --out), and"
        print(f"error: {kept} sending it failed: {exc}", file=sys.stderr)
        return 1
    print(f"sent to {', '.join(args.mail_to)} through {server.host}:{server.port}", file=sys.stderr)
    return 0


def cmd_news(args) -> int:
    """Proposals from news items. Exit 0: read (and with --import written, nothing rejected);
    1: written, some proposals rejected by the import's checks; 2: nothing read or written."""
    from rcnet_data.core import news_events, news_items
    from rcnet_data.presentation import news_review

    items = []
    try:
        for source in args.source:
            if source.startswith(("http://", "https://")):
                items += news_items.read_news(news_items.fetch(source), source)
            else:
                path = Path(source)
                if not path.is_file():
                    print(f"error: {source}: no such file", file=sys.stderr)
                    return 2
                items += news_items.read_news(path.read_bytes(), path.name)
    except news_items.NewsReadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.write:
        from rcnet_data.storage import startup
        from rcnet_data.storage.registry import load_registry_from_database

        engine = startup.open_database(args.database)
        registry = load_registry_from_database(args.database)
    else:
        registry = _registry(args)
    made = news_events.proposals(items, registry.centers, registry.events)
    if args.json:
        payload = {"proposals": [proposal.as_dict() for proposal in made]}
    else:
        print("\n".join(news_review.proposal_lines(made)))
    if not args.write:
        if args.json:
            _print(payload, True, "")
        return 0
    from rcnet_data.storage import auth, db, importer

    fresh = [proposal for proposal in made if proposal.status == "new"]
    if not fresh:
        print("nothing to import: every item is a repeat, like another or already in the registry", file=sys.stderr)
        if args.json:
            _print({**payload, "import": None}, True, "")
        return 0
    data = news_review.import_file([proposal.event for proposal in fresh])
    name = "news: " + ", ".join(Path(source).name for source in args.source)
    try:
        prepared = importer.prepare_import(
            data, columns.TABLE_EVENTS, engine, name=name[:200] + ".csv", rights=auth.rights_of(_user(args))
        )
        result = importer.write_import(prepared, engine, _user(args)) if prepared.report.valid_rows else None
    except (importer.ImportConflict, importer.NotAllowed, db.DatabaseDamaged) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = _import_summary(prepared, result)
    if result is not None:
        _snapshot(args.database)  # as import does: the dashboard's next viewer reads it at once
    for problem in prepared.report.errors:
        print(f"rejected: row {problem.row}, {problem.column} = {problem.value!r}: {problem.message}", file=sys.stderr)
    if args.json:
        _print({**payload, "import": summary}, True, "")
    print(
        f"import {summary.get('import_id')}: added {summary['added']}, updated {summary['updated']}, "
        f"rejected {summary['rejected']}"
        if result
        else "nothing written: every proposal was rejected",
        file=sys.stderr,
    )
    return _import_status(summary)


def _progress(done: int, total: int, text: str, started: float) -> None:
    """A progress bar on a terminal; a line per step when stderr is a file or a pipe."""
    elapsed = time.monotonic() - started
    left = elapsed / done * (total - done)
    if sys.stderr.isatty():
        width = 30
        bar = "#" * round(width * done / total) + "." * (width - round(width * done / total))
        print(
            f"\r[{bar}] {done}/{total} ~{left:.0f} s left  {text[:60]:<60}",
            end="" if done < total else "\n",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(f"[{done}/{total}] {text} (~{left:.0f} s left)", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {
        "summary": cmd_summary,
        "validate": cmd_validate,
        "milestones": cmd_milestones,
        "demo": cmd_demo,
        "import": cmd_import,
        "undo": cmd_undo,
        "history": cmd_history,
        "hash-password": cmd_hash_password,
        "plan": cmd_plan,
        "report": cmd_report,
        "deck": cmd_deck,
        "export": cmd_export,
        "remove-demo": cmd_remove_demo,
        "changes": cmd_changes,
        "news": cmd_news,
    }
    try:
        status = handler[args.command](args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except TableReadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"error: database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    except RuntimeError as exc:  # a half-made database schema (storage.startup.SchemaError) says what to do
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # Exit 1 means "some rows invalid" to scripts; anything unforeseen is a failure to read: exit 2,
        # one line, no traceback (RCNET_DEBUG=1 shows it).
        if settings.current().debug:
            raise
        print(f"error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 2
