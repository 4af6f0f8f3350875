"""demo, serve, migrate, createuser and manage."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

from shuangsuiji.cli.base import CliError, setup_django, usage_error


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="migrate, load the demo county, print the logins and serve the site")
    demo.add_argument("--no-serve", action="store_true", help="load the demo data and exit")
    demo.add_argument(
        "--size",
        choices=["county", "province"],
        default="county",
        help="county: 阳城县 with ~2,000 units (default); province: 山西省 with ~1,000,000 units",
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(func=cmd_demo)

    serve = subparsers.add_parser("serve", help="serve the site with gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(func=cmd_serve)

    migrate = subparsers.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(func=cmd_migrate)

    user = subparsers.add_parser("createuser", help="create a login in a bureau with its roles")
    user.add_argument("--username", required=True)
    user.add_argument("--bureau", required=True, metavar="CODE", help="6-digit code of the user's bureau")
    user.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="ROLE",
        help="admin, coordinator, specialist, inspector, legal_reviewer, leader (repeatable)",
    )
    user.add_argument("--name", default="", help="display name (姓名)")
    user.add_argument("--department", default="", help="department name inside the bureau")
    user.add_argument("--password", default=None, help="default: $SHUANGSUIJI_PASSWORD or a prompt")
    user.add_argument("--superuser", action="store_true")
    user.set_defaults(func=cmd_createuser)

    manage = subparsers.add_parser("manage", help="pass the rest of the line to Django's manage.py", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=lambda args: run_manage(args.rest))


def run_manage(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["shuangsuiji manage", *argv])
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("SHUANGSUIJI_SECURE_COOKIES", "0")
    setup_django()
    from django.core.management import call_command

    from shuangsuiji.demo.loader import DEMO_PASSWORD, load_demo

    call_command("migrate", interactive=False, verbosity=0)
    print("migrated the database", file=sys.stderr)
    logins = load_demo(size=args.size, echo=lambda m: print(m, file=sys.stderr))
    print(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, role_label, bureau in logins:
        print(f"  {username:<14} {role_label:<14} {bureau}")
    print()
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, workers=2)


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    return _serve(args.host, args.port, workers=args.workers)


def _serve(host: str, port: int, workers: int) -> int:
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"serving http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--timeout",
        "120",
        "--access-logfile",
        "-",
        "--chdir",
        str(settings.BASE_DIR),
    ]
    try:
        return subprocess.call(command, env=os.environ.copy())
    except KeyboardInterrupt:
        return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from shuangsuiji.accounts.services import create_user
    from shuangsuiji.core.roles import Role
    from shuangsuiji.organisations.models import Department
    from shuangsuiji.organisations.selectors import bureau_by_code

    bureau = bureau_by_code(args.bureau)
    if bureau is None:
        raise usage_error(f"no bureau with code {args.bureau!r}")
    roles = []
    by_label = {r.label: r for r in Role}
    for raw in args.role:
        if raw in Role.values:
            roles.append(Role(raw))
        elif raw in by_label:
            roles.append(by_label[raw])
        else:
            raise usage_error(f"unknown role {raw!r}; choose from {', '.join(Role.values)}")
    if not roles and not args.superuser:
        raise usage_error("give at least one --role")
    department = None
    if args.department:
        department = Department.objects.filter(bureau=bureau, name=args.department).first()
        if department is None:
            raise usage_error(f"no department {args.department!r} in {bureau.name}")
    password = args.password or os.environ.get("SHUANGSUIJI_PASSWORD")
    if not password:
        import getpass

        password = getpass.getpass("password: ")
    try:
        user = create_user(
            actor=None,
            username=args.username,
            password=password,
            bureau=bureau,
            roles=roles,
            display_name=args.name,
            department=department,
        )
    except ValidationError as exc:
        raise CliError("; ".join(exc.messages)) from None
    if args.superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    print(f"created user {user.username} in {bureau.name} with roles {', '.join(r.label for r in roles) or '—'}")
    return 0
