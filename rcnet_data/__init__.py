"""rcnet_data: load, check and analyse the registry of the Presidential Library's network.

Modules, one concern each: columns (data model), reference (geography and name matching),
readers (files to tables), validation (row checks), registry (a folder of files), analytics
(figures), demo (the calibrated demo registry), cli (the command line).
"""
