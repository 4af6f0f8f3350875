"""The case pages: `pages` (board, new case, the case, calculator), `steps` (the step forms of the case page),
`configuration` (案件设置 and 裁量基准)."""
