"""Jaeger v2 for development: built once from the Go module proxy (``build``), configured
from ``deploy/jaeger/config.yaml`` with every endpoint on 127.0.0.1 and in-memory storage,
run detached (``server``: ``LocalJaeger``), with ``python -m conum_devtools.jaeger
build|start|stop|status`` (``cli``). Standard library only.
"""

from conum_devtools.jaeger.build import (
    MODULE_VERSION,
    RELEASE,
    JaegerError,
    JaegerUnavailableError,
    built_binary,
    jaeger_binary,
    jaeger_home,
)
from conum_devtools.jaeger.server import LocalJaeger, render_config

__all__ = [
    "MODULE_VERSION",
    "RELEASE",
    "JaegerError",
    "JaegerUnavailableError",
    "LocalJaeger",
    "built_binary",
    "jaeger_binary",
    "jaeger_home",
    "render_config",
]
