"""``python -m jdlens.cli``, and the application file for ``spark-submit``: the ``jdlens`` command."""

from jdlens.cli import main

if __name__ == "__main__":
    main()
