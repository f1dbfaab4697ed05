"""micic-sim: migrants leaving a country in crisis, and the MICIC guidelines' levers."""

import os as _os

__version__ = "0.1.0"

# OpenMP threads (Numba's default threading layer) that reach a barrier first sleep at once
# instead of spinning (GNU OpenMP spins for about 300,000 iterations by default; Intel's for
# 200 ms). Spinning threads hold cores that the model's other thread, or other processes,
# need: on a loaded 2-core machine a two-thread run took 12-17x longer than one thread with
# spinning, and about as long as one thread with passive waits (benchmarks/contention.py).
# Set before Numba loads its OpenMP pool; a user's own setting wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
_os.environ.setdefault("KMP_BLOCKTIME", "0")
