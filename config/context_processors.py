from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str | bool]:
    """The publisher's name and canonical origin, for page titles, footers and meta tags;
    whether a forgotten password can be reset by e-mail here."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "PASSWORD_RESET": bool(settings.EMAIL_HOST),
    }
