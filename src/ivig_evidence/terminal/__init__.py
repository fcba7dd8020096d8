"""Tables laid out for a terminal: fitted to its width, colour that means something.

What ``gh`` and ``kubectl`` do for a list: each column gets a width (columns.py,
fit.py), ids, numbers and vocabulary words are never cut, prose longer than its
column's cap is cut at a word with an ellipsis, and a column marked wide-only appears
as soon as there is room for it (``--wide`` shows every column, uncut). When the
columns a table must show do not fit, each row becomes a record instead (records.py):
one block a row, its short fields on a line or two, its prose wrapped at words under a
label, blocks separated by a blank line, so nothing is cut at any width; table.py
chooses. A field/value view (``ivig show``) wraps its long values at words in the
table. Status words are coloured (style.py: contradicted and implausible red,
ambiguous and unconfirmed yellow, confirmed green); Rich drops the colour when
``NO_COLOR`` is set, and a pipe never gets this layout at all.

The names below are what the noun modules and the output take from here.
"""

from ivig_evidence.terminal.columns import SAMPLE_ROWS, Column, Kind
from ivig_evidence.terminal.fit import wrap
from ivig_evidence.terminal.records import record_table
from ivig_evidence.terminal.style import print_hidden, print_wrapped, without_trailing_spaces
from ivig_evidence.terminal.table import write_table

__all__ = [
    "SAMPLE_ROWS",
    "Column",
    "Kind",
    "print_hidden",
    "print_wrapped",
    "record_table",
    "without_trailing_spaces",
    "wrap",
    "write_table",
]
