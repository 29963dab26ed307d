"""Finding a region as people type it: by its capital, misspelt, from the sidebar's picker,
the comparison's picker, a link and the command line; the Region page without a region
shows the regions to choose from; the gaps table says where the nearest center is."""

from __future__ import annotations

from datetime import date

from rcnet_data import cli
from rcnet_data.presentation import tables, views
from tests.conftest import run_app

AS_OF = "2026-11-01"


def test_the_region_picker_labels_each_region_with_its_capital():
    """The label holds the capital, so typing «Пенза» in the picker finds the region (typing a
    misspelling and Enter is tested in the browser: AppTest cannot enter a new option)."""
    app = run_app("region", lang="ru", as_of=AS_OF)
    options = app.selectbox(key="w_region").options
    assert "Пензенская область — Пенза" in options and "Москва" in options  # a federal city alone
    assert len(options) == 86  # «Все регионы» and the 85 regions


def test_the_comparison_picker_takes_a_typed_capital():
    app = run_app("compare", lang="ru", as_of=AS_OF)
    app.multiselect(key="w_regions").set_value(["Пинза", "Екатеринбург"]).run()
    assert not app.exception
    assert app.query_params["regions"] == "RU-PNZ,RU-SVE"


def test_a_link_with_a_capital_opens_its_region():
    app = run_app("region", lang="ru", as_of=AS_OF, region="Пенза")
    assert "Пензенская область" in [h.value for h in app.header]


def test_the_region_page_without_a_region_shows_the_regions_to_choose_from():
    app = run_app("region", lang="ru", as_of=AS_OF)
    tiles = app.get("plotly_chart")
    assert len(tiles) == 1  # the tile grid of the 85 regions; a click on one opens it
    assert any("Пенза" in info.value for info in app.info)


def test_plan_takes_a_capital_on_the_command_line(capsys):
    assert cli.main(["plan", "--region", "Пенза", "--count", "2", "--as-of", AS_OF, "--json"]) == 0
    assert '"region": "RU-PNZ"' in capsys.readouterr().out
    assert cli.main(["plan", "--region", "Пинза", "--count", "1", "--as-of", AS_OF]) == 0
    assert cli.main(["plan", "--region", "Нарния"]) == 2


def test_the_gaps_table_names_the_nearest_centers_town_and_its_other_region(bundled):
    far = views.gaps(bundled, "RU-PNZ", 50, date(2026, 12, 1))
    table = tables.gaps_table(far, "ru", "RU-PNZ").set_index("Населённый пункт")
    # Земетчино's nearest center is across the border, in Моршанск (Tambov Oblast).
    assert table.at["Земетчино", "Где ближайший центр"] == "Моршанск, Тамбовская область"
    own = table[table["Где ближайший центр"].str.startswith("Пенза")]
    assert len(own) and not own["Где ближайший центр"].str.contains(",").any()  # its own region is not repeated
