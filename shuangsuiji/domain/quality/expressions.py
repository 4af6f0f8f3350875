"""Configurable audit expressions over the indicators of one report, e.g. `wages <= employees * 5`.

An expression states what must hold; a report for which it is false becomes a finding. Only numbers, indicator
codes, + − × ÷, comparisons, `and`, `or`, `not` and `abs()` are allowed (parsed with `ast`, never evaluated as
Python).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection

import polars as pl


class ExpressionError(ValueError):
    """An expression that is not allowed or names an unknown indicator."""


_BINARY: dict[type[ast.operator], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_COMPARE: dict[type[ast.cmpop], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}


def compile_expression(text: str, codes: Collection[str]) -> pl.Expr:
    """The Polars expression for `text`; raises ExpressionError with a Chinese message."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise ExpressionError(f"审核公式“{text}”写法有误") from None
    return _build(tree.body, set(codes))


def _build(node: ast.expr, codes: set[str]) -> pl.Expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return pl.lit(float(node.value))
    if isinstance(node, ast.Name):
        if node.id not in codes:
            raise ExpressionError(f"审核公式中的指标“{node.id}”未配置（可用：{'、'.join(sorted(codes))}）")
        return pl.col(node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_build(node.left, codes), _build(node.right, codes))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_build(node.operand, codes)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ~_build(node.operand, codes)
    if isinstance(node, ast.BoolOp):
        parts = [_build(v, codes) for v in node.values]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part if isinstance(node.op, ast.And) else combined | part
        return combined
    if isinstance(node, ast.Compare):
        left, result = _build(node.left, codes), None
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _COMPARE:
                break
            right = _build(comparator, codes)
            step = _COMPARE[type(op)](left, right)
            result = step if result is None else result & step
            left = right
        else:
            assert result is not None
            return result
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "abs" and len(node.args) == 1:
        return _build(node.args[0], codes).abs()
    raise ExpressionError(
        f"审核公式中不允许“{ast.unparse(node)}”：只能用指标代码、数字、+ - * /、比较、and/or/not、abs()"
    )
