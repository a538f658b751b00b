"""Jaeger's web UI: the built assets kept in ``deploy/jaeger/ui/``, unpacked once into the
user's cache (no registry publishes them; the Go build has none)."""

from __future__ import annotations

import os
import shutil
import tarfile
from pathlib import Path

from conum_devtools.checkout import find_in_checkout, user_cache_dir

UI_VERSION = "v1.76.0"
ARCHIVE = f"deploy/jaeger/ui/jaeger-ui-{UI_VERSION}.tar.gz"


def bundled_ui_assets() -> Path | None:
    """The unpacked UI directory (``index.html`` inside), or None outside a checkout."""
    target = user_cache_dir() / f"jaeger-ui-{UI_VERSION}"
    if (target / "index.html").is_file():
        return target
    archive = find_in_checkout(Path(ARCHIVE))
    if archive is None:
        return None
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    partial.mkdir(parents=True)
    with tarfile.open(archive) as packed:
        packed.extractall(partial, filter="data")
    try:
        partial.rename(target)
    except OSError:  # unpacked meanwhile by another process
        shutil.rmtree(partial, ignore_errors=True)
    return target
