"""Argument checks shared by purenn and npnn.

These are not numerics: they decide whether an argument is acceptable and, if
not, which error to raise with which message. npnn calls the same functions,
so both packages refuse the same inputs with the same words.
"""

import math
import numbers
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from purenn.errors import DataError, ParameterError, ShapeError

Shape = tuple[int, int]


def is_number(v: object) -> bool:
    """A real number: ``int``, ``float`` or another ``numbers.Real`` (numpy's), not a bool."""
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def is_whole(v: object) -> bool:
    """A whole number: ``int`` or another ``numbers.Integral`` (``np.int64``), not a bool."""
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def too_large(v: object) -> bool:
    """An ``int`` so large that ``float(v)`` overflows (floats never do)."""
    if isinstance(v, numbers.Integral) and not isinstance(v, bool):
        try:
            float(v)
        except OverflowError:
            return True
    return False


def several(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def describe(v: object) -> str:
    try:
        text = repr(v)
    except RecursionError:  # lists inside lists, thousands deep
        return f"a {type(v).__name__} nested too deeply to show"
    return text if len(text) <= 40 else text[:37] + "..."


def list_matrix(A: object, op: str, name: str, *, finite: bool = False) -> list[list[float]]:
    """Check that ``A`` is a non-empty rectangular list of rows of numbers.

    Returns a fresh copy with every entry converted to ``float``. With
    ``finite=True`` NaN and infinity are refused as well.
    """
    if not isinstance(A, list | tuple):
        raise ShapeError(f"{op}: {name} must be a matrix (a list of rows), got {type(A).__name__}")
    if len(A) == 0:
        raise ShapeError(f"{op}: {name} is empty; a matrix needs at least one row")
    out: list[list[float]] = []
    for i, row in enumerate(A):
        if not isinstance(row, list | tuple):
            raise ShapeError(
                f"{op}: {name} row {i} must be a list of numbers, got {type(row).__name__}"
            )
        if len(row) != len(A[0]):
            raise ShapeError(
                f"{op}: {name} has ragged rows: row 0 has {len(A[0])} entries "
                f"but row {i} has {len(row)}"
            )
        for j, v in enumerate(row):
            if not is_number(v):
                raise DataError(f"{op}: {name}[{i}][{j}] must be a number, got {describe(v)}")
            if too_large(v):
                raise DataError(
                    f"{op}: {name}[{i}][{j}] is too large for a float, got {describe(v)}"
                )
            if finite and not math.isfinite(v):
                raise DataError(
                    f"{op}: {name}[{i}][{j}] is {float(v)!r}; values must be finite numbers"
                )
        out.append([float(v) for v in row])
    if len(out[0]) == 0:
        raise ShapeError(f"{op}: {name} is empty; a matrix needs at least one column")
    return out


def overflow(op: str, what: str) -> DataError:
    """The error for a result beyond the largest float from finite inputs, in both packages."""
    return DataError(
        f"{op}: {what} overflows: it is beyond the largest float (about 1.8e308); "
        f"scale the data down"
    )


def finite_result(op: str, what: str, value: float) -> float:
    """``value``, if finite; a result that overflowed from finite inputs is a DataError."""
    if not math.isfinite(value):
        raise overflow(op, what)
    return value


def first_non_finite(
    values: Sequence[Sequence[float]],
) -> tuple[int, int, float] | None:
    """Row, column and value of the first entry (row-major) that is not finite."""
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if not math.isfinite(v):
                return i, j, v
    return None


def non_finite_message(op: str, name: str, where: tuple[int, int, float]) -> str:
    i, j, v = where
    return f"{op}: {name}[{i}][{j}] is {float(v)!r}; values must be finite numbers"


def same_shape(op: str, sa: Shape, sb: Shape, na: str = "A", nb: str = "B") -> None:
    """Refuse two matrices of different shapes for an elementwise operation."""
    if sa != sb:
        raise ShapeError(f"{op}: {na} {sa} and {nb} {sb} must have the same shape")


def inner_sizes(op: str, sa: Shape, sb: Shape, na: str = "A", nb: str = "B") -> None:
    """Refuse a product whose inner sizes differ."""
    if sa[1] != sb[0]:
        raise ShapeError(
            f"{op}: cannot multiply {na} {sa} by {nb} {sb}: "
            f"{na} has {several(sa[1], 'column')} but {nb} has {several(sb[0], 'row')}"
        )


def expect_shape(
    op: str,
    name: str,
    got: Shape,
    want: tuple[int | None, int | None],
    to_fit: tuple[str, Shape] | None = None,
) -> None:
    """Refuse a matrix whose shape is not ``want`` (``None`` matches any size).

    ``to_fit`` names the other matrix that ``want`` was derived from, so the
    message shows both shapes.
    """
    if any(w is not None and g != w for g, w in zip(got, want, strict=True)):
        shown = "(" + ", ".join("any" if w is None else str(w) for w in want) + ")"
        other = f" to fit {to_fit[0]} {to_fit[1]}" if to_fit else ""
        raise ShapeError(f"{op}: {name} has shape {got}, expected {shown}{other}")


def scalar(value: object, op: str, name: str) -> float:
    """A finite real number, as ``float``."""
    if not is_number(value):
        raise ParameterError(f"{op}: {name} must be a number, got {describe(value)}")
    if too_large(value):
        raise ParameterError(f"{op}: {name} is too large for a float, got {describe(value)}")
    if not math.isfinite(value):  # type: ignore[arg-type]
        raise ParameterError(f"{op}: {name} must be finite, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def rate(p: object, op: str) -> float:
    """The DropConnect rate: a number in [0, 1)."""
    value = scalar(p, op, "p")
    if not 0.0 <= value < 1.0:
        raise ParameterError(f"{op}: p must be in [0, 1), got {p!r}")
    return value


def step_size(alpha: object, op: str) -> float:
    """The learning rate: a finite number above zero."""
    value = scalar(alpha, op, "alpha")
    if value <= 0.0:
        raise ParameterError(f"{op}: alpha must be positive, got {alpha!r}")
    return value


def count(value: object, op: str, name: str, minimum: int) -> int:
    """A whole number no smaller than ``minimum``, and small enough to index a list."""
    if not is_whole(value):
        raise ParameterError(f"{op}: {name} must be a whole number, got {describe(value)}")
    number: int = int(value)  # type: ignore[call-overload]
    if number < minimum:
        raise ParameterError(f"{op}: {name} must be at least {minimum}, got {number}")
    if number > sys.maxsize:
        raise ParameterError(
            f"{op}: {name} must be at most {sys.maxsize} (the largest index), got {describe(value)}"
        )
    return number


def whole_seed(value: object, op: str) -> int:
    """A seed for the random stream: a whole number."""
    if not is_whole(value):
        raise ParameterError(f"{op}: seed must be a whole number, got {describe(value)}")
    number: int = int(value)  # type: ignore[call-overload]
    return number


def settings(
    op: str, *, n_h: object, n_iter: object, alpha: object, p: object, seed: object
) -> tuple[int, int, float, float, int]:
    """Check the training settings; return them as ``(n_h, n_iter, alpha, p, seed)``."""
    return (
        count(n_h, op, "n_h", 1),
        count(n_iter, op, "n_iter", 0),
        step_size(alpha, op),
        rate(p, op),
        whole_seed(seed, op),
    )


def callable_or_none(value: Any, op: str, name: str) -> None:
    if value is not None and not callable(value):
        raise ParameterError(f"{op}: {name} must be callable or None, got {describe(value)}")


def fraction(value: object, op: str, name: str) -> float:
    """A share strictly between 0 and 1, such as the test fraction."""
    share = scalar(value, op, name)
    if not 0.0 < share < 1.0:
        raise ParameterError(f"{op}: {name} must be in (0, 1), got {value!r}")
    return share


def held_out_rows(op: str, N: int, test_fraction: float) -> int:
    """How many of ``N`` rows a split holds out: ``test_fraction * N``, rounded.

    Refuses a split that would leave either side without rows.
    """
    n_test = round(test_fraction * N)
    if n_test == 0 or n_test == N:
        raise ParameterError(
            f"{op}: test_fraction {test_fraction!r} of {N} rows leaves {n_test} test rows "
            f"and {N - n_test} training rows; each side needs at least one row"
        )
    return n_test


def folds(value: object, op: str, N: int) -> int:
    """The number of folds ``k`` of a cross-validation: from 2 up to ``N``."""
    k = count(value, op, "k", 2)
    if k > N:
        raise ParameterError(f"{op}: k={k} folds need at least {k} rows, got {N}")
    return k


def grid(values: object, op: str, name: str, check: Callable[[object], Any]) -> list[Any]:
    """A non-empty list of distinct values for one setting, each passing ``check``."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise ParameterError(f"{op}: {name} must be a list of values, got {describe(values)}")
    if len(values) == 0:
        raise ParameterError(f"{op}: the grid for {name} is empty; give at least one value")
    checked = [check(v) for v in values]
    for i, v in enumerate(checked):
        if v in checked[:i]:
            raise ParameterError(f"{op}: the grid for {name} lists {values[i]!r} twice")
    return checked


def flag(value: object, op: str, name: str) -> bool:
    """A switch: ``True`` or ``False`` and nothing else."""
    if not isinstance(value, bool):
        raise ParameterError(f"{op}: {name} must be True or False, got {describe(value)}")
    return value


def generator_of(rng: object, op: str, kind: type) -> None:
    """Refuse a generator that is not the package's own (``kind``), made by ``generator(seed)``."""
    if not isinstance(rng, kind):
        raise ParameterError(
            f"{op}: rng must be a generator made by generator(seed), got {type(rng).__name__}"
        )


def file_name(value: object, op: str, name: str = "path") -> str:
    """A file name: a ``str`` or an ``os.PathLike`` that gives one; returned as ``str``."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or value == "" or "\0" in value:
        raise ParameterError(f"{op}: {name} must be a file name, got {describe(value)}")
    return value


def enough_rows(op: str, name: str, rows: int, unknowns: int, what: str) -> None:
    """Refuse a least-squares problem with fewer rows than unknowns."""
    if rows < unknowns:
        raise ShapeError(
            f"{op}: {name} has {rows} rows but the fit has {unknowns} unknowns ({what}); "
            f"least squares needs at least as many rows as unknowns"
        )


def rank_deficient(op: str, name: str, column: int, *, zero: bool, intercept: bool) -> DataError:
    """The error for a least-squares problem whose column ``column`` of ``name`` is redundant.

    ``zero``: the column is all zeros. ``intercept``: a column of ones, the
    intercept, stands before column 0.
    """
    if zero:
        what = "all zeros"
    elif column == 0:
        what = "(nearly) constant, which the intercept already fits"
    else:
        before = "column 0" if column == 1 else f"columns 0 to {column - 1}"
        what = "(nearly) a linear combination of " + ("the intercept and " if intercept else "")
        what += before
    return DataError(
        f"{op}: {name} is rank-deficient: column {column} is {what}, so the least-squares "
        f"solution is not unique; drop that column"
    )


# --- The general network (mlp, layers, activations, losses, init, optim) ---


def one_of(value: object, op: str, what: str, options: Sequence[str]) -> str:
    """A name from ``options``: an activation, a loss, an optimizer, an initialisation."""
    if not isinstance(value, str) or value not in options:
        raise ParameterError(
            f"{op}: unknown {what} {describe(value)}; choose one of {', '.join(options)}"
        )
    return value


def layer_sizes(sizes: object, op: str) -> tuple[int, ...]:
    """Layer sizes, inputs first: at least two whole numbers, each at least 1."""
    if isinstance(sizes, str) or not isinstance(sizes, Sequence):
        raise ParameterError(f"{op}: sizes must be a list of layer sizes, got {describe(sizes)}")
    if len(sizes) < 2:
        raise ParameterError(
            f"{op}: sizes must list at least two layer sizes (inputs and outputs), "
            f"got {describe(list(sizes))}"
        )
    return tuple(count(n, op, f"sizes[{i}]", 1) for i, n in enumerate(sizes))


def share(value: object, op: str, name: str) -> float:
    """A number in [0, 1), such as a momentum or a decay rate."""
    number = scalar(value, op, name)
    if not 0.0 <= number < 1.0:
        raise ParameterError(f"{op}: {name} must be in [0, 1), got {value!r}")
    return number


def positive(value: object, op: str, name: str) -> float:
    """A finite number above zero."""
    number = scalar(value, op, name)
    if number <= 0.0:
        raise ParameterError(f"{op}: {name} must be positive, got {value!r}")
    return number


def batch_size(value: object, op: str) -> int | None:
    """A mini-batch size: ``None`` (the whole data set) or a whole number of at least 1."""
    return None if value is None else count(value, op, "batch_size", 1)


def chained(op: str, name: str, got: Shape, want: Shape, sizes: tuple[int, ...]) -> None:
    """Refuse a matrix whose shape does not fit the layer sizes it belongs to."""
    if got != want:
        raise ShapeError(
            f"{op}: {name} has shape {got}, but layer sizes {sizes} need {want}; "
            f"the layers do not chain"
        )


def first_non_binary(values: Sequence[Sequence[float]]) -> tuple[int, int, float] | None:
    """Row, column and value of the first entry (row-major) that is neither 0 nor 1."""
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v != 0.0 and v != 1.0:
                return i, j, v
    return None


def non_binary_error(op: str, name: str, where: tuple[int, int, float]) -> DataError:
    """The error for a cross-entropy target that is not a class label."""
    i, j, v = where
    return DataError(f"{op}: {name}[{i}][{j}] is {float(v)!r}; class labels must be 0 or 1")
