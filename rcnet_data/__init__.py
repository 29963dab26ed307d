"""rcnet_data: load, check and analyse the registry of the Presidential Library's network.

Three layers, each a subpackage; imports run one way, presentation -> storage -> core:

- core: the data model (columns), reference geography and name matching, readers,
  validation, analytics, coverage, data quality, the demo registry, messages.
- storage: the registry database (db), its start-up (startup), imports and undo
  (importer), loading a registry (registry), editor sign-in (auth), Alembic migrations.
- presentation: labels and formats (i18n), colours (style), plotly figures, pydeck maps,
  tables, downloads and slides (exports), and ui, the only module that imports Streamlit.

The command line (cli) sits on top of all three.
"""
