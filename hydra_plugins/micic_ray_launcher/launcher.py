"""`hydra/launcher=ray` for micic-sim: Hydra's Ray launcher (hydra-ray-launcher), sending each
worker its jobs several at a time.

Hydra's Ray launcher submits one Ray task per job, and each task carries Hydra's context
(config store, config loader, plugin state: ~150 kB pickled) serialised again, serially in the
sweep's main process: on a 2-core machine a sweep of 1,000 small runs took 1.3x as long on a
local Ray head as with joblib. This launcher keeps the Ray launcher's config (`ray.init`,
`ray.remote`, so `hydra/launcher=ray` and `ray_cluster` work as documented) and adds
`batch_size`, as joblib_local has. The work itself is in _core.py (imported only when a sweep
launches: Hydra imports every plugin module at start-up, and `import ray` takes a second).

Registered under the name `ray`, replacing the plugin's own entry: the plugin's config module
is imported first, so whichever module Hydra scans first, ours is stored last.
"""

# No `from __future__ import annotations`: Hydra's plugin scan executes this module before
# putting it in sys.modules, and a dataclass with string annotations looks itself up there.
from collections.abc import Sequence
from dataclasses import dataclass

from hydra.core.config_store import ConfigStore
from hydra.core.utils import JobReturn
from omegaconf import DictConfig

try:
    from hydra_plugins.hydra_ray_launcher._config import RayLauncherConf
    from hydra_plugins.hydra_ray_launcher.ray_launcher import RayLauncher
except ImportError:  # hydra-ray-launcher not installed (micic-sim[cluster]): no Ray launcher
    RayLauncher = None  # type: ignore[assignment,misc]

BATCH_SIZE = 8

if RayLauncher is not None:

    @dataclass
    class BatchedRayLauncherConf(RayLauncherConf):
        """The Ray launcher's config with `batch_size`: jobs sent to a Ray worker in one task."""

        _target_: str = "hydra_plugins.micic_ray_launcher.launcher.BatchedRayLauncher"
        batch_size: int = BATCH_SIZE

    class BatchedRayLauncher(RayLauncher):
        """Hydra's RayLauncher, with the shared context put in Ray's object store once and jobs
        sent in batches of `batch_size` (the sweep's last jobs one at a time, so a few long
        runs still spread over the workers). Every job still goes through Hydra's `run_job`
        with the config the Ray launcher gives it: same run folders and `.hydra` records."""

        def __init__(self, ray: DictConfig, batch_size: int = BATCH_SIZE) -> None:
            super().__init__(ray=ray)
            if int(batch_size) < 1:
                raise ValueError(f"hydra.launcher.batch_size must be 1 or more, got {batch_size}")
            self.batch_size = int(batch_size)

        def launch(
            self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int
        ) -> Sequence[JobReturn]:
            from hydra_plugins.micic_ray_launcher import _core

            return _core.launch(self, job_overrides, initial_job_idx)

    ConfigStore.instance().store(
        group="hydra/launcher", name="ray", node=BatchedRayLauncherConf, provider="micic_sim"
    )
