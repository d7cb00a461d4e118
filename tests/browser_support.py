"""Headless Debian Chromium through Playwright, launched one way for the browser tests and for
docs/screenshots.py: nothing is downloaded, and the flags suit a closed network (without the
background-networking ones Chromium's own connections are refused, many at a time)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_chromium(driver: Any, profile: str | Path, *, width: int, height: int) -> Any:
    """A persistent headless context on a fresh ``profile`` folder (Playwright's sync driver)."""
    return driver.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport={"width": width, "height": height},
    )
