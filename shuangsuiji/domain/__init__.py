"""Pure-Python rules of the platform: no Django, no database, no app imports (checked by import-linter)."""
