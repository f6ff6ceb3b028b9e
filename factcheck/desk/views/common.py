"""What every view of the desk shares: post/redirect/get, and the page saying what went wrong."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from kit.htmx import HtmxHttpRequest, page_or_fragment


def see_other(url: str) -> HttpResponseRedirect:
    """Post/redirect/get: 303 tells the browser to GET the next page."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def problem(request: HtmxHttpRequest, message: str, status: int = 400) -> HttpResponse:
    """The desk's page (or, for htmx, its fragment) saying what went wrong."""
    template = page_or_fragment(request, "factcheck/desk/problem.html", "problem")
    return render(request, template, {"message": message}, status=status)
