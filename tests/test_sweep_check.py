"""A sweep is checked before it starts without composing every job twice in the main process."""

from __future__ import annotations

from types import SimpleNamespace

from micic_sim import sweep


def test_the_sweeper_composes_one_job_per_choice_of_config_groups(monkeypatch):
    # imported here, as sweep.py does: another test may have made Python import Hydra afresh
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    composed: list[list[str]] = []
    monkeypatch.setattr(
        BasicSweeper, "validate_batch_is_legal", lambda self, batch: composed.extend(batch)
    )
    sweep.compose_each_choice_once()
    loader = SimpleNamespace(list_groups=lambda parent: ["hydra", "policy"])
    fake = SimpleNamespace(hydra_context=SimpleNamespace(config_loader=loader))
    batch = [
        ["scenario=demo", f"policy={p}", f"seed={s}", f"behaviour.leave_rate={r}"]
        for p in ("baseline", "firewall")
        for s in range(3)
        for r in (0.1, 0.2)
    ]
    batch.append(["scenario=demo", "policy=baseline", "seed=0", "hydra/launcher=basic"])
    BasicSweeper.validate_batch_is_legal(fake, batch)
    assert composed == [batch[0], batch[6], batch[-1]]  # baseline, firewall, another launcher


def test_a_seed_sweeps_jobs_composed_once_equal_jobs_composed_afresh(monkeypatch):
    """The jobs of a seed sweep made from a copy of the first one's composition are the very
    configs Hydra composes for them: every value, the job's recorded overrides and its
    override_dirname (the folder name of some sweep layouts)."""
    from hydra._internal.config_loader_impl import ConfigLoaderImpl
    from hydra._internal.utils import create_config_search_path
    from hydra.types import RunMode
    from omegaconf import OmegaConf

    from micic_sim.cli import CONFIG_DIR, _register

    _register()
    afresh = ConfigLoaderImpl.load_sweep_config
    afresh = getattr(afresh, "__wrapped__", afresh)  # Hydra's own, if a sweep installed ours
    monkeypatch.setattr(ConfigLoaderImpl, "load_sweep_config", afresh)  # undone after the test
    loader = ConfigLoaderImpl(config_search_path=create_config_search_path(str(CONFIG_DIR)))
    master = loader.load_configuration(
        "config",
        overrides=["hydra.job.config.override_dirname.item_sep=+"],
        run_mode=RunMode.MULTIRUN,
    )
    jobs = [
        ["scenario=demo", f"seed={s}", "population.total=500", f"policy={p}"]
        for p in ("baseline", "firewall")
        for s in (0, 7, 12)
    ]
    expected = [OmegaConf.to_yaml(afresh(loader, master, job)) for job in jobs]
    calls = []
    monkeypatch.setattr(
        ConfigLoaderImpl,
        "load_sweep_config",
        lambda self, m, o: calls.append(list(o)) or afresh(self, m, o),
    )
    sweep.compose_seeds_once()
    got = [loader.load_sweep_config(master, job) for job in jobs]
    assert [OmegaConf.to_yaml(c) for c in got] == expected
    assert [c.seed for c in got] == [0, 7, 12, 0, 7, 12]
    assert "seed=7" in got[1].hydra.job.override_dirname
    assert calls == [jobs[0], jobs[3]]  # composed once per policy; the other seeds copied
