"""Output files: nothing damaged, nothing lost, in both packages and both command lines.

Every output path is checked before any work (a refusal is status 2, one
line, nothing printed on stdout); saving writes through a link, keeps the
mode, never replaces a folder, a FIFO or a device, and is atomic; what was
computed is kept whatever fails after it. The commands run in this process
through the ``cli`` fixture. Devices are stood in for by a FIFO made in the
test's folder: nothing here touches the system's own files.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

import npnn
import purenn
from purenn.cli import train as train_cli
from purenn.support import files, tables
from tests.cli import Cli, Ran

PACKAGES = ["purenn", "npnn"]
ROWS = "CRIM,TAX,PTRATIO,MEDV\n0.00632,296,15.3,24\n0.02731,242,17.8,21.6\n"
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
LONG_RUN = ["train", "--n-iter", "100000", "-q"]  # refused before it starts, or the test hangs


def refused(done: Ran, option: str, words: str) -> None:
    """Status 2, nothing on stdout, one line on stderr naming the option and saying ``words``."""
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    err = done.stderr
    assert err.count("\n") == 1, err
    assert f"error: {option}" in err, err
    assert words in err, err
    assert "Traceback" not in err


@pytest.fixture
def net(tmp_path: Path, cli: Cli) -> Path:
    """A checkpoint of 5 steps, and a CSV of rows beside it."""
    path = tmp_path / "net.json"
    assert cli("purenn", "train", "--n-iter", "5", "-q", "--save", str(path)).returncode == 0
    (tmp_path / "rows.csv").write_text(ROWS, encoding="utf-8")
    return path


# --- 1. Saving: through a link, the mode kept, only regular files replaced ---


@pytest.mark.parametrize("package", PACKAGES)
def test_save_writes_through_a_symlink_and_keeps_the_mode(
    package: str, tmp_path: Path, net: Path, cli: Cli
) -> None:
    """The file a link points to is updated (the link stays), and chmod 600 stays 600."""
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link.symlink_to(real)
    done = cli(package, "train", "--n-iter", "3", "-q", "--save", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert len(purenn.load_checkpoint(link).errors) == 3
    out_real, out_link = tmp_path / "y.csv", tmp_path / "y-link.csv"
    out_real.write_text("old", encoding="utf-8")
    out_real.chmod(0o640)
    out_link.symlink_to(out_real)
    done = cli(package, "predict", str(net), str(tmp_path / "rows.csv"), "-o", str(out_link))
    assert done.returncode == 0, done.stderr
    assert out_link.is_symlink()
    assert stat.S_IMODE(out_real.stat().st_mode) == 0o640
    assert out_real.read_text(encoding="utf-8").startswith("predicted_MEDV\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


NOT_REGULAR = ["fifo", "folder", "link-to-fifo"]


def make_not_regular(kind: str, folder: Path) -> Path:
    """A FIFO (standing in for any device), a folder, or a link to a FIFO."""
    if kind == "folder":
        (folder / "dir").mkdir()
        return folder / "dir"
    os.mkfifo(folder / "fifo")
    if kind == "fifo":
        return folder / "fifo"
    (folder / "link").symlink_to(folder / "fifo")
    return folder / "link"


@pytest.mark.parametrize("kind", NOT_REGULAR)
@pytest.mark.parametrize("option", ["--save", "--history", "--plot", "-o"])
@pytest.mark.parametrize("package", PACKAGES)
def test_a_folder_fifo_or_device_is_never_replaced(
    package: str, option: str, kind: str, tmp_path: Path, net: Path, cli: Cli
) -> None:
    """Refused before any work, with status 2; the FIFO is still a FIFO, the folder a folder."""
    if option == "--plot" and not HAS_MATPLOTLIB:
        pytest.skip("matplotlib is not installed")
    path = make_not_regular(kind, tmp_path)
    before = os.stat(path).st_mode
    if option == "-o":
        done = cli(package, "predict", str(net), str(tmp_path / "rows.csv"), "-o", str(path))
        option = "--output"
    else:
        done = cli(package, *LONG_RUN, option, str(path))
    what = "is a folder" if kind == "folder" else "not a regular file"
    refused(done, option, what)
    assert os.stat(path).st_mode == before


@pytest.mark.parametrize("package", PACKAGES)
def test_the_library_refuses_to_replace_a_fifo(package: str, tmp_path: Path, net: Path) -> None:
    """save_checkpoint itself leaves a FIFO alone: an OSError naming the path."""
    nn = purenn if package == "purenn" else npnn
    c = nn.load_checkpoint(net)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(files.UnwritableError, match="not a regular file"):
        nn.save_checkpoint(tmp_path / "fifo", c)
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)


def test_a_failed_write_leaves_the_old_file_and_names_the_given_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while writing: the old file intact, no temporary file, the user's name."""
    path = tmp_path / "history.csv"
    path.write_text("old history\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match=r"history\.csv") as raised:
        files.write_atomic(str(path), "new history\n")
    assert raised.value.errno == errno.ENOSPC
    assert path.read_text(encoding="utf-8") == "old history\n"
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]


def test_a_long_name_gets_a_short_temporary_name(tmp_path: Path) -> None:
    """A 250-byte name is written: the temporary file beside it is not longer than the limit."""
    path = tmp_path / ("a" * 250)
    files.write_atomic(str(path), "text")
    assert path.read_text(encoding="utf-8") == "text"


def test_write_atomic_takes_the_text_in_pieces(tmp_path: Path) -> None:
    """Pieces of text and of bytes are written in order; a link is written through."""
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link.symlink_to(real)
    pieces: list[str | bytes] = ["a\n", b"b\n", "\u00e9\n"]
    files.write_atomic(str(link), iter(pieces))
    assert real.read_text(encoding="utf-8") == "a\nb\n\u00e9\n"
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_an_error_of_the_pieces_leaves_the_old_file_and_is_raised_unchanged(
    tmp_path: Path,
) -> None:
    """The source fails after a first piece: the same error, the old file, no temporary file."""
    path = tmp_path / "out.csv"
    path.write_text("old\n", encoding="utf-8")
    failure = OSError(errno.EIO, os.strerror(errno.EIO), "rows.csv")

    def pieces() -> Iterator[str]:
        yield "first\n"
        raise failure

    with pytest.raises(OSError, match=r"rows\.csv") as raised:
        files.write_atomic(str(path), pieces())
    assert raised.value is failure  # the reading's error, not renamed after the output
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def many_rows(bad: bool) -> str:
    """More rows than one chunk of the reader holds, the last one bad if ``bad``."""
    rows = "".join(f"0.0{i % 90},{200 + i % 500},15.3,24\n" for i in range(tables.CHUNK + 50))
    return "CRIM,TAX,PTRATIO,MEDV\n" + rows + ("0.1,oops,15.3,24\n" if bad else "")


@pytest.mark.parametrize("package", PACKAGES)
def test_predict_streams_its_output_into_the_file(
    package: str, tmp_path: Path, net: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """predict -o hands the file its text a chunk at a time, not whole; the report is as before."""
    rows = tmp_path / "many.csv"
    rows.write_text(many_rows(bad=False), encoding="utf-8")
    sizes: list[int] = []

    def spy(path: str, data: Iterable[str]) -> None:
        assert not isinstance(data, str)

        def counted() -> Iterator[str]:
            for piece in data:
                sizes.append(len(piece))
                yield piece

        files.write_atomic(path, counted())

    monkeypatch.setattr(train_cli, "write_atomic", spy)
    out = tmp_path / "y.csv"
    done = cli(package, "predict", str(net), str(rows), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(sizes) == 3  # the header, then the two chunks of rows
    assert sum(sizes) == len(out.read_text(encoding="utf-8"))
    on_stdout = cli(package, "predict", str(net), str(rows))
    assert out.read_text(encoding="utf-8") == on_stdout.stdout
    report = on_stdout.stderr.splitlines()
    assert done.stdout.splitlines() == [*report, f"predictions written to {out}"]


@pytest.mark.parametrize("package", PACKAGES)
def test_a_bad_row_after_the_first_chunk_leaves_the_old_output(
    package: str, tmp_path: Path, net: Path, cli: Cli
) -> None:
    """The first chunk is written, then a bad row: status 2, the old file, no temporary file."""
    rows = tmp_path / "many.csv"
    rows.write_text(many_rows(bad=True), encoding="utf-8")
    out = tmp_path / "y.csv"
    out.write_text("old predictions\n", encoding="utf-8")
    done = cli(package, "predict", str(net), str(rows), "-o", str(out))
    assert done.returncode == 2, done.stderr
    assert "oops" in done.stderr
    assert "Traceback" not in done.stderr
    assert "was not written" not in done.stderr  # the CSV's error, not the output's
    assert out.read_text(encoding="utf-8") == "old predictions\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- 2. Every output path checked before any work ---


BAD_PATHS: dict[str, tuple[Callable[[Path], str], str]] = {
    "empty-name": (lambda folder: "", "the name is empty"),
    "missing-folder": (lambda folder: str(folder / "no" / "such.out"), "does not exist"),
    "name-too-long": (lambda folder: str(folder / ("n" * 300)), "bytes long"),
}


@pytest.mark.parametrize("case", BAD_PATHS, ids=BAD_PATHS.keys())
@pytest.mark.parametrize("option", ["--save", "--history", "-o"])
@pytest.mark.parametrize("package", PACKAGES)
def test_an_unwritable_output_is_refused_before_any_work(
    package: str, option: str, case: str, tmp_path: Path, net: Path, cli: Cli
) -> None:
    """An empty name, a missing folder, a name too long: status 2, one line, nothing done."""
    make, words = BAD_PATHS[case]
    path = make(tmp_path)
    if option == "-o":
        done = cli(package, "predict", str(net), str(tmp_path / "rows.csv"), "-o", path)
        option = "--output"
    else:
        done = cli(package, *LONG_RUN, option, path)
    refused(done, option, words)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
@pytest.mark.parametrize("package", PACKAGES)
def test_a_read_only_folder_is_refused_before_any_work(
    package: str, tmp_path: Path, cli: Cli
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        refused(cli(package, *LONG_RUN, "--save", str(folder / "f.json")), "--save", "writable")
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed")
@pytest.mark.parametrize("name", ["c.txt", "curve"])
@pytest.mark.parametrize(("package", "command"), [("purenn", "train"), ("npnn", "fit")])
def test_a_plot_name_without_a_known_format_is_refused(
    package: str, command: str, name: str, tmp_path: Path, cli: Cli
) -> None:
    """The format comes from the suffix: none, or one matplotlib cannot write, is refused."""
    args = LONG_RUN if command == "train" else ["fit", "--epochs", "100000", "-q"]
    refused(cli(package, *args, "--plot", str(tmp_path / name)), "--plot", "use one of .")
    assert list(tmp_path.iterdir()) == []


# --- 3. Conflicting paths ---


@pytest.mark.parametrize("which", ["checkpoint", "csv", "csv-through-a-link"])
@pytest.mark.parametrize("package", PACKAGES)
def test_predict_never_writes_over_its_inputs(
    package: str, which: str, tmp_path: Path, net: Path, cli: Cli
) -> None:
    rows = tmp_path / "rows.csv"
    target = {"checkpoint": net, "csv": rows, "csv-through-a-link": tmp_path / "link.csv"}[which]
    if which == "csv-through-a-link":
        target.symlink_to(rows)
    before = net.read_bytes(), rows.read_bytes()
    done = cli(package, "predict", str(net), str(rows), "-o", str(target))
    refused(done, "--output", "this command reads")
    assert (net.read_bytes(), rows.read_bytes()) == before


@pytest.mark.parametrize("pair", [("--history", "--save"), ("--plot", "--save")])
@pytest.mark.parametrize("package", PACKAGES)
def test_two_outputs_naming_one_file_are_refused(
    package: str, pair: tuple[str, str], tmp_path: Path, cli: Cli
) -> None:
    if "--plot" in pair and not HAS_MATPLOTLIB:
        pytest.skip("matplotlib is not installed")
    path = str(tmp_path / "out.png")
    done = cli(package, *LONG_RUN, pair[0], path, pair[1], "./" + os.path.relpath(path))
    refused(done, "--save and --history" if "--history" in pair else "--save and --plot", "both")


# --- What was computed is kept, whatever fails after it ---


@pytest.mark.parametrize("package", PACKAGES)
def test_a_failed_history_keeps_the_checkpoint_and_says_so(
    package: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checkpoint is written first; the history's failure is one line and status 1."""
    import purenn.cli.train

    def full_disk(path: str, errors: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    monkeypatch.setattr(purenn.cli.train, "write_history", full_disk)
    net, history = tmp_path / "net.json", tmp_path / "h.csv"
    done = cli(package, "train", "--n-iter", "4", "-q", "--history", str(history),
               "--save", str(net))  # fmt: skip
    assert done.returncode == 1
    assert len(purenn.load_checkpoint(net).errors) == 4
    assert f"checkpoint written to {net}" in done.stdout
    assert done.stderr == (
        f"{package}: error: --history: {str(history)!r} was not written: "
        f"[Errno {errno.ENOSPC}] {os.strerror(errno.ENOSPC)}: {str(history)!r}\n"
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_a_failed_checkpoint_still_writes_the_history(
    package: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    nn = purenn if package == "purenn" else npnn

    def refuse(path: object, checkpoint: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))

    monkeypatch.setattr(nn, "save_checkpoint", refuse)
    net, history = tmp_path / "net.json", tmp_path / "h.csv"
    done = cli(package, "train", "--n-iter", "4", "-q", "--history", str(history),
               "--save", str(net))  # fmt: skip
    assert done.returncode == 1
    assert not net.exists()
    assert len(history.read_text(encoding="utf-8").splitlines()) == 5
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"{package}: error: --save: ")


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed")
@pytest.mark.parametrize("package", PACKAGES)
def test_the_plot_is_written_in_the_format_its_suffix_names(
    package: str, tmp_path: Path, cli: Cli
) -> None:
    """``--plot curve.svg`` writes SVG, to that very name, and says so."""
    path = tmp_path / "curve.svg"
    done = cli(package, "train", "--n-iter", "3", "-q", "--plot", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"plot written to {path}"
    assert b"<svg" in path.read_bytes()[:400]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curve.svg"]
