"""The files the command line reads and writes, in one place.

Every command reads its inputs and writes its `-o` output through here, so that a folder where a
file was meant, a folder that does not exist or a file without permission is a located input
error (exit 2: which file, what is wrong, how to fix it), never a traceback. Outputs are checked
before the work starts (an assessment is not stored, a letter not rendered, only to fail at the
end) and written whole or not at all: into a temporary file beside the target, then renamed.

`error_for` turns any OSError with a file name into the same InputError; the CLI uses it as the
last line of defence for a file opened anywhere else.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import InputError, Problem, Texts
from .i18n import both


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def read_problem(path: str | os.PathLike[str], exc: OSError | None = None, hint: Texts | None = None) -> Problem:
    """What is wrong with an input file that cannot be read; `hint` (`both(id)`) says which file is meant."""
    p = Path(path)
    if p.is_dir() or (exc is not None and exc.errno == errno.EISDIR):
        return Problem.said(both("files.folder_not_file"), hint=hint or both("files.hint.file_in_folder"))
    if not p.exists():
        folder = _folder_of(p)
        if not folder.is_dir():
            return Problem.said(both("files.folder_missing", folder=folder), hint=hint or both("files.hint.check_path"))
        return Problem.said(both("files.not_found"), hint=hint or both("files.hint.check_path"))
    if exc is not None and exc.errno in (errno.EACCES, errno.EPERM):
        return Problem.said(both("files.read_denied"), hint=both("files.hint.read_access"))
    return Problem.said(both("files.cannot_read", reason=(exc.strerror if exc else None) or exc))


def write_problem(path: str | os.PathLike[str], exc: OSError | None = None, example: str = "uitvoer.txt") -> Problem | None:
    """What stands in the way of writing `path`, or None when nothing does (as far as can be seen before)."""
    p = Path(path)
    folder = _folder_of(p)
    if p.is_dir() or (exc is not None and exc.errno == errno.EISDIR):
        return Problem.said(both("files.output_is_folder"), hint=both("files.hint.add_file_name", example=p / example))
    if not folder.exists():
        return Problem.said(both("files.folder_missing", folder=folder),
                            hint=both("files.hint.create_folder", folder=folder))
    if not folder.is_dir():
        return Problem.said(both("files.not_a_folder", folder=folder), hint=both("files.hint.inside_folder"))
    denied = exc is not None and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    if denied or (exc is None and not os.access(folder, os.W_OK | os.X_OK)) \
            or (exc is None and p.exists() and not os.access(p, os.W_OK)):
        return Problem.said(both("files.write_denied"), hint=both("files.hint.writable_folder"))
    if exc is not None:
        return Problem.said(both("files.cannot_write", reason=exc.strerror or exc))
    return None


def error_for(exc: OSError, writing: bool = False) -> InputError:
    """An OSError about a file as the located InputError the user sees."""
    name = exc.filename if exc.filename is not None else "<input>"
    problem = write_problem(name, exc) if writing else read_problem(name, exc)
    return InputError(str(name), [problem or Problem.said(both("files.cannot_open", reason=exc.strerror or exc))])


def read_bytes(path: str | os.PathLike[str], hint: Texts | None = None) -> bytes:
    """The bytes of an input file; a missing file, a folder or no permission is an InputError."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), [read_problem(path, exc, hint)]) from None


def check_output(path: str | os.PathLike[str], example: str = "uitvoer.txt") -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    problem = write_problem(path, example=example)
    if problem is not None:
        raise InputError(str(path), [problem])


def write_output(path: str | os.PathLike[str], data: str | bytes, example: str = "uitvoer.txt") -> None:
    """Write a whole file or nothing: a temporary file in the same folder, renamed over the target."""
    check_output(path, example)
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=_folder_of(target), prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(str(path), [write_problem(path, exc, example) or Problem(str(exc))]) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(str(path), [write_problem(path, exc, example) or Problem(str(exc))]) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
