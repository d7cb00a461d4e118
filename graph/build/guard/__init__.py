"""Guard: the folder a build writes, checked before any text is read, locked while a build runs, recovered after a crash and cleared of its leftovers."""
