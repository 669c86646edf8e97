"""The domain language of weekplan: athletes, session types, rules, plans, metrics.

Nothing here imports ortools or click: the models are shared by the solver, the auditor,
the CLI and notebooks, and must stay importable without a solver installed.

The names below are the public API for notebooks and scripts (``from models import
load_athlete, weekly_metrics``); each is loaded on first use, so importing one small module
of the package (as every batch worker does) does not load pandas-heavy ones it never needs.
"""

from __future__ import annotations

from models.domain.lazy_exports import lazy_exports

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    # athletes, squads and the bundled data
    "Athlete": "models.domain.athlete",
    "load_athlete": "models.io.athlete_file",
    "load_squad": "models.squad.forms",
    "random_squad": "models.squad.generator",
    "EXAMPLES_DIR": "models.domain.bundled",
    "InputError": "models.domain.errors",
    # rulebooks and session types
    "Rulebook": "models.domain.rules",
    "load_rulebook": "models.domain.rules",
    "default_rulebook": "models.domain.rules",
    "preset_names": "models.domain.rules",
    "Catalogue": "models.domain.catalogue",
    "default_catalogue": "models.domain.catalogue",
    # weeks and plans
    "WeekSpec": "models.domain.week",
    "single_week": "models.domain.week",
    "Session": "models.domain.plan",
    "Result": "models.domain.plan",
    "Status": "models.domain.plan",
    "BlockResult": "models.block.result",
    # plan tables in and out
    "read_plan_file": "models.io.plan_table",
    "load_plans": "models.io.plan_sources",
    "write_plan": "models.exports.plan_writer",
    "write_report": "models.report.html_data",
    # structured workouts and live calendar feeds
    "build_workout": "models.domain.workouts",
    "with_run_details": "models.domain.run_details",
    "write_workouts": "models.exports.workout_files",
    "create_feed_app": "models.feeds.app",
    "export_feeds": "models.feeds.static",
    # the audit (no solver) and the metrics
    "AuditReport": "models.audit.week",
    "audit_plan": "models.audit.week",
    "audit_table": "models.audit.table",
    "audit_athlete": "models.audit.table",
    "weekly_metrics": "models.analysis.metrics",
    "side_metrics": "models.analysis.compare",
    "compare": "models.analysis.compare",
    "summary_lines": "models.analysis.compare",
    # research: paired statistics, sweeps, trade-off fronts
    "paired_statistics": "models.analysis.paired",
    "mean_interval": "models.analysis.bootstrap",
    "parse_setting": "models.analysis.sweep_grid",
    "read_sweep": "models.io.sweep_folder",
    "cell_summary": "models.analysis.sweep_summary",
    "sweep_figure": "models.report.sweep_plot",
    "front_frame": "models.analysis.front_table",
    # completed training: activity files, compliance, metrics on actual load
    "read_activities": "models.activities.collect",
    "activities_frame": "models.activities.table",
    "judge": "models.activities.compliance",
    "match": "models.activities.matching",
    "completed_metrics": "models.analysis.completed",
    "replan_inputs_from_activities": "models.activities.replan_past",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
