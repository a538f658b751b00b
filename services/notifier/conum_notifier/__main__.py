"""``python -m conum_notifier``: run the notifier (settings from ``CONUM_*`` variables)."""

from conum_runtime.serve import serve

from conum_notifier.app import create_app

if __name__ == "__main__":
    serve(create_app)
