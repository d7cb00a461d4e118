"""CLI: click commands that parse options, call one library function each and format its result."""
