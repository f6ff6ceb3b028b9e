"""The plumbing every view shares: htmx (page or fragment), keyset pagination, and the
JSON and CSV responses. No models, no domain: the apps build on it, it builds on Django."""
