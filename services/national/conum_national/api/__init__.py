"""The HTTP edge: JSON figures, exports, open data, the dashboard."""
