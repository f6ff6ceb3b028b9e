import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


# Pages that other parts of the site serve, and the path each is served at. Open-data
# outputs link to them through get_absolute_url(); where a URL name is not (yet) part of
# this checkout, the tests give the model the same path so the outputs can still be checked.
PAGE_URLS = {
    "factcheck:claim_detail": ("factcheck.models.Claim", "/claims/{slug}/"),
    "factcheck:transcript_detail": ("factcheck.models.Transcript", "/interviews/{slug}/"),
    "timeline:event_detail": ("timeline.models.Event", "/events/{slug}/"),
}


@pytest.fixture
def page_urls(monkeypatch):
    for name, (model_path, pattern) in PAGE_URLS.items():
        try:
            reverse(name, kwargs={"slug": "any"})
        except NoReverseMatch:
            model = import_string(model_path)
            monkeypatch.setattr(
                model,
                "get_absolute_url",
                lambda self, pattern=pattern: pattern.format(slug=self.slug),
            )
