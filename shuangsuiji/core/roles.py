"""The roles a user can hold inside a bureau (a user may hold several)."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    COORDINATOR = "coordinator", "法制室（统筹协调）"
    SPECIALIST = "specialist", "专业股室"
    INSPECTOR = "inspector", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核"
    LEADER = "leader", "局领导"
