"""The spaCy side of policykg: the pipeline factory and its components.

Only extraction imports this package; the query, view and loader side never does.
"""
