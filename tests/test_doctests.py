"""The examples in docstrings run: they are part of the documentation, so they must stay true."""
import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["kg.errors", "kg.questions.query", "kg.questions.export", "kg.text.clean", "kg.text.chars", "kg.read.docx_numbering", "kg.extract.targets", "kg.loaders.uri", "kg.extract.units", "kg.extract.tasks", "kg.text.unwrap", "kg.text.structure"])
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
