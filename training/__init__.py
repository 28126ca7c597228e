"""Build tools, outside the runtime package: the character NER (``training.ner``) and the
word segmentation model (``training.segment``, ``training.install_model``).

Nothing in ``kg`` imports this package; it runs from a checkout of the project.
"""
