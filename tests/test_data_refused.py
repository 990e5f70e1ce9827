"""Bad input is refused with a message naming file, row, column and rule: the cases of
tests/test_data.py (BAD_INPUTS), run from their own file so that the quick set's two
workers share them (the workers take a file each)."""

from __future__ import annotations

import re

import pytest

from bao_cao.data.validate import validate

from test_data import BAD_INPUTS


def test_there_are_at_least_twenty_distinct_bad_inputs():
    assert len(BAD_INPUTS) >= 20


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_message_naming_file_row_column_and_rule(data_copy, case):
    corrupt, expected = BAD_INPUTS[case]
    corrupt(data_copy)
    messages = "\n".join(str(problem) for problem in validate(data_copy))
    assert re.search(expected, messages), messages
