"""The plan model: the tidy tables that reading produces and every later stage consumes.

- :mod:`.model`: :class:`~rendicion.plan.model.Plan` (activities, offices, schedule, follow-up
  reports) and :class:`~rendicion.plan.model.Parametros` (entity, vigencia, period, thresholds).

Enters: frames built by :mod:`rendicion.reading` (or by tests and the benchmark).
Leaves: an immutable-by-convention ``Plan``.
Imports only :mod:`rendicion.common`; never a stage that reads, measures, writes or stores.
"""
