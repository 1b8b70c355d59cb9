"""Data files of the reading layer (column presets)."""
