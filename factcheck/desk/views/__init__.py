"""The editors' desk, a module for each job: the queue, claims, verdicts, review,
corrections and sources. Views parse the request, call a service or a query, and render.

Every view checks permissions itself (`desk_permission_required`), HTMX or not. HTMX only
changes which fragment of the page's own template is rendered; every form also works as a
plain page. Invalid input is answered 422 with the errors beside the fields, a save that
lost a race 409, a bad query string 400; nothing is written in any of those cases.
"""
