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

Import from the modules (`from micic_sim.analysis.collect import collect`); the package does
not re-export, so a function never hides the module of the same name.
"""
