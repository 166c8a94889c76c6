"""The parity report: purenn against npnn, tensor by tensor, in units in the last place.

Both packages run the same computation from the same seed through their
public functions: the scaled inputs, the initial weights, the first step's
DropConnect masks, its forward and backward pass, then a whole training run
and its predictions. Each tensor is compared entry by entry:

- *bit-equal*: the same 64 bits (so ``0.0`` and ``-0.0`` count as different);
- *ULPs*: how many representable doubles lie between the two values;
- the largest absolute and relative difference, relative to purenn's value.

npnn's exact mode must be bit-equal everywhere. Its default mode differs only
where BLAS adds products in another order, and by how much is what the
report is for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

import npnn
import purenn
from purenn.errors import ShapeError

__all__ = ["Comparison", "compare", "parity_report", "trace", "ulps"]


@dataclass(frozen=True)
class Comparison:
    """How a tensor computed two ways differs, entry by entry."""

    name: str
    shape: tuple[int, ...]
    bit_equal: int
    """Entries whose 64 bits are the same."""
    max_ulps: int
    """Largest distance in units in the last place (0 when all values are equal)."""
    max_abs: float
    """Largest absolute difference."""
    max_rel: float
    """Largest absolute difference divided by the reference's magnitude."""

    @property
    def size(self) -> int:
        """Number of entries."""
        return math.prod(self.shape)

    @property
    def identical(self) -> bool:
        """Every entry bit-for-bit equal."""
        return self.bit_equal == self.size


def _ordered(a: NDArray[np.float64]) -> NDArray[np.int64]:
    """Map doubles to integers in the same order, ``-0.0`` and ``0.0`` both to 0."""
    bits = a.view(np.int64)
    return np.where(bits < 0, np.int64(np.iinfo(np.int64).min) - bits, bits)


def ulps(a: ArrayLike, b: ArrayLike) -> NDArray[np.uint64]:
    """Distance between ``a`` and ``b`` in units in the last place, entry by entry.

    Adjacent doubles are 1 apart; ``0.0`` and ``-0.0`` are 0 apart; two NaNs
    are 0 apart and a NaN is the largest distance from any number.
    """
    x = np.ascontiguousarray(a, dtype=np.float64)
    y = np.ascontiguousarray(b, dtype=np.float64)
    if x.shape != y.shape:
        raise ShapeError(f"ulps: shapes {x.shape} and {y.shape} differ")
    ox, oy = _ordered(x).view(np.uint64), _ordered(y).view(np.uint64)
    # Unsigned subtraction of the larger minus the smaller is exact, with no overflow.
    distance = np.where(_ordered(x) >= _ordered(y), ox - oy, oy - ox)
    nan_x, nan_y = np.isnan(x), np.isnan(y)
    distance = np.where(nan_x & nan_y, np.uint64(0), distance)
    return np.where(nan_x ^ nan_y, np.iinfo(np.uint64).max, distance).astype(np.uint64)


def compare(name: str, reference: Any, candidate: Any) -> Comparison:
    """Compare ``candidate`` with ``reference``: shapes first, then every value.

    Either may be a number, a list of numbers, a list of rows or an array.

    Raises:
        ShapeError: the shapes differ.
    """
    a = np.asarray(reference, dtype=np.float64)
    b = np.asarray(candidate, dtype=np.float64)
    if a.shape != b.shape:
        raise ShapeError(f"compare {name}: shapes {a.shape} and {b.shape} differ")
    a, b = np.atleast_1d(a), np.atleast_1d(b)
    same_bits = a.view(np.uint64) == b.view(np.uint64)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        diff = np.abs(a - b)
        diff = np.where(same_bits, 0.0, diff)
        rel = np.where(diff == 0.0, 0.0, diff / np.abs(a))
    return Comparison(
        name=name,
        shape=tuple(np.shape(reference)),
        bit_equal=int(same_bits.sum()),
        max_ulps=int(ulps(a, b).max()),
        max_abs=float(diff.max()),
        max_rel=float(rel.max()),
    )


def trace(
    nn: ModuleType, *, seed: int = 0, n_iter: int = 1000, p: float = 0.2, exact: bool = False
) -> dict[str, Any]:
    """Run the write-up's computation with ``nn`` (purenn or npnn); return each tensor.

    Uses only the package's public functions: the scaled inputs, the initial
    weights, the first step's masks, forward and backward pass on the masked
    weights, a training run of ``n_iter`` steps from the same seed, and the
    final predictions.
    """
    X, t = nn.load_housing()
    X0 = nn.apply_scale(X, nn.fit_scale(X))
    D, n_h = nn.shape(X0)[1], 4
    rng = nn.generator(seed)
    W = nn.init_weights(rng, D, n_h)
    M1 = nn.dropconnect_mask(rng, D, n_h, p)
    M2 = nn.dropconnect_mask(rng, n_h, 1, p)
    W1, W2 = nn.drop_connect(W.W1, M1), nn.drop_connect(W.W2, M2)
    cache = nn.forward(X0, W1, W2, exact=exact)
    grads = nn.backward(X0, t, W1, W2, cache, exact=exact)
    result = nn.train(X0, t, n_h=n_h, n_iter=n_iter, p=p, seed=seed, exact=exact)
    final = result.weights
    y = nn.predict(X0, final.W1, final.W2, exact=exact)
    return {
        "X0 scaled": X0,
        "W1 initial": W.W1,
        "W2 initial": W.W2,
        "M1 mask": M1,
        "M2 mask": M2,
        "Z1": cache.Z1,
        "X1": cache.X1,
        "y": cache.y,
        "L": nn.loss(cache.y, t, exact=exact),
        "dy": grads.dy,
        "dX1": grads.dX1,
        "dW2": grads.dW2,
        "dZ1": grads.dZ1,
        "dX0": grads.dX0,
        "dW1": grads.dW1,
        "errors": result.errors,
        "W1 final": final.W1,
        "W2 final": final.W2,
        "y predicted": y,
        "RMSE": nn.rmse(y, t, exact=exact),
    }


def _table(title: str, rows: Sequence[Comparison]) -> list[str]:
    head = f"{'tensor':<12} {'shape':<10} {'bit-equal':>11} {'max ULPs':>10} "
    head += f"{'max |diff|':>11} {'max rel':>10}"
    lines = [title, head, "-" * len(head)]
    for c in rows:
        shape = "scalar" if c.shape == () else str(c.shape)
        lines.append(
            f"{c.name:<12} {shape:<10} {f'{c.bit_equal}/{c.size}':>11} {c.max_ulps:>10} "
            f"{c.max_abs:>11.3g} {c.max_rel:>10.3g}"
        )
    return lines


def parity_report(*, seed: int = 0, n_iter: int = 1000) -> tuple[str, bool]:
    """Run both packages from ``seed`` and return the report and whether exact mode held.

    The second value is ``True`` when npnn's exact mode is bit-for-bit equal to
    purenn on every tensor.
    """
    reference = trace(purenn, seed=seed, n_iter=n_iter)
    exact = trace(npnn, seed=seed, n_iter=n_iter, exact=True)
    default = trace(npnn, seed=seed, n_iter=n_iter, exact=False)
    exact_rows = [compare(k, v, exact[k]) for k, v in reference.items()]
    default_rows = [compare(k, v, default[k]) for k, v in reference.items()]
    held = all(c.identical for c in exact_rows)
    differing = [c for c in default_rows if not c.identical]

    lines = [
        f"Parity: purenn against npnn from seed {seed}: the first step "
        f"(n_h 4, p 0.2), then {n_iter} training steps.",
        "",
        *_table("npnn exact mode (exact=True): sums added in purenn's order", exact_rows),
        "",
        *_table("npnn default mode (exact=False): numpy's @ and np.sum", default_rows),
        "",
        "exact mode: "
        + (
            "every tensor is bit-for-bit equal to purenn's."
            if held
            else "NOT bit-equal: " + ", ".join(c.name for c in exact_rows if not c.identical) + "."
        ),
    ]
    if differing:
        worst = max(differing, key=lambda c: c.max_ulps)
        lines.append(
            f"default mode: {len(differing)} of {len(default_rows)} tensors differ in their "
            f"last bits, at most {worst.max_ulps} ULPs ({worst.name}). BLAS adds the "
            f"products of a matrix product in another order, with fused multiply-adds, "
            f"and np.sum adds pairwise; elementwise steps round the same either way. "
            f"Over training, each step starts from slightly different weights."
        )
    else:
        lines.append("default mode: every tensor is bit-for-bit equal to purenn's as well.")
    return "\n".join(lines), held
