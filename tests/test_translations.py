"""The translation tables against the code, as Datasette's test_docs checks its settings
against the documentation: every key the code names exists in both languages, every
counted label has the plural forms of each language, and no key is left unused."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rcnet_data.presentation import i18n
from tests.conftest import PROJECT_ROOT

SOURCES = [
    *(PROJECT_ROOT / "rcnet_data").rglob("*.py"),
    *(PROJECT_ROOT / "app_pages").glob("*.py"),
    PROJECT_ROOT / "dashboard.py",
]
PLURAL_FORMS = {"en": {"one", "other"}, "ru": {"one", "few", "many", "other"}}


def code_of(path: Path) -> list[ast.AST]:
    """A module's syntax tree; none for the tables of texts themselves."""
    return [] if "texts" in path.parts else [ast.parse(path.read_text(encoding="utf-8"))]


def strings_and_prefixes() -> tuple[set[str], set[str], list[tuple[str, str]]]:
    """Every string constant of the code, the constant starts of its built strings
    (f"slide_{key}", "page_" + key), and the literal first argument of every t(...) call."""
    literals, prefixes, calls = set(), set(), []
    for path in SOURCES:
        for top in code_of(path):
            for node in ast.walk(top):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    literals.add(node.value)
                elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                    prefixes.add(node.values[0].value)
                elif (
                    isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant)
                ):
                    prefixes.add(str(node.left.value))
                name = getattr(node, "func", None)
                name = getattr(name, "id", getattr(name, "attr", ""))
                if (
                    name in ("t", "counted")
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    calls.append((f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}", node.args[0].value))
    return literals, {p for p in prefixes if p}, calls


def test_every_language_has_the_same_keys():
    assert list(i18n.TEXTS) == ["en", "ru"] and set(i18n.LANGS) == set(i18n.TEXTS)
    keys = set(i18n.TEXTS["en"])
    for lang, texts in i18n.TEXTS.items():
        assert set(texts) == keys, (lang, sorted(keys ^ set(texts)))


def test_every_key_the_code_names_exists():
    _, _, calls = strings_and_prefixes()
    assert len(calls) > 300
    missing = [f"{where}: {key}" for where, key in calls if key not in i18n.TEXTS["ru"]]
    assert missing == []


def test_no_key_is_unused():
    literals, prefixes, _ = strings_and_prefixes()
    unused = [key for key in i18n.TEXTS["ru"] if key not in literals and not any(key.startswith(p) for p in prefixes)]
    assert unused == []


@pytest.mark.parametrize("key", list(i18n.TEXTS["ru"]))
def test_every_text_is_in_both_languages_with_its_plural_forms(key):
    texts = {lang: i18n.TEXTS[lang][key] for lang in i18n.TEXTS}
    for lang, text in texts.items():
        if isinstance(text, dict):
            assert set(text) == PLURAL_FORMS[lang], (key, lang)
            assert all("{n}" in form for form in text.values()), key
        else:
            assert text.strip(), (key, lang)
    assert len({isinstance(text, dict) for text in texts.values()}) == 1, key


def test_an_unknown_key_is_a_mistake_not_a_label():
    with pytest.raises(KeyError):
        i18n.t("no_such_key", "ru")


def test_the_number_of_regions_comes_from_the_reference():
    """No text says 85: the count is the reference's (a region added there is counted)."""
    for lang, texts in i18n.TEXTS.items():
        for key, text in texts.items():
            for form in text.values() if isinstance(text, dict) else [text]:
                assert "85" not in form, (lang, key)
