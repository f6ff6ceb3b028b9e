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


def test_sync_roles_restores_missing_groups_and_permissions():
    Group.objects.filter(name=roles.EDITORS).delete()
    Group.objects.get(name=roles.APPROVERS).permissions.clear()
    roles.sync_roles()
    assert group_permissions(roles.EDITORS) == set(roles.EDITOR_PERMISSIONS)
    assert group_permissions(roles.APPROVERS) == set(roles.APPROVER_PERMISSIONS)


def printed_passwords(output: str) -> dict[str, str]:
    return {
        line.split()[0]: line.split()[-1]
        for line in output.splitlines()
        if line.startswith("  demo-") and "password:" in line
    }


def test_demo_users_are_created_with_their_roles_and_printed_passwords(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    users = get_user_model().objects
    editor, approver = users.get(username="demo-editor"), users.get(username="demo-approver")
    assert editor.has_perm(roles.DRAFT_VERDICT) and not editor.has_perm(roles.PUBLISH_VERDICT)
    assert approver.has_perm(roles.PUBLISH_VERDICT)
    assert not (editor.is_staff or approver.is_staff)
    passwords = printed_passwords(out.getvalue())
    assert editor.check_password(passwords["demo-editor"])
    assert approver.check_password(passwords["demo-approver"])


def test_running_the_demo_command_again_keeps_the_passwords(settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())
    demo_users = get_user_model().objects.filter(username__startswith="demo-")
    first = dict(demo_users.values_list("username", "password"))
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    assert dict(demo_users.values_list("username", "password")) == first
    assert printed_passwords(out.getvalue()) == {}
    assert "exists, password unchanged" in out.getvalue()
    assert "create_demo_users --reset" in out.getvalue()


def test_a_missing_demo_account_is_created_beside_one_that_exists(settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())
    get_user_model().objects.get(username="demo-approver").delete()
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    approver = get_user_model().objects.get(username="demo-approver")
    assert approver.has_perm(roles.PUBLISH_VERDICT)
    assert list(printed_passwords(out.getvalue())) == ["demo-approver"]
    assert approver.check_password(printed_passwords(out.getvalue())["demo-approver"])


def test_reset_gives_the_demo_accounts_new_passwords_and_their_roles_back(settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())
    editor = get_user_model().objects.get(username="demo-editor")
    first = editor.password
    editor.is_staff = True
    editor.save()
    editor.groups.clear()
    out = io.StringIO()
    call_command("create_demo_users", "--reset", stdout=out)
    editor = get_user_model().objects.get(username="demo-editor")
    assert editor.password != first
    assert editor.check_password(printed_passwords(out.getvalue())["demo-editor"])
    assert editor.has_perm(roles.DRAFT_VERDICT) and not editor.is_staff
    assert "--reset" not in out.getvalue()
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 2


@pytest.mark.parametrize("arguments", [[], ["--reset"]])
def test_the_demo_command_refuses_to_run_with_debug_off(settings, arguments):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("create_demo_users", *arguments, stdout=io.StringIO())
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
