"""HTTP routes of the national view: figures, exports and open data, the dashboard."""

from conum_national.api.routes import dashboard, exports, figures

__all__ = ["dashboard", "exports", "figures"]
