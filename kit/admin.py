"""The admin's writes retire readers' cached pages, as the services' do (kit.cache), and
what an admin types is held to what the desk's fields take (kit.validators)."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from kit.cache import bump_data_version
from kit.forms import SearchField
from kit.validators import typed


class RecordAdmin(admin.ModelAdmin):
    """A ModelAdmin for something readers see: every save or delete bumps the data version,
    and a typed text refuses control and direction characters, as on the desk (line ends
    only in a text of several lines). `raw_text_fields` are checked otherwise (a
    transcript's text, whose own check reads form feeds as line ends)."""

    raw_text_fields: tuple[str, ...] = ()

    class Media:
        css = {"all": ["css/admin.css"]}  # the lists' title column: static/css/admin.css

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        check = typed(db_field) if db_field.name not in self.raw_text_fields else None
        if field is not None and check is not None and check not in field.validators:
            field.validators.append(check)
        return field

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump_data_version()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        bump_data_version()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        bump_data_version()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        super().delete_queryset(request, queryset)
        bump_data_version()


class DateColumn:
    """A list column for a stored date's label (`date_label`), sorted by the date it names
    (`date_lower`): a column named date_label sorts by the field's text ("1 April 2014",
    "1 June 2024", "1 May 2023"), as Django orders by a field of the column's name first."""

    @admin.display(ordering="date_lower", description="date")
    def dated(self, obj: Any) -> str:
        return obj.date_label


class IndexedSearch:
    """The list's search (and its autocompletes') read from the model's full-text index
    (kit.fulltext) by `indexed_search`, rather than Django's `icontains` over
    `search_fields`, which reads every row: the same words, in any order, as the desk and
    the pages find. A search of no words, or only words too common to search by, finds
    nothing and the list says why. `search_fields` stays set: it shows the search box."""

    def indexed_search(self, queryset: QuerySet, text: str) -> QuerySet:
        raise NotImplementedError

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        if not search_term.strip():
            return queryset, False
        try:
            SearchField().clean(search_term)
        except ValidationError as error:
            match = request.resolver_match
            listing = bool(match and match.url_name and match.url_name.endswith("changelist"))
            # Said once, though the list asks again for each filter's counts (facets).
            if listing and not getattr(request, "_search_refused", False):
                request._search_refused = True  # type: ignore[attr-defined]
                messages.warning(request, " ".join(error.messages))
            return queryset.none(), False
        return self.indexed_search(queryset, search_term), False
