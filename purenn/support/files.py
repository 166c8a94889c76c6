"""Files written so that nothing is lost: whole or not at all.

Shared by purenn and npnn: every file the packages or their command lines
write (checkpoints, predictions, histories) goes through :func:`write_atomic`.
"""

from __future__ import annotations

import contextlib
import os
import secrets

__all__ = ["sync_folder", "write_atomic"]


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` so that ``path`` is the old file or the new one, never half.

    A new file in the same folder is written, flushed and synced, then renamed
    over ``path``. On any failure, an interrupt included, the new file is
    removed and ``path`` is left as it was.
    """
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp")
    # O_EXCL: never write through a file (or a link) that is already there. The
    # mode is the usual one for a new file: 0o666 less the umask.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(folder)


def sync_folder(folder: str) -> None:
    """Sync the folder too, so that the rename survives a power cut (POSIX only)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems cannot sync a folder
            os.fsync(fd)
    finally:
        os.close(fd)
