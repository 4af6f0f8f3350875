"""Data-quality monitoring of reported figures: periods, indicators, row validation and the rule engine.

Pure Python plus Polars (columnar); nothing here imports Django or an app.
"""
