"""Create (or reset) one demo editor and one demo approver, for trying the desk out.

Refuses to run in production (DEBUG off): demo accounts with passwords printed to a console
have no place there.
"""

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from factcheck import roles

DEMO_USERS = (("demo-editor", roles.EDITORS), ("demo-approver", roles.APPROVERS))


class Command(BaseCommand):
    help = (
        "Create or reset the demo-editor and demo-approver accounts with new random passwords, "
        "printed here. Development only (DEBUG on)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off: this looks like production."
            )
        User = get_user_model()
        with transaction.atomic():
            groups = roles.sync_roles()
            accounts = []
            for username, role in DEMO_USERS:
                user, _ = User.objects.get_or_create(username=username)
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.is_active = True
                user.is_staff = user.is_superuser = False
                user.save()
                user.groups.set([groups[role]])
                accounts.append((username, role, password))
        self.stdout.write("Demo accounts for the desk (log in at /accounts/login/):")
        for username, role, password in accounts:
            self.stdout.write(f"  {username:<14} {role:<10} password: {password}")
