"""Extraction: metadata, tasks and their units, targets, resolution; the extractor and its evaluation."""
