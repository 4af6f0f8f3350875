"""Errors of the draw engine: bad input is refused with a message naming what is wrong."""

from __future__ import annotations


class DrawInputError(ValueError):
    """Input that DSR-1 cannot accept (duplicate ids, bad params, missing seed fields …)."""
