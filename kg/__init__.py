"""policykg: Chinese policy documents into a knowledge graph of policy entities.

The package is layered so that data flows one way::

    kg.read  ->  kg.text.clean  ->  kg.text.structure  ->  kg.nlp / kg.extract.document  ->  kg.graph.model  ->  loaders
                                                                                   ->  kg.questions.query, kg.questions.view

Importing ``kg`` is cheap: spaCy and the NLP models load only when extraction runs.
"""
__version__ = "0.1.0"
