"""micic-sim's Ray launcher: Hydra's Ray launcher with the sweep's shared context sent once and
jobs sent in batches (see launcher.py). A Hydra plugin must live in the `hydra_plugins`
namespace package (no `__init__.py` there) for Hydra to find it."""
