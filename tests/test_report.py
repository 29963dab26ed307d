"""The region report: PDF and PPTX for a meeting, built offline, from
the Region page and from the command line for one region, several or all."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from rcnet_data.presentation import i18n, report, views
from rcnet_data.storage.registry import load_registry
from tests.conftest import run_cli

AS_OF = date(2024, 5, 16)


@pytest.fixture(scope="module")
def penza():
    """Penza's report on a published date, in Russian, with its two images made once."""
    reg = load_registry()
    made = report.region_report(reg, "RU-PNZ", AS_OF, "ru")
    with report.chart_server():
        images = report.region_images(made)
    return reg, made, images


def test_pdf_names_the_region_and_its_figures(penza, tmp_path):
    reg, made, images = penza
    data = report.region_report_pdf(made, *images)
    pages = PdfReader(io.BytesIO(data)).pages
    assert 2 <= len(pages) <= 4
    text = " ".join(page.extract_text() for page in pages).replace("\xa0", " ")
    row = views.coverage(reg, AS_OF, date(2023, 5, 17), AS_OF, 50).loc["RU-PNZ"]
    assert "Пензенская область" in text and "16 мая 2024" in text
    assert f"Центры {row['centers']}" in text and f"Место {row['rank_centers']} из 85" in text
    assert i18n.fmt_percent(row["coverage"], "ru").replace("\xa0", " ") in text
    assert "Демонстрационные данные" in text and "GeoNames" in text
    assert "Крупнейшие населённые пункты дальше 50 км от центров" in text
    # Rendered as a reader's viewer would: every page an image with ink on it.
    path = tmp_path / "penza.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True, timeout=60)
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == len(pages)
    for image_path in rendered:
        image = Image.open(image_path).convert("L")
        dark = sum(1 for value in image.get_flattened_data() if value < 128)
        assert dark > 500, image_path  # text and drawing, not a blank page


def test_map_image_shows_the_region(penza):
    _reg, _made, (map_png, chart_png) = penza
    image = Image.open(io.BytesIO(map_png)).convert("RGB")
    assert image.size == report.MAP_PX and chart_png is not None
    ink = sum(1 for r, g, b in image.get_flattened_data() if r + g + b < 300)
    assert ink > 2000  # the outline, the centers and the town names drawn


def test_pptx_has_titles_notes_and_a_native_chart(penza):
    _reg, made, (map_png, _chart) = penza
    deck = Presentation(io.BytesIO(report.region_report_pptx(made, map_png)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == "Пензенская область" and len(titles) == 5
    assert all(title for title in titles)
    assert any(shape.has_chart for shape in deck.slides[2].shapes)
    assert any(shape.shape_type == 13 for shape in deck.slides[1].shapes)  # the map picture
    for slide in deck.slides:
        assert "Источники: реестр rcnet на 16 мая 2024" in slide.notes_slide.notes_text_frame.text


def test_english_report(penza):
    reg, _made, images = penza
    made = report.region_report(reg, "RU-PNZ", AS_OF, "en")
    pages = PdfReader(io.BytesIO(report.region_report_pdf(made, *images))).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "Penza Oblast" in text and "16 May 2024" in text and "Centers per 100,000 residents" in text


def report_cli(*args):
    return run_cli("report", *args)


def test_cli_writes_each_region_with_progress(tmp_path):
    result = report_cli("--region", "RU-PNZ,Свердловская обл.", "--out", str(tmp_path), "--as-of", "2024-05-16")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "rcnet-RU-PNZ-2024-05-16-ru.pdf",
        "rcnet-RU-PNZ-2024-05-16-ru.pptx",
        "rcnet-RU-SVE-2024-05-16-ru.pdf",
        "rcnet-RU-SVE-2024-05-16-ru.pptx",
    ]
    assert "[1/2] Пензенская область" in result.stderr and "[2/2] Свердловская область" in result.stderr
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr


def test_cli_refuses_an_unknown_region(tmp_path):
    result = report_cli("--region", "Нарния", "--out", str(tmp_path))
    assert result.returncode == 2 and "unknown region 'Нарния'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_all_means_the_85(tmp_path):
    from rcnet_data.cli import _report_regions

    assert len(_report_regions("all")) == 85 and _report_regions("ХМАО") == ["RU-KHM"]
