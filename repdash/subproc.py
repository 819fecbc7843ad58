"""How repdash starts one of its own modules in a new interpreter (a served board, the org's signature helper).

`python -m MODULE` puts the working directory first on sys.path. A director or a manager may well
stand in the shared team folder when they run `repdash org .` or `repdash serve`, and anyone with
write access there could leave a `repdash/` folder in it to run their code as them. `-P` (Python
3.11) leaves the working directory out; repdash is imported from where it is installed.
"""

from __future__ import annotations

import sys


def module_argv(module: str, *args: str) -> list[str]:
    return [sys.executable, "-P", "-m", module, *args]
