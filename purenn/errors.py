"""The project's exceptions, shared by purenn and npnn.

Every error a user can cause is a ``ValueError`` subclass with a message that
says what was given and what was expected. npnn raises these same classes with
the same messages, so ``except purenn.ShapeError`` catches both packages.
"""

__all__ = [
    "CheckpointError",
    "DataError",
    "DivergenceError",
    "NNError",
    "ParameterError",
    "ShapeError",
]


class NNError(ValueError):
    """Base class of every error this project raises on bad input."""


class ShapeError(NNError):
    """Matrices whose shapes do not fit the operation, or that are not matrices.

    Raised for mismatched shapes, ragged rows and empty matrices. The message
    names the operation and the shapes it was given.
    """


class DataError(NNError):
    """Values that are not finite numbers, or a data file that cannot be read."""


class ParameterError(NNError):
    """A setting outside its range: ``p``, ``alpha``, ``n_iter``, ``n_h``, a name."""


class DivergenceError(NNError):
    """Training produced an error that is not a finite number.

    The message names the iteration and suggests a smaller ``alpha``.
    """


class CheckpointError(NNError):
    """A checkpoint that cannot be loaded or saved.

    Raised for a file that is not JSON, has an unknown format or version, or
    a missing, extra or ill-typed field, a wrong shape or a value that is not
    a finite number; and for a ``Checkpoint`` record that could not be loaded
    back. The message names the file (when there is one) and the field.
    """
