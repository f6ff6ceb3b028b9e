"""Create the newsroom's role groups, Editors and Approvers, with their permissions.

A frozen copy of factcheck.roles.ROLES as it stood when this migration was written; a
later change to the roles needs a migration of its own.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "view_transcript",
    "view_passage",
    "view_speaker",
    "view_quote",
    "add_quote",
    "view_claim",
    "add_claim",
    "view_ratingscale",
    "view_ratinglevel",
    "view_verdict",
    "add_verdict",
    "change_verdict",
    "correct_verdict",
    "view_evidence",
    "add_evidence",
    "change_evidence",
    "delete_evidence",
    "view_source",
    "add_source",
    "view_correction",
    "view_action",
]
ROLES = {
    "Editors": EDITOR_PERMISSIONS,
    "Approvers": [*EDITOR_PERMISSIONS, "publish_verdict"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after the whole migrate run (post_migrate); create
    # factcheck's now so the groups can be given them on a fresh database.
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="factcheck", codename__in=codenames
        )
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("factcheck", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
