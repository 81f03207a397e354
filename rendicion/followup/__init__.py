"""The follow-up at a cut date: where every activity stands and what the plan's measure is.

- :mod:`.engine`: one row per activity at the cut (reported and verified %, evaluada by the rule,
  semáforo, estado, vencida sin cumplir);
- :mod:`.measure`: «Avance del plan», per subcomponent and per office;
- :mod:`.flags`: what the plan's own data says at the cut (the report's findings);
- :mod:`.view`: the plan evaluated at a cut and filtered, computed once per dashboard rerun;
- :mod:`.summary`: the evaluated plan as plain JSON values;
- :mod:`.palette`: the semáforo's and the estados' colours, icons and labels.

Enters: a :class:`~rendicion.plan.model.Plan` and a cut date. Leaves: pandas frames and plain values.
Imports only :mod:`rendicion.common` and :mod:`rendicion.plan`: it measures a plan whatever
its source, so it never reads workbooks, writes files or touches the store.
"""
