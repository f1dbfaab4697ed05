"""Results people can use: gather run folders, compare levers with confidence intervals, find
who is left behind and where the queues are.

    collect      gather a sweep's runs into tidy Parquet (incremental, with a manifest)
    load         a run or a sweep as pandas tables (`Results`)
    compare      policies vs the baseline: replicate means, 95% t-intervals, paired by seed
    equity       equity gaps and worst-vs-best group contrasts
    bottlenecks  which crossing, consular post or transport queued longest, its peak and when
    interactions lever x lever effects beyond the sum of their parts
    flows        people per road / crossing / evacuation route (for the flow map)
    resume       skip runs already complete with the same config (resuming a sweep)
"""

from micic_sim.analysis.bottlenecks import bottlenecks, worst_bottleneck
from micic_sim.analysis.collect import collect
from micic_sim.analysis.compare import compare_levers, outcomes_by_group, replicate_stats
from micic_sim.analysis.equity import contrast, equity_gap, equity_gap_by_policy
from micic_sim.analysis.interactions import interactions
from micic_sim.analysis.keynumbers import key_numbers, key_numbers_wide
from micic_sim.analysis.load import Results, load
from micic_sim.analysis.resume import already_complete

__all__ = ["Results", "already_complete", "bottlenecks", "collect", "compare_levers",
           "contrast", "equity_gap", "equity_gap_by_policy", "interactions", "key_numbers",
           "key_numbers_wide", "load", "outcomes_by_group", "replicate_stats",
           "worst_bottleneck"]
