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
