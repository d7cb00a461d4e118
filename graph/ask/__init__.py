"""Ask: named queries, name resolution, lookups and entity cards over a built store; returns data, never text."""
