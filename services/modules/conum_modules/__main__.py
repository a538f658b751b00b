"""``python -m conum_modules``: run the service (settings from ``CONUM_*`` variables;
``CONUM_REGION=national`` for La Mednum's instance, a region code for a hub's)."""

from conum_runtime.serve import serve

from conum_modules.app import create_app

if __name__ == "__main__":
    serve(create_app)
