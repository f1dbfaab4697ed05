"""Charts for planners (matplotlib, Agg backend): colour-blind-safe, large type, titles that
state the finding, units on every axis.

    safety_over_time   people reaching safety over time, by status
    left_behind        stranded / detained / harmed by nationality and status
    queues_over_time   queues at each crossing, consular post and transport
    flow_map           places by latitude/longitude, people per road and crossing
    lever_comparison   each policy vs the baseline with 95% intervals
    interaction_grid   lever x lever effects and synergies
    report             `micic-sim report`: the HTML + PDF brief
"""

from micic_sim.plots.flowmap import flow_map
from micic_sim.plots.left_behind import left_behind
from micic_sim.plots.levers import interaction_grid, lever_comparison
from micic_sim.plots.queues import queues_over_time
from micic_sim.plots.safety import safety_over_time
from micic_sim.plots.style import save

__all__ = ["flow_map", "interaction_grid", "left_behind", "lever_comparison",
           "queues_over_time", "safety_over_time", "save"]
