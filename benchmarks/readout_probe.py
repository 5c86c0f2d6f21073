"""Times one Word readout in a fresh process: ``readout_probe.py FILE.qrt OUT.docx`` prints JSON.

``benchmarks/run.py`` runs it as a child process, so the peak resident memory it reports
(this process's ``ru_maxrss``) is the readout's own: Python, the libraries, the open
roundtable and the document, not the benchmark's build of the large file. The time is
``write_readout`` alone, from reading the roundtable to the renamed .docx; imports and
opening the file are left out, as the app has done both before a readout starts.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from qroundtable.readout import write_readout
from qroundtable.roundtable import Roundtable


def main(argv: list[str]) -> int:
    db, out = Path(argv[1]), Path(argv[2])
    with Roundtable.open(db) as rt:
        start = time.perf_counter()
        write_readout(rt, out)
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": round(seconds, 3),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "docx_mb": round(out.stat().st_size / 2**20, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
