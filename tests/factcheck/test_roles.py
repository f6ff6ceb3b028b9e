"""The newsroom's roles: groups from the migration, and the demo accounts command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck import roles

pytestmark = pytest.mark.django_db


def group_permissions(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_migration_creates_the_groups_with_the_roles_permissions():
    assert group_permissions(roles.EDITORS) == set(roles.EDITOR_PERMISSIONS)
    assert group_permissions(roles.APPROVERS) == set(roles.APPROVER_PERMISSIONS)


def test_approvers_may_publish_and_editors_may_not():
    assert roles.PUBLISH_VERDICT in roles.APPROVER_PERMISSIONS
    assert roles.PUBLISH_VERDICT not in roles.EDITOR_PERMISSIONS
    assert set(roles.EDITOR_PERMISSIONS) < set(roles.APPROVER_PERMISSIONS)


def test_editors_may_begin_a_correction_and_only_approvers_may_withdraw():
    assert set(roles.CAN_CORRECT) <= set(roles.EDITOR_PERMISSIONS)
    assert not set(roles.CAN_WITHDRAW) <= set(roles.EDITOR_PERMISSIONS)
    assert set(roles.CAN_WITHDRAW) <= set(roles.APPROVER_PERMISSIONS)


def test_sync_roles_restores_missing_groups_and_permissions():
    Group.objects.filter(name=roles.EDITORS).delete()
    Group.objects.get(name=roles.APPROVERS).permissions.clear()
    roles.sync_roles()
    assert group_permissions(roles.EDITORS) == set(roles.EDITOR_PERMISSIONS)
    assert group_permissions(roles.APPROVERS) == set(roles.APPROVER_PERMISSIONS)


def test_demo_users_are_created_with_their_roles_and_printed_passwords(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    users = get_user_model().objects
    editor, approver = users.get(username="demo-editor"), users.get(username="demo-approver")
    assert editor.has_perm(roles.DRAFT_VERDICT) and not editor.has_perm(roles.PUBLISH_VERDICT)
    assert approver.has_perm(roles.PUBLISH_VERDICT)
    assert not (editor.is_staff or approver.is_staff)
    passwords = dict(
        (line.split()[0], line.split()[-1])
        for line in out.getvalue().splitlines()
        if line.startswith("  demo-")
    )
    assert editor.check_password(passwords["demo-editor"])
    assert approver.check_password(passwords["demo-approver"])


def test_running_the_demo_command_again_resets_the_passwords(settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())
    first = get_user_model().objects.get(username="demo-editor").password
    call_command("create_demo_users", stdout=io.StringIO())
    assert get_user_model().objects.get(username="demo-editor").password != first
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 2


def test_the_demo_command_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("create_demo_users", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
