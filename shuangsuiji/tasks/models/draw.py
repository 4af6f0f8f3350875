"""摇号 (DSR-1) in the platform: the ceremony states, the drawn and directed targets, the inspector groups and
their assignment, and the substitutions made after confirmation (draw-spec §3, §6, §7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

LIVE_DRAW_STATUSES = ["prepared", "committed", "revealed", "confirmed"]


class Draw(models.Model):
    """One draw of a task: prepared → committed → revealed → confirmed. Never re-rolled: a failed ceremony is
    cancelled (kept on record) and a new draw is committed with a new draw id."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "已准备"
        COMMITTED = "committed", "已公告承诺"
        REVEALED = "revealed", "已揭晓"
        CONFIRMED = "confirmed", "已确认"
        CANCELLED = "cancelled", "已作废"

    task = models.ForeignKey("tasks.Task", on_delete=models.PROTECT, related_name="draws")
    draw_id = models.CharField("摇号编号", max_length=64, unique=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PREPARED)
    params = models.JSONField("参数", default=dict, blank=True)
    params_sha256 = models.CharField(max_length=64, blank=True)
    frame_file = models.CharField(max_length=255, blank=True)
    frame_sha256 = models.CharField(max_length=64, blank=True)
    frame_count = models.PositiveIntegerField(default=0)
    strata_counts = models.JSONField("各层单位数", default=dict, blank=True)
    excluded_file = models.CharField(max_length=255, blank=True)
    excluded_count = models.PositiveIntegerField(default=0)
    excluded_summary = models.JSONField("排除原因统计", default=dict, blank=True)
    inspector_pool = models.JSONField("检查人员库（执法证号）", default=list, blank=True)
    inspector_pool_sha256 = models.CharField(max_length=64, blank=True)
    partner_pools = models.JSONField("联合部门检查人员库", default=dict, blank=True)
    conflicts_file = models.CharField(max_length=255, blank=True)
    conflicts_count = models.PositiveIntegerField(default=0)
    conflicts_sha256 = models.CharField(max_length=64, blank=True)
    seed_recipe = models.TextField("随机数来源说明", blank=True)
    ceremony_at = models.DateTimeField("摇号时间", null=True, blank=True)
    ceremony_place = models.CharField("摇号地点", max_length=200, blank=True)
    software_version = models.CharField(max_length=40, blank=True)
    prepared_at = models.DateTimeField(auto_now_add=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seed_inputs = models.JSONField("公开随机数", default=dict, blank=True)
    witnesses = models.JSONField("见证人", default=list, blank=True)
    seed_string = models.TextField(blank=True)
    seed_sha256 = models.CharField(max_length=64, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_file = models.CharField(max_length=255, blank=True)
    result_sha256 = models.CharField(max_length=64, blank=True)
    checks = models.JSONField("验收检查", default=dict, blank=True)
    coordinator_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinator_confirmed_at = models.DateTimeField(null=True, blank=True)
    leader_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader_confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField("作废原因", max_length=300, blank=True)

    class Meta:
        ordering = ["-prepared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(status__in=LIVE_DRAW_STATUSES), name="draw_one_live_per_task"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["prepared", "committed", "cancelled"])
                | (~models.Q(seed_sha256="") & ~models.Q(result_sha256="")),
                name="draw_revealed_has_seed_and_result",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed")
                | models.Q(leader_confirmed_at__isnull=False, coordinator_confirmed_at__isnull=False),
                name="draw_confirmed_by_both",
            ),
        ]

    def __str__(self) -> str:
        return self.draw_id


class Group(models.Model):
    """检查组: at least k inspectors formed by ticket order (spec §7); partner departments have their own groups."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="groups")
    index = models.PositiveSmallIntegerField("组号（从0起）")
    department_code = models.CharField("部门代码（联合抽查）", max_length=32, blank=True)
    department_label = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["draw_id", "department_code", "index"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "department_code", "index"], name="group_unique_index"),
        ]

    def __str__(self) -> str:
        return f"第{self.index + 1}组"


class GroupMember(models.Model):
    """An inspector in a group; a replaced member stays on record (is_active False) next to the substitute."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    inspector = models.ForeignKey(
        "inspectors.Inspector", null=True, blank=True, on_delete=models.PROTECT, related_name="group_memberships"
    )
    inspector_code = models.CharField("执法证号", max_length=32)
    inspector_name = models.CharField("姓名", max_length=50, blank=True)
    position = models.PositiveIntegerField("签号顺序")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group_id", "position"]

    def __str__(self) -> str:
        return self.inspector_name or self.inspector_code


class Target(models.Model):
    """A unit a task will inspect: drawn at random (with its ticket), a reserve, or directed (定向, with a reason)."""

    class Kind(models.TextChoices):
        RANDOM = "random", "随机抽取"
        RESERVE = "reserve", "备选"
        DIRECTED = "directed", "定向"

    class State(models.TextChoices):
        ACTIVE = "active", "有效"
        STANDBY = "standby", "备选未启用"
        SUBSTITUTED = "substituted", "已被替换"

    # No single-column indexes on task, draw and unit: target_task_kind_idx, target_once_per_draw and
    # target_unit_idx begin with them, and each index less makes the reveal of a big draw faster.
    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, related_name="targets", db_index=False)
    draw = models.ForeignKey(
        Draw, null=True, blank=True, on_delete=models.CASCADE, related_name="targets", db_index=False
    )
    # No database constraint on unit (decision 0007): checking it locks every drawn unit's row, which on a
    # province-wide reveal writes ~180 MB of WAL; units are never deleted and Django's PROTECT refuses it.
    unit = models.ForeignKey(
        "directory.Unit", on_delete=models.PROTECT, related_name="task_targets", db_index=False, db_constraint=False
    )
    bureau = models.ForeignKey("organisations.Bureau", on_delete=models.PROTECT, related_name="+")
    frame_id = models.CharField("抽样框编号", max_length=64)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.ACTIVE)
    stratum = models.CharField("层", max_length=120, blank=True)
    ticket = models.CharField("签号", max_length=90, blank=True)
    rank = models.PositiveIntegerField("层内顺序", null=True, blank=True)
    ticket_order = models.PositiveIntegerField("全部抽中对象中的签号顺序", null=True, blank=True)
    needs_manual_group = models.BooleanField("无可用检查组（需人工决定）", default=False)
    directed = models.OneToOneField(
        "tasks.DirectedTarget", null=True, blank=True, on_delete=models.CASCADE, related_name="target"
    )
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    substitution_reason = models.CharField("替换原因", max_length=300, blank=True)
    out_of_scope_reason = models.CharField(
        "发现不属于检查范围（注销、吊销、查无下落、迁出…）", max_length=300, blank=True
    )
    out_of_scope_reported_at = models.DateTimeField(null=True, blank=True)
    groups: models.ManyToManyField[Group, Assignment] = models.ManyToManyField(
        Group, through="Assignment", related_name="targets"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task_id", "kind", "ticket_order", "stratum", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "frame_id"], condition=models.Q(draw__isnull=False), name="target_once_per_draw"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "created_at"], name="target_unit_idx"),
            models.Index(fields=["task", "kind", "state"], name="target_task_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.frame_id}"

    @property
    def short_ticket(self) -> str:
        """Tickets are stored in full and shown with 18 digits after 0. (draw-spec §4)."""
        return self.ticket[:20]


class Assignment(models.Model):
    """Which group visits which target (the lead's group and, for joint tasks, each partner's group)."""

    # assignment_unique (target, group) serves the lookups by target.
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="assignments", db_index=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="assignments")
    is_manual = models.BooleanField("人工指派", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "group"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.target_id} → {self.group_id}"


class Substitution(models.Model):
    """A change after confirmation: a target replaced by its stratum's next reserve, or an inspector replaced by
    the spec's rule — approved, with a reason, appended to the draw record."""

    class Kind(models.TextChoices):
        TARGET = "target", "检查对象替换"
        INSPECTOR = "inspector", "检查人员调整"

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="substitutions")
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField("原因", max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["draw_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["draw", "seq"], name="substitution_unique_seq")]

    def __str__(self) -> str:
        return f"{self.draw_id}#{self.seq} {self.get_kind_display()}"
