"""Squads: the YAML and spreadsheet forms, training groups and shared facilities, the generator."""
