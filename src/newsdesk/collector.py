"""Pausing Python's cyclic garbage collector around work that makes many objects.

A full collection walks every tracked object in memory, and collections come more often
the more containers are made, so work that builds many short-lived containers while a
large corpus sits in memory pays a cost that grows faster than the corpus. The stages
that do so (loading the gazetteer index, linking, the across-articles stage) make no
cycles worth collecting mid-way, so they run with the collector paused; whatever cycles
they leave are collected once it resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the collector off; a caller who had it off keeps it off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
