"""Column definitions and row validation for the 一单两库 imports (units, inspectors, items)."""
