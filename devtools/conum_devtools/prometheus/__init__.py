"""Prometheus for development: Debian's package (installed when absent, ``install``), the
scrape configuration rendered from ``deploy/prometheus/prometheus.yml``, run detached on
127.0.0.1 (``server``: ``LocalPrometheus``), with ``python -m conum_devtools.prometheus
start|stop|status`` (``cli``). Standard library only.
"""

from conum_devtools.prometheus.install import (
    PrometheusError,
    PrometheusUnavailableError,
    ensure_prometheus,
    find_prometheus,
)
from conum_devtools.prometheus.server import LocalPrometheus, file_sd_targets, render_config

__all__ = [
    "LocalPrometheus",
    "PrometheusError",
    "PrometheusUnavailableError",
    "ensure_prometheus",
    "file_sd_targets",
    "find_prometheus",
    "render_config",
]
