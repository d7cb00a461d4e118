"""Read: files (.txt, .md, .html) to Documents of text blocks with offsets into the original file; front matter, boilerplate, lists and tables; the bundled seeds."""
