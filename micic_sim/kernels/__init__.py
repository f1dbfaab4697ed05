"""Numba kernels: the performance-critical core. Each walks the agent columns once; none holds
Python objects; all randomness comes from `micic_sim.rng` (counter-based)."""
