"""rcnet: the entry script (run: streamlit run dashboard.py). It builds the navigation from the
page table (rcnet_data/presentation/pages.py), in the reader's language, and runs the page
the address names; every page's script is in app_pages/."""

from rcnet_data.presentation import ui

ui.navigation().run()
