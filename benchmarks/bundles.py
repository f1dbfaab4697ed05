"""Which Numba idiom to bundle kernel arguments in: positional arrays, a named tuple, a
structref or a jitclass? Measured on one small parallel kernel over 24 columns.

    .venv/bin/python benchmarks/bundles.py            # a table and one JSON line

Per idiom, each in fresh processes with an empty Numba cache folder: cold compile (first call,
cache empty), warm start (first call in a new process once the cache is filled; a jitclass
cannot be cached, so it compiles again), dispatch (median seconds per call on 16 agents, on a
serial twin of the kernel so that waking the thread pool does not swamp it: the cost of typing
and unboxing the arguments, which the model pays ~10 times a step)
and run time (median per call on 10^6 agents).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

N_COLS = 24
IDIOMS = ("positional", "namedtuple", "structref", "jitclass")


def worker_source(idiom: str, n_cols: int = N_COLS) -> str:
    """A script that defines the kernel in its own file (Numba caches only functions defined
    in a file), then times it; it prints one JSON line."""
    names = [f"c{k}" for k in range(n_cols)]
    pre = "" if idiom == "positional" else "b."
    body = "".join(f"        acc += {pre}c{k}[i] * {k + 1}.0\n" for k in range(n_cols))
    args = ", ".join(names) if idiom == "positional" else "b"
    lines = [
        "from collections import namedtuple",
        "import numpy as np",
        "from numba import float64, njit, prange",
        f"NAMES = {names!r}",
    ]
    if idiom == "structref":
        lines += [
            "from numba.core import types",
            "from numba.experimental import structref",
            "@structref.register",
            "class BundleType(types.StructRef):",
            "    def preprocess_fields(self, fields):",
            "        return tuple((k, types.unliteral(t)) for k, t in fields)",
            "class Bundle(structref.StructRefProxy):",
            "    pass",
            "structref.define_proxy(Bundle, BundleType, NAMES)",
        ]
    elif idiom == "jitclass":
        lines += [
            "from numba.experimental import jitclass",
            "@jitclass([(k, float64[:]) for k in NAMES])",
            "class Bundle:",
            f"    def __init__(self, {', '.join(names)}):",
            *[f"        self.{k} = {k}" for k in names],
        ]
    elif idiom == "namedtuple":
        lines += ["Bundle = namedtuple('Bundle', NAMES)"]
    cache = "False" if idiom == "jitclass" else "True"  # jitclass arguments cannot be cached
    lines += [
        f"@njit(cache={cache}, parallel=True)",
        f"def kernel(out, {args}):",
        "    for i in prange(out.shape[0]):",
        "        acc = 0.0",
        body.rstrip("\n"),
        "        out[i] = acc",
        f"@njit(cache={cache})",  # serial twin: dispatch without waking the thread pool
        f"def kernel_serial(out, {args}):",
        "    for i in range(out.shape[0]):",
        "        acc = 0.0",
        body.rstrip("\n"),
        "        out[i] = acc",
        "def call(out, cols, f=kernel):",
        "    return f(out, *cols)" if idiom == "positional" else "    return f(out, Bundle(*cols))",
        "##RUNNER##",
        "import json, time",
        "t0 = time.perf_counter()",
        "import numpy as np",
        "from bundle_kernel import NAMES, call, kernel_serial",
        "small = [np.random.default_rng(k).random(16) for k in range(len(NAMES))]",
        "out_s = np.empty(16)",
        "call(out_s, small)",
        "call(out_s, small, kernel_serial)",
        "first = time.perf_counter() - t0",
        "ts = []",
        "for _ in range(2000):",
        "    a = time.perf_counter(); call(out_s, small, kernel_serial)",
        "    ts.append(time.perf_counter() - a)",
        "big = [np.random.default_rng(k).random(1_000_000) for k in range(len(NAMES))]",
        "out_b = np.empty(1_000_000)",
        "call(out_b, big)",
        "tb = []",
        "for _ in range(15):",
        "    a = time.perf_counter(); call(out_b, big); tb.append(time.perf_counter() - a)",
        "print(json.dumps({'first_call_s': first, 'dispatch_s': float(np.median(ts)),",
        "                  'run_1e6_s': float(np.median(tb)), 'checksum': float(out_b.sum())}))",
    ]
    return "\n".join(lines) + "\n"


def measure(idiom: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        # the kernel in a module of its own (as in the package), the timing in a script
        module, runner = worker_source(idiom).split("##RUNNER##\n")
        with open(os.path.join(work, "bundle_kernel.py"), "w") as f:
            f.write(module)
        script = os.path.join(work, "runner.py")
        with open(script, "w") as f:
            f.write(runner)
        runs = []
        for _ in range(2):  # cold (empty cache), then warm (cache filled)
            out = subprocess.run(
                [sys.executable, script],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    cold, warm = runs
    return {
        "cold_compile_s": round(cold["first_call_s"], 3),
        "warm_start_s": round(warm["first_call_s"], 3),
        "dispatch_us": round(warm["dispatch_s"] * 1e6, 2),
        "run_1e6_ms": round(warm["run_1e6_s"] * 1e3, 3),
        "checksum": warm["checksum"],
    }


def main() -> int:
    res = {idiom: measure(idiom) for idiom in IDIOMS}
    print(f"{'idiom':<12}{'cold s':>10}{'warm s':>10}{'dispatch us':>14}{'1e6 ms':>10}")
    for k, v in res.items():
        print(
            f"{k:<12}{v['cold_compile_s']:>10}{v['warm_start_s']:>10}"
            f"{v['dispatch_us']:>14}{v['run_1e6_ms']:>10}"
        )
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
