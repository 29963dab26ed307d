"""The dashboard's texts, a module per language (en, ru): see rcnet_data.presentation.i18n."""
