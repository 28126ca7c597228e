"""Text: the matching view of a document (cleaning, site chrome, script, structure, numerals)."""
