"""Which PyYAML loader may read a text: libyaml's, unless the text may nest too deep for it.

libyaml's composer (through PyYAML's C binding) recurses on the C stack and overflows it, a
segfault, on deep nesting (25,000 `[` do it). The pure-Python loader gives the same nodes and
its recursion is bounded by Python's (a RecursionError), so a text that *may* nest deeper than
MAX_NESTING goes to it: a cheap upper bound, found without parsing, decides.
"""

import re
from typing import Any

import yaml

MAX_NESTING = 256
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# what opens a block collection on a line before its content: indentation, `- ` and `? `
_BLOCK_PREFIX = re.compile(rb"^[ ?-]*", re.MULTILINE)


def nesting_bound(text: bytes | str) -> int:
    """At least the nesting depth of a YAML document.

    Flow collections open with `[` or `{`; block collections nest by indentation or by `- ` and
    `? ` before a line's content, at most two levels per character of that prefix.
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    flow = data.count(b"[") + data.count(b"{")
    block = max(map(len, _BLOCK_PREFIX.findall(data)), default=0)
    return flow + 2 * block + 2


def loader_for(text: bytes | str) -> Any:
    return FAST_LOADER if nesting_bound(text) <= MAX_NESTING else yaml.SafeLoader
