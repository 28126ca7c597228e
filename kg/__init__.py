"""policykg: Chinese policy documents into a knowledge graph of policy entities.

The package is layered so that data flows one way::

    kg.read  ->  kg.clean  ->  kg.structure  ->  kg.nlp / kg.extract  ->  kg.graph  ->  loaders
                                                                                   ->  kg.query, kg.view

Importing ``kg`` is cheap: spaCy and the NLP models load only when extraction runs.
"""
__version__ = "0.1.0"
