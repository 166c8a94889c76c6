"""Limits on what is read and what is quoted: nothing grows with the input unchecked.

Shared by purenn and npnn, and by their command lines:

- :data:`LINE`: the longest line a CSV file may hold (``/dev/zero`` is refused,
  not read until memory runs out);
- :data:`CHECKPOINT`: the largest checkpoint file read, and :func:`read_file`,
  which reads at most that many bytes;
- :func:`listed`: names quoted in a message, each and all together bounded
  (a single quoted value is :func:`~purenn.support.checks.describe`, 40 characters
  at most);
- :func:`naming`: an ``OSError`` raised while writing a file names that file
  (a full disk says which file it could not finish);
- :func:`network_size`: a network whose matrices would not fit in memory is
  refused before any is made (a billion hidden units is one line, not a
  ``MemoryError``).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator, Sequence

from purenn.errors import ParameterError
from purenn.support import checks

__all__ = ["CHECKPOINT", "LINE", "MATRIX_ENTRIES", "listed", "naming", "network_size", "read_file"]

LINE = 1 << 20
"""The longest line of a CSV file, in characters: 1 MiB, thousands of columns."""

CHECKPOINT = 256 << 20
"""The largest checkpoint file read, in bytes: 256 MiB, the history of millions of steps."""

MATRIX_ENTRIES = 1 << 24
"""The most entries a matrix of the network may have: 2**24 floats, 128 MiB in numpy
and about 500 MiB as purenn's lists; training holds several at once."""


def read_file(path: str, limit: int, what: str) -> bytes:
    """The bytes of ``path``, read up to ``limit``; a longer file is an ``OverflowError``.

    Raises:
        OverflowError: the file holds more than ``limit`` bytes; the message
            says ``what`` and the limit.
        OSError: the file cannot be read.
    """
    with open(path, "rb") as f:
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise OverflowError(f"larger than {limit >> 20} MiB, the largest {what} read")
    return raw


def listed(names: Iterable[object], limit: int = 200) -> str:
    """``'a', 'b', 'c'``: each name quoted and bounded, the whole cut at ``limit`` characters."""
    text = ""
    for i, name in enumerate(names):
        part = ("" if i == 0 else ", ") + checks.describe(name)
        if len(text) + len(part) > limit:
            return text + ", ..."
        text += part
    return text


@contextlib.contextmanager
def naming(path: str) -> Iterator[None]:
    """Within the block, an ``OSError`` that names no file (a full disk) names ``path``."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            error.filename = path
        raise


def network_size(op: str, rows: int | None, sizes: Sequence[int]) -> None:
    """Refuse a network of layer ``sizes`` on ``rows`` rows whose matrices would not fit.

    Its largest matrix is a layer's values for every row (``rows x size``) or a
    weight matrix (``size x next size``); above :data:`MATRIX_ENTRIES` entries
    it is a :class:`~purenn.errors.ParameterError`. With ``rows`` ``None``
    (no rows yet, as in ``init_params``), only the weight matrices are weighed.

    The library's ``train``, ``mlp.fit`` and ``mlp.init_params`` check this
    before they make any matrix; the command line asks too, before it prints.
    """
    per_row = [] if rows is None else [(rows, n) for n in sizes]
    shapes = per_row + list(itertools.pairwise(sizes))
    a, b = max(shapes, key=lambda shape: shape[0] * shape[1])
    if a * b <= MATRIX_ENTRIES:
        return
    if len(sizes) == 1:
        what, fewer = f"{rows} rows of {sizes[0]} values", "rows"
    else:
        what, fewer = (
            f"a network of layer sizes {checks.describe(tuple(sizes))}"
            + ("" if rows is None else f" on {rows} rows"),
            "units",
        )
    raise ParameterError(
        f"{op}: {what} needs a {a} x {b} matrix, more than {MATRIX_ENTRIES} entries "
        f"(the memory it takes); choose fewer {fewer}"
    )
