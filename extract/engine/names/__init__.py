"""Names: cancer names the text builds from parts, before the noun ("uveal melanoma") or after it ("colorectal cancer with mismatch repair deficiency")."""
