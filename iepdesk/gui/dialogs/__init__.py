"""One dialog per module, each with a classmethod that returns its result."""
