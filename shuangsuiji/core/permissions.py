"""What each role may do. Views, API endpoints and CLI commands ask `has_perm`; the region scope (which bureaus'
data) is applied separately by selectors (organisations.selectors)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied

from shuangsuiji.core.roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class Perm(StrEnum):
    DIRECTORY_EDIT = "directory.edit"
    DIRECTORY_IMPORT = "directory.import"
    INSPECTORS_EDIT = "inspectors.edit"
    CATALOG_EDIT = "catalog.edit"
    USERS_MANAGE = "users.manage"
    ORGANISATION_EDIT = "organisations.edit"
    AUDIT_VIEW = "audit.view"
    PUBLICATION_VIEW = "publicity.view"
    PUBLICATION_MANAGE = "publicity.manage"
    PLAN_EDIT = "planning.edit"
    PLAN_APPROVE = "planning.approve"
    TASK_EDIT = "tasks.edit"
    DIRECTED_PROPOSE = "tasks.propose_directed"
    DRAW_RUN = "draws.run"
    DRAW_CONFIRM = "draws.confirm"
    SUBSTITUTION_APPROVE = "draws.approve_substitution"
    CALENDAR_EDIT = "deadlines.calendar_edit"
    DEADLINES_MANAGE = "deadlines.manage"
    INSPECTION_RECORD = "inspections.record"
    INSPECTION_REVIEW = "inspections.review"
    INSPECTION_VIEW = "inspections.view"
    CASE_VIEW = "cases.view"
    CASE_EDIT = "cases.edit"
    CASE_APPROVE = "cases.approve"
    CASE_REVIEW = "cases.review"
    CASE_CONFIGURE = "cases.configure"
    DOCUMENT_ISSUE = "documents.issue"
    QUALITY_VIEW = "quality.view"
    QUALITY_IMPORT = "quality.import"
    QUALITY_REVIEW = "quality.review"
    QUALITY_CONFIGURE = "quality.configure"


_ALL = frozenset(Role)
PERMISSIONS: dict[Perm, frozenset[Role]] = {
    Perm.DIRECTORY_EDIT: frozenset({Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST}),
    Perm.DIRECTORY_IMPORT: frozenset({Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST}),
    Perm.INSPECTORS_EDIT: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Perm.CATALOG_EDIT: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Perm.USERS_MANAGE: frozenset({Role.ADMIN}),
    Perm.ORGANISATION_EDIT: frozenset({Role.ADMIN}),
    Perm.AUDIT_VIEW: frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.LEGAL_REVIEWER}),
    Perm.PUBLICATION_VIEW: frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.LEGAL_REVIEWER}),
    Perm.PUBLICATION_MANAGE: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Perm.PLAN_EDIT: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Perm.PLAN_APPROVE: frozenset({Role.LEADER}),
    Perm.TASK_EDIT: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Perm.DIRECTED_PROPOSE: frozenset({Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST}),
    Perm.DRAW_RUN: frozenset({Role.COORDINATOR}),
    Perm.DRAW_CONFIRM: frozenset({Role.COORDINATOR, Role.LEADER}),
    Perm.SUBSTITUTION_APPROVE: frozenset({Role.LEADER}),
    Perm.CALENDAR_EDIT: frozenset({Role.ADMIN}),
    Perm.DEADLINES_MANAGE: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Perm.INSPECTION_RECORD: frozenset({Role.INSPECTOR, Role.COORDINATOR}),
    Perm.INSPECTION_REVIEW: frozenset({Role.COORDINATOR}),
    Perm.CASE_VIEW: frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.LEGAL_REVIEWER, Role.INSPECTOR}),
    Perm.CASE_EDIT: frozenset({Role.COORDINATOR, Role.INSPECTOR}),
    Perm.CASE_APPROVE: frozenset({Role.LEADER}),
    Perm.CASE_REVIEW: frozenset({Role.LEGAL_REVIEWER}),
    Perm.CASE_CONFIGURE: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Perm.INSPECTION_VIEW: frozenset(
        {Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.LEGAL_REVIEWER, Role.SPECIALIST, Role.INSPECTOR}
    ),
    Perm.DOCUMENT_ISSUE: frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR}),
    Perm.QUALITY_VIEW: frozenset({Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST, Role.LEADER}),
    Perm.QUALITY_IMPORT: frozenset({Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST}),
    Perm.QUALITY_REVIEW: frozenset({Role.COORDINATOR, Role.SPECIALIST}),
    Perm.QUALITY_CONFIGURE: frozenset({Role.ADMIN, Role.COORDINATOR}),
}


def has_perm(user: Any, perm: Perm) -> bool:
    """True when the user is active and holds one of the roles that grant `perm`."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user.role_set & PERMISSIONS[perm])


def has_role(user: Any, *roles: Role) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(user.role_set & set(roles))


def require_perm(perm: Perm) -> Callable[[_V], _V]:
    """View decorator: 403 unless the logged-in user holds `perm` (login is checked by the middleware)."""

    def decorator(view: _V) -> _V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_perm(request.user, perm):
                raise PermissionDenied(f"需要权限：{perm}")
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        return wrapper  # type: ignore[return-value]

    return decorator


_V = TypeVar("_V", bound=Callable[..., Any])
