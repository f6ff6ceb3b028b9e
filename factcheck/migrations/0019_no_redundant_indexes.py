"""Drop the indexes that another index already leads with: a quote's links by mention_unique
(quote, event), an interview's quotes by quote_span_unique (transcript, start, end), a
claim's verdicts by verdict_claim_status (claim, status). Each insert then writes one index
fewer, and PostgreSQL's planner weighs one fewer path.

The index alone is dropped (SeparateDatabaseAndState): an AlterField would make SQLite copy
each table into a new one, losing the triggers that keep the full-text index and the links'
copies of their events' dates in step (kit/checks.py)."""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = {
    # index: (table, column)
    "factcheck_mention_quote_id_5cbfe761": ("factcheck_mention", "quote_id"),
    "factcheck_quote_transcript_id_e183dbbf": ("factcheck_quote", "transcript_id"),
    "factcheck_verdict_claim_id_459db9df": ("factcheck_verdict", "claim_id"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0018_speaker_by_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("{column}")',
                )
                for index, (table, column) in DROPPED.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="mention",
                    name="quote",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="factcheck.quote",
                    ),
                ),
                migrations.AlterField(
                    model_name="quote",
                    name="transcript",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="quotes",
                        to="factcheck.transcript",
                    ),
                ),
                migrations.AlterField(
                    model_name="verdict",
                    name="claim",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="verdicts",
                        to="factcheck.claim",
                    ),
                ),
            ],
        ),
    ]
