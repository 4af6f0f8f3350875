"""The shape of a finding and the helpers every rule uses to build one with its Chinese explanation."""

from __future__ import annotations

import polars as pl

FINDING_SCHEMA = pl.Schema(
    {
        "unit_id": pl.Int64(),
        "period_index": pl.Int64(),
        "indicator": pl.String(),
        "rule": pl.String(),
        "value": pl.Float64(),
        "reference": pl.Float64(),
        "magnitude": pl.Float64(),
        "explanation": pl.String(),
        "region": pl.String(),
        "base": pl.Float64(),
    }
)
SIZE_NAMES = {"L": "大型", "M": "中型", "S": "小型", "XS": "微型", "": "未划型"}


def fmt_num(expr: pl.Expr) -> pl.Expr:
    return expr.round(2).cast(pl.String)


def explain(template: str, *parts: str | pl.Expr) -> pl.Expr:
    """Fill each `{}` of the template with a plain string or a column expression (null shows as —)."""
    pieces = template.split("{}")
    assert len(pieces) == len(parts) + 1, template
    exprs: list[pl.Expr] = [pl.lit(pieces[0])]
    for part, piece in zip(parts, pieces[1:], strict=True):
        exprs.append(pl.lit(part) if isinstance(part, str) else part.cast(pl.String).fill_null("—"))
        exprs.append(pl.lit(piece))
    return pl.concat_str(exprs)


def fmt_pct(expr: pl.Expr) -> pl.Expr:
    return (expr * 100).round(1).cast(pl.String) + pl.lit("%")


def make_finding(
    frame: pl.DataFrame,
    rule: str,
    indicator: str | pl.Expr,
    value: pl.Expr,
    reference: pl.Expr,
    magnitude: pl.Expr,
    explanation: pl.Expr,
) -> pl.DataFrame:
    if frame.height == 0:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    return frame.select(
        pl.col("unit_id").cast(pl.Int64),
        pl.col("period_index").cast(pl.Int64),
        (pl.lit(indicator) if isinstance(indicator, str) else indicator).cast(pl.String).alias("indicator"),
        pl.lit(rule).alias("rule"),
        value.cast(pl.Float64).alias("value"),
        reference.cast(pl.Float64).alias("reference"),
        magnitude.cast(pl.Float64).fill_null(0).alias("magnitude"),
        explanation.alias("explanation"),
        (pl.col("region") if "region" in frame.columns else pl.lit(None)).cast(pl.String).alias("region"),
        (pl.col(indicator).abs() if isinstance(indicator, str) and indicator in frame.columns else pl.lit(None))
        .cast(pl.Float64)
        .alias("base"),
    )


def concat_findings(parts: list[pl.DataFrame]) -> pl.DataFrame:
    parts = [p for p in parts if p.height]
    return pl.concat([p.cast(FINDING_SCHEMA) for p in parts]) if parts else pl.DataFrame(schema=FINDING_SCHEMA)
