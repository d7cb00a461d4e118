"""Atomic file writes for the exporters: a temporary sibling file, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from immunokg.extract.errors import ImmunokgError


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that a crash never leaves a half-written file.

    A place that cannot be written (read only, under a file, a full disk) is one line.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write(path, payload)
    except OSError as error:
        raise ImmunokgError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def _write(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        Path(temporary).chmod(0o666 & ~_umask())  # mkstemp makes 0600; exports are for sharing
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def pair_paths(path: Path | str, suffix: str) -> tuple[Path, Path]:
    """The nodes and edges files of a two-file format.

    ``path`` names a directory (existing, or written with a trailing slash) that
    gets ``nodes.<suffix>`` and ``edges.<suffix>``, or else a prefix that gets
    ``<prefix>_nodes.<suffix>`` and ``<prefix>_edges.<suffix>``, as KGX does.
    """
    text = str(path)
    if Path(path).is_dir() or text.endswith(("/", os.sep)):
        directory = Path(path)
        return directory / f"nodes.{suffix}", directory / f"edges.{suffix}"
    prefix = Path(path)
    return (
        prefix.with_name(f"{prefix.name}_nodes.{suffix}"),
        prefix.with_name(f"{prefix.name}_edges.{suffix}"),
    )
