"""Create one demo editor and one demo approver, for trying the desk out.

An account that already exists keeps its password, so running this on every `./dev serve`
logs nobody out; `--reset` gives both accounts new passwords and their demo roles again.

Refuses to run in production (DEBUG off): demo accounts with passwords printed to a console
have no place there.
"""

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from factcheck import roles

DEMO_USERS = (("demo-editor", roles.EDITORS), ("demo-approver", roles.APPROVERS))


class Command(BaseCommand):
    help = (
        "Create the demo-editor and demo-approver accounts if they are missing, with random "
        "passwords printed here; --reset gives existing ones new passwords. Development only "
        "(DEBUG on)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Give existing demo accounts new passwords (this logs them out) and their roles.",
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off: this looks like production."
            )
        User = get_user_model()
        with transaction.atomic():
            groups = roles.sync_roles()
            accounts: list[tuple[str, str, str | None]] = []  # None: the password is kept
            for username, role in DEMO_USERS:
                user, created = User.objects.get_or_create(username=username)
                if not (created or reset):
                    accounts.append((username, role, None))
                    continue
                new_password = secrets.token_urlsafe(12)
                user.set_password(new_password)
                user.is_active = True
                user.is_staff = user.is_superuser = False
                user.save()
                user.groups.set([groups[role]])
                accounts.append((username, role, new_password))
        self.stdout.write("Demo accounts for the desk (log in at /accounts/login/):")
        for username, role, password in accounts:
            if password is None:
                self.stdout.write(f"  {username:<14} {role:<10} exists, password unchanged")
            else:
                self.stdout.write(f"  {username:<14} {role:<10} password: {password}")
        if any(password is None for _, _, password in accounts):
            self.stdout.write(
                "To give them new passwords (which logs them out): "
                ".venv/bin/python manage.py create_demo_users --reset"
            )
