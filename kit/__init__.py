"""The plumbing every view shares: htmx (page or fragment), keyset pagination, the JSON and
CSV responses, whole numbers read from a request, and input refused at the edge. No models,
no domain: the apps build on it, it builds on Django."""
