"""Packaging details pyproject.toml cannot express: the bundled scenarios and run configs.

The repository keeps `scenarios/` and `configs/` at its top level (where users and scenario
authors find them); the wheel ships them inside the package as `micic_sim/bundled/scenarios`
and `micic_sim/bundled/configs`, read through importlib.resources (micic_sim/resources.py).
Everything else about the package is declared in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

DATA = {"micic_sim.bundled.scenarios": "scenarios", "micic_sim.bundled.configs": "configs"}

setup(
    packages=[*find_namespace_packages(include=["micic_sim*"], exclude=["*.__pycache__"]), *DATA],
    package_dir={name: folder for name, folder in DATA.items()},
    package_data={
        "micic_sim": ["py.typed"],
        **{name: ["**/*.csv", "**/*.yaml", "**/*.md", "**/FLEE_LICENSE", "**/*.txt"] for name in DATA},
    },
    exclude_package_data={name: ["**/validation.png"] for name in DATA},
)
