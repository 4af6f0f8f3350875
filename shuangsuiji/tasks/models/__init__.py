"""Tasks, draws, targets, groups, substitutions and joint partners."""

from shuangsuiji.tasks.models.draw import Assignment, Draw, Group, GroupMember, Substitution, Target
from shuangsuiji.tasks.models.joint import JointPartner
from shuangsuiji.tasks.models.task import DirectedTarget, Task

__all__ = [
    "Assignment",
    "DirectedTarget",
    "Draw",
    "Group",
    "GroupMember",
    "JointPartner",
    "Substitution",
    "Target",
    "Task",
]
