"""Progress bars on stderr (tqdm), with the types the commands rely on.

tqdm ships no type information and its stub package is not a dependency: this module is the one place
that imports it, and says what the rest of the engine may expect of it.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

T = TypeVar("T")


class Bar(Protocol):
    """A progress bar that is moved on by hand."""

    def update(self, n: float | None = 1) -> bool | None: ...


def iterate(items: Iterable[T], desc: str, unit: str) -> Iterable[T]:
    """`items`, the same ones in the same order, with a bar that moves as they are taken."""
    from tqdm import tqdm

    # disable=None: tqdm switches itself off when stderr is not a terminal
    shown: Iterable[T] = tqdm(items, desc=desc, unit=unit, file=sys.stderr, disable=None, leave=False)
    return shown


def bar(total: int, desc: str, unit: str, *, show: bool | None = None, leave: bool = True
        ) -> AbstractContextManager[Bar]:
    """A bar to `total`, closed when the `with` block ends. show: None = only when stderr is a terminal."""
    from tqdm import tqdm

    shown: AbstractContextManager[Bar] = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr,
                                              disable=None if show is None else not show, leave=leave)
    return shown
