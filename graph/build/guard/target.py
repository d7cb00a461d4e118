"""The folder a build writes: checked before any work, recovered after a crash, cleared of leftovers.

A build stages its graph in ``.NAME.building-*`` beside the target and swaps it in by
two renames, parking the old graph in ``.NAME.old-*`` between them. A crash can leave
either behind: the next build removes both, and a crash between the two renames is
undone by the next command, which moves the parked graph back.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.build.guard.lock import build_lock, is_locked
from immunokg.graph.rdf.store import (
    STAGING_SUFFIX_BYTES,
    check_replaceable,
    is_graph_dir,
    old_prefix,
    staging_prefix,
)

DEFAULT_NAME_MAX = 255
PROBE_BYTES = 1 << 20  # free space a build must find before it reads any text


def prepare_target(directory: str | Path) -> Path:
    """The absolute target, once it is known that a graph can be written there.

    Run before reading any text, so a bad ``--graph`` fails at once, in one line.
    """
    target = Path(directory).absolute()
    _check_name(target)
    check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _probe(target)
    except OSError as error:
        raise ImmunokgError(f"cannot write the graph to {target}: {_why(error, target)}") from None
    return target


def _probe(target: Path) -> None:
    """The build's first write, tried now: a staging folder beside the target, with room
    reserved for a first block of graph.nt (where the file system can reserve room)."""
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    try:
        descriptor = os.open(staging / "probe", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.posix_fallocate(descriptor, 0, PROBE_BYTES)
        except OSError as error:
            if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                raise
        finally:
            os.close(descriptor)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cannot_write(target: Path, error: OSError) -> ImmunokgError:
    """The one-line error for a write that failed mid-build (a full disk, say)."""
    return ImmunokgError(
        f"cannot write the graph to {target}: {_why(error, target)}; the previous graph, "
        "if any, is unchanged"
    )


def recover(target: Path) -> bool:
    """Move a parked old graph back if a crash left ``target`` without one; True if it did.

    Call with the build lock held, or through ``recover_for_reading``.
    """
    if is_graph_dir(target):
        return False
    parked = [path for path in _siblings(target, old_prefix(target)) if is_graph_dir(path)]
    if not parked:
        return False
    newest = max(parked, key=lambda path: path.stat().st_mtime_ns)
    if target.exists():
        target.rmdir()  # only ever an empty folder: check_replaceable allows nothing else
    newest.replace(target)
    return True


def recover_for_reading(directory: str | Path) -> None:
    """Before a command reads ``directory``: undo a crash between a build's two renames.

    Lookups take no lock; only when the graph is missing and a parked one waits does this
    take the build lock, so a build that is mid-swap finishes first.
    """
    target = Path(directory).absolute()
    if is_graph_dir(target) or not _siblings(target, old_prefix(target)):
        return
    if is_locked(target) or os.access(target.parent, os.W_OK):
        with build_lock(target, notify=lambda _message: None):
            recover(target)


def clear_leftovers(target: Path) -> list[Path]:
    """Remove what crashed builds left beside ``target``; hold the build lock. The removed."""
    removed = []
    for prefix in (staging_prefix(target), old_prefix(target)):
        for path in _siblings(target, prefix):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _siblings(target: Path, prefix: str) -> list[Path]:
    try:
        return sorted(path for path in target.parent.iterdir() if path.name.startswith(prefix))
    except OSError:
        return []


def _check_name(target: Path) -> None:
    size = len(os.fsencode(target.name))
    limit = _name_max(target.parent) - len(os.fsencode(staging_prefix(target))) + size
    limit -= STAGING_SUFFIX_BYTES
    if size > limit:
        raise ImmunokgError(
            f"cannot write the graph to {target}: its name is {size} bytes; at most {limit} "
            "here (a build writes beside it under a longer temporary name)"
        )


def _name_max(folder: Path) -> int:
    """The file system's longest name, asked of the nearest folder that exists."""
    for candidate in (folder, *folder.parents):
        try:
            return os.pathconf(candidate, "PC_NAME_MAX")
        except (OSError, ValueError):
            continue
    return DEFAULT_NAME_MAX


def _why(error: OSError, target: Path) -> str:
    if error.errno == errno.ENOSPC or "No space left on device" in str(error):  # RocksDB's way
        return "the disk is full (no space left on device)"
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        above = next((p for p in target.parents if p.exists()), target.parent)
        return f"{above} is a file, not a folder"
    return error.strerror or str(error)
