"""``python -m conum_certification``: run the service (settings from ``CONUM_*`` variables)."""

from conum_runtime.serve import serve

from conum_certification.app import create_app

if __name__ == "__main__":
    serve(create_app)
