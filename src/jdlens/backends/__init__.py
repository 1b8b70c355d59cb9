"""Execution backends: local processes (default) and PySpark (optional extra). Same contract."""
