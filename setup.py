"""Packaging details pyproject.toml cannot express: the bundled scenarios and run configs.

The repository keeps `scenarios/` and `configs/` at its top level (where users and scenario
authors find them); the wheel ships them inside the package as `micic_sim/bundled/scenarios`
and `micic_sim/bundled/configs`, read through importlib.resources (micic_sim/resources.py).
Each of their folders is mapped as a data-only package (setuptools' package-dir), so a scenario
added to `scenarios/` ships without touching this file. `hydra_plugins/micic_ray_launcher` is
our Ray launcher (Hydra finds plugins in the `hydra_plugins` namespace package; a `pip install
-e` is not seen by Hydra's scan: micic_sim/cli.py registers it). Everything else: pyproject.toml.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

DATA = {"micic_sim.bundled.scenarios": "scenarios", "micic_sim.bundled.configs": "configs"}
FILES = ["*.csv", "*.yaml", "*.md", "*.txt", "FLEE_LICENSE"]
SKIP = {"__pycache__", "build"}  # scenario build scripts stay in the repository


def data_packages() -> dict[str, str]:
    """Package name -> folder for every folder under the data roots."""
    out = {}
    for package, root in DATA.items():
        for folder in [Path(root), *sorted(p for p in Path(root).rglob("*") if p.is_dir())]:
            rel = folder.relative_to(root).parts
            if not SKIP.intersection(rel):
                out[".".join([package, *rel])] = folder.as_posix()
    return out


PACKAGE_DIR = data_packages()

setup(
    packages=[
        *find_namespace_packages(
            include=["micic_sim*", "hydra_plugins.micic*"], exclude=["*.__pycache__"]
        ),
        *PACKAGE_DIR,
    ],
    package_dir=PACKAGE_DIR,
    package_data=dict.fromkeys(PACKAGE_DIR, FILES),
)
