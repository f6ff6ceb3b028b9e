"""A check, run by `manage.py check --database default` (and so by `./dev test`, CI and a
deploy), that every claim readers have seen a verdict on is public by its own column.

Claim.objects.public() reads Claim.first_published_at, which the publication services keep.
A verdict published by code from before the column (a server not yet restarted while a
deploy migrates) leaves it empty, and readers stop seeing that claim: this names them, and
`manage.py record_first_publications` fills them in."""

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections

from factcheck.models import Claim, Verdict


@register(Tags.database)
def claims_public_by_their_column(databases=None, **kwargs) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for alias in databases or ():
        if Claim._meta.db_table not in connections[alias].introspection.table_names():
            continue  # not migrated yet
        unrecorded = (
            Claim.objects.using(alias)
            .filter(first_published_at__isnull=True, verdicts__status__in=Verdict.PUBLIC_STATUSES)
            .values("pk")
            .distinct()
            .count()
        )
        if unrecorded:
            problems.append(
                Error(
                    f"{unrecorded} claim{'s' if unrecorded != 1 else ''} with a public verdict "
                    f"in the database “{alias}” {'are' if unrecorded != 1 else 'is'} not "
                    "public: first_published_at is empty, so readers no longer see "
                    f"{'them' if unrecorded != 1 else 'it'}.",
                    hint="Run `manage.py record_first_publications`, which fills it from each "
                    "claim's first public verdict.",
                    id="factcheck.E001",
                )
            )
    return problems
