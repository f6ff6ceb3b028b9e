"""The editors' desk: the queue, claims from transcript words, verdicts, review, corrections."""
