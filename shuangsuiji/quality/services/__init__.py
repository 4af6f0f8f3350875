"""Writes of data-quality monitoring: indicators and rule settings, imports, rule runs, reviews, register comparison."""
