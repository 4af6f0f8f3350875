"""Pages of tasks and draws."""
