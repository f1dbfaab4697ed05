"""Charts for planners (matplotlib, Agg backend): colour-blind-safe, large type, titles that
state the finding, units on every axis.

    safety_over_time   people reaching safety over time, by status
    left_behind        stranded / detained / harmed by nationality and status
    queues_over_time   queues at each crossing, consular post and transport
    flow_map           places by latitude/longitude, people per road and crossing
    lever_comparison   each policy vs the baseline with 95% intervals
    interaction_grid   lever x lever effects and synergies
    report             `micic-sim report`: the HTML + PDF brief

Import from the modules (`from micic_sim.plots.flowmap import flow_map`); the package does
not re-export, so a function never hides the module of the same name.
"""
