"""Effect sizes of an indication: each outcome row's stated effect beside the same
effect recomputed from its counts or means, grouped by outcome for pooling.

The arithmetic is sizes.py's, plain code with no database; outcomes.py reads the
outcome rows and decides what is computed and compared; groups.py groups them for
pooling; words.py words every figure (what it is and how it was computed); views.py
builds the view, tables and JSON of `ivig effects`; forest_plot.py draws a group as
an SVG forest plot. Outcome rows of one name, time point, kind and design form a
group; a group is pooled only where the arithmetic's rules allow (two or more
comparable trials), in the measure its papers state where they agree, else the risk
ratio (counts) or mean difference (means). A stated effect only, or a single arm, is
listed and never drawn.
"""

from ivig_evidence.effects.views import effects_sections, effects_view

__all__ = ["effects_sections", "effects_view"]
