"""Routers: pages (HTML), api (JSON), market (both), docs (offline API reference)."""
