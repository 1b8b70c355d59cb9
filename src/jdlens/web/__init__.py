"""The web shell: FastAPI routes and server-rendered pages over ``jdlens.api`` (``create_app``)."""
