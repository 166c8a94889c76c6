"""Files written so that nothing is lost and nothing is damaged: whole or not at all.

Shared by purenn and npnn: every file the packages or their command lines
write (checkpoints, predictions, histories, plots) goes through
:func:`write_atomic`, and the command line asks :func:`problem` about every
output path before it starts any work.

- A path that is a symbolic link is written through: the file the link
  points to gets the new text, the link stays a link.
- An existing file keeps its permission bits (and, where allowed, its owner).
- Only regular files are replaced: a folder, a device, a FIFO or a socket is
  refused, never turned into a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable

__all__ = ["UnwritableError", "problem", "same_file", "sync_folder", "target", "write_atomic"]

NAME_MAX = 255
"""The longest file name, in bytes, when the file system does not say."""


class UnwritableError(OSError):
    """A path that :func:`write_atomic` refuses to replace: not a regular file."""


def target(path: str) -> str:
    """The file that writing ``path`` changes: symbolic links followed, as an absolute path."""
    return os.path.realpath(path)


def same_file(a: str, b: str) -> bool:
    """Whether the paths ``a`` and ``b`` name the same file (links and ``..`` followed)."""
    if target(a) == target(b):
        return True
    try:
        return os.path.samefile(a, b)  # hard links, or two names of one mounted folder
    except OSError:
        return False


def _kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, if it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def problem(path: str) -> str | None:
    """Why ``path`` cannot be written by :func:`write_atomic`, in one clause; ``None`` if it can.

    Checked: an empty name, what the path (or the file a link points to) is,
    whether its folder exists and can be written to, and the name's length.
    The clause names the path, as in ``'out' is a folder; give the name of a file``.
    """
    if path == "":
        return "the name is empty; give the name of a file"
    if "\0" in path:
        return f"{path!r} holds a NUL character; give the name of a file"
    real = target(path)
    folder, name = os.path.split(real)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as error:  # a loop of links, a name too long...
        if error.errno != errno.ENAMETOOLONG:
            return f"{path!r} cannot be written: {error.strerror}"
        st = None  # said below, with the lengths
    if st is not None:
        kind = _kind(st.st_mode)
        if kind == "a folder":
            return f"{path!r} is a folder; give the name of a file"
        if kind is not None:
            return f"{path!r} is {kind}, not a regular file; it is not replaced"
        if not os.access(real, os.W_OK):
            return f"{path!r} is read-only; it is not replaced"
    if not os.path.isdir(folder):
        return f"folder {os.path.dirname(os.path.abspath(path))!r} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{path!r} cannot be written: folder {folder!r} is not writable"
    longest = _name_max(folder)
    if len(os.fsencode(name)) > longest:
        return (
            f"{path!r} cannot be written: its name is {len(os.fsencode(name))} bytes long, "
            f"and this file system allows {longest}"
        )
    return None


def _name_max(folder: str) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # not POSIX, or the system does not say
        return NAME_MAX


def write_atomic(path: str, data: str | bytes | Iterable[str | bytes]) -> None:
    """Write ``data`` to ``path`` so that ``path`` is the old file or the new one, never half.

    A new file in the same folder as the target is written, flushed and
    synced, then renamed over the target. The target is the file ``path``
    names, symbolic links followed; an existing one keeps its permission bits.
    On any failure, an interrupt included, the new file is removed and the
    target is left as it was. Text is written as UTF-8.

    ``data`` may come in pieces: an iterable of texts (or bytes), each written
    as it comes, so that a long output never has to be held whole. An error
    raised by the iterable itself is raised unchanged, after the new file is
    removed; the target is replaced only once the last piece is written.

    Raises:
        UnwritableError: ``path`` names a folder, a device, a FIFO or a socket
            (it is left alone).
        OSError: the file cannot be written; the error names ``path``.
    """
    real = target(path)
    folder, name = os.path.split(real)
    try:
        old: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise _naming(error, path) from None
    if old is not None and (kind := _kind(old.st_mode)) is not None:
        raise UnwritableError(f"{path!r} is {kind}, not a regular file; it is not replaced")
    stem = name if len(os.fsencode(name)) <= 100 else "twinnets"  # room for the suffix
    temporary = os.path.join(folder, f".{stem}.{secrets.token_hex(6)}.tmp")
    # O_EXCL: never write through a file (or a link) that is already there. The
    # mode is the usual one for a new file (0o666 less the umask), or the old file's.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temporary, flags, 0o666)
    except OSError as error:
        raise _naming(error, path) from None
    pieces = [data] if isinstance(data, (str, bytes)) else data
    source: list[BaseException] = []  # an error of the pieces' own, raised unchanged
    try:
        with os.fdopen(fd, "wb") as f:
            if old is not None:
                _keep_owner_and_mode(f.fileno(), old)
            for piece in _watched(pieces, source):
                f.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, real)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError) and error not in source:
            raise _naming(error, path) from None
        raise
    sync_folder(folder)


def _watched(pieces: Iterable[str | bytes], source: list[BaseException]) -> Iterable[str | bytes]:
    """The ``pieces``, an error raised while making one noted in ``source``."""
    iterator = iter(pieces)
    while True:
        try:
            piece = next(iterator)
        except StopIteration:
            return
        except BaseException as error:
            source.append(error)
            raise
        yield piece


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root, or the owner for a group it is in
            os.fchown(fd, old.st_uid, old.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(old.st_mode))


def _naming(error: OSError, path: str) -> OSError:
    """The same error, naming the file the user gave rather than the temporary one."""
    if error.errno is None or error.strerror is None:
        return error
    return type(error)(error.errno, error.strerror, path)


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
