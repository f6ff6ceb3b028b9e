"""Imported interviews wait on the desk until an approver publishes them; the text is
hashed so the same one is not imported twice; a passage keeps its timestamp.

Interviews already here were public, so they count as published when they were created.
The roles gain importing (Editors) and publishing interviews (Approvers): a frozen copy of
what factcheck.roles adds, as 0002 explains.
"""

import hashlib

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.conf import settings
from django.db import migrations, models


ROLE_ADDITIONS = {
    "Editors": ["add_transcript"],
    "Approvers": ["add_transcript", "publish_transcript"],
}


def publish_and_hash(apps, schema_editor):
    Transcript = apps.get_model("factcheck", "Transcript")
    for transcript in Transcript.objects.all():
        # factcheck.transcripts.content_hash, frozen: the text as stored, LF line ends.
        text = transcript.text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        transcript.content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        transcript.site_published_at = transcript.created_at
        transcript.save(update_fields=["content_hash", "site_published_at"])


def grant_roles(apps, schema_editor):
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_ADDITIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="factcheck", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0003_source_link_check"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="transcript",
            options={
                "ordering": ["-interview_date", "title"],
                "permissions": [
                    ("publish_transcript", "Can publish an interview someone else imported")
                ],
            },
        ),
        migrations.AddField(
            model_name="action",
            name="transcript",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="factcheck.transcript",
            ),
        ),
        migrations.AddField(
            model_name="passage",
            name="timestamp",
            field=models.CharField(
                blank=True,
                help_text="Where the recording is, as h:mm:ss (“00:12:34”).",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="transcript",
            name="content_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="transcript",
            name="imported_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="transcript",
            name="site_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="published on this site"
            ),
        ),
        migrations.AddField(
            model_name="transcript",
            name="site_published_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="action",
            name="verb",
            field=models.CharField(
                choices=[
                    ("imported", "imported"),
                    ("made_public", "published the interview"),
                    ("claim_created", "created the claim"),
                    ("drafted", "drafted a verdict"),
                    ("edited", "edited the draft"),
                    ("submitted", "submitted for review"),
                    ("returned", "sent back"),
                    ("published", "published"),
                    ("corrected", "corrected"),
                    ("withdrawn", "withdrew the verdict"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(publish_and_hash, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="transcript",
            constraint=models.UniqueConstraint(
                fields=("content_hash",), name="transcript_text_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="transcript",
            constraint=models.UniqueConstraint(
                condition=models.Q(("url", ""), _negated=True),
                fields=("url",),
                name="transcript_url_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="transcript",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("imported_by__isnull", True),
                    ("site_published_by__isnull", True),
                    models.Q(("site_published_by", models.F("imported_by")), _negated=True),
                    _connector="OR",
                ),
                name="transcript_publisher_is_not_importer",
            ),
        ),
    ]
