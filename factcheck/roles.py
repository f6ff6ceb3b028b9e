"""The newsroom's roles as Django groups, and the permissions the desk checks.

Editors turn quotes into claims, draft verdicts and submit them; they may also begin a
correction of a published verdict, which then goes through the same review. Approvers are
editors who may also publish, and withdraw a published verdict. Admins are superusers and
manage the rest in Django admin. The groups are created by the migration
`0002_editor_and_approver_groups` (a frozen copy of this table) and kept in step by
`sync_roles()`, which `create_demo_users` runs so a flushed database still has them.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
APPROVERS = "Approvers"

# What each check on the desk asks for (views and services use these names).
VIEW_DESK = "factcheck.view_verdict"
CREATE_CLAIM = ("factcheck.add_quote", "factcheck.add_claim")
DRAFT_VERDICT = "factcheck.add_verdict"
EDIT_VERDICT = "factcheck.change_verdict"
PUBLISH_VERDICT = "factcheck.publish_verdict"
CORRECT_VERDICT = "factcheck.correct_verdict"
FIND_SOURCES = "factcheck.view_source"
ADD_SOURCE = "factcheck.add_source"
IMPORT_TRANSCRIPT = "factcheck.add_transcript"
PUBLISH_TRANSCRIPT = "factcheck.publish_transcript"
READ_REPORTS = "factcheck.view_errorreport"  # readers' reports of errors
CLOSE_REPORT = "factcheck.change_errorreport"
# Acts that need more than one permission, all of them. The desk's views, the buttons its
# pages offer and the services check these same tuples.
CAN_CORRECT = (CORRECT_VERDICT, DRAFT_VERDICT)  # begin a correction: a new draft
CAN_WITHDRAW = (CORRECT_VERDICT, PUBLISH_VERDICT)  # it changes what readers see at once

EDITOR_PERMISSIONS = (
    "factcheck.view_transcript",
    "factcheck.add_transcript",
    "factcheck.view_passage",
    "factcheck.view_speaker",
    "factcheck.view_quote",
    "factcheck.add_quote",
    "factcheck.view_claim",
    "factcheck.add_claim",
    "factcheck.view_ratingscale",
    "factcheck.view_ratinglevel",
    "factcheck.view_verdict",
    "factcheck.add_verdict",
    "factcheck.change_verdict",
    "factcheck.correct_verdict",
    "factcheck.view_evidence",
    "factcheck.add_evidence",
    "factcheck.change_evidence",
    "factcheck.delete_evidence",
    "factcheck.view_source",
    "factcheck.add_source",
    "factcheck.view_correction",
    "factcheck.view_action",
    READ_REPORTS,
    CLOSE_REPORT,
)
APPROVER_PERMISSIONS = (*EDITOR_PERMISSIONS, "factcheck.publish_verdict", PUBLISH_TRANSCRIPT)

ROLES = {EDITORS: EDITOR_PERMISSIONS, APPROVERS: APPROVER_PERMISSIONS}


def permissions_named(names: tuple[str, ...], permission_model=Permission) -> list:
    """The Permission rows for "app_label.codename" names; every one must exist."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = [
        permission
        for permission in permission_model.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        ).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    if len(found) != len(wanted):
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        raise LookupError(f"Permissions not found (run migrate first): {sorted(missing)}")
    return found


def sync_roles() -> dict[str, Group]:
    """Create the role groups if missing and give each exactly its permissions."""
    groups = {}
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_named(permissions))
        groups[name] = group
    return groups
