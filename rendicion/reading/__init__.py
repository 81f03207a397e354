"""Reading: the bytes of an untrusted workbook become a :class:`~rendicion.plan.model.Plan` and its findings.

In the order a workbook meets them:

1. :mod:`.guard` and :mod:`.active_content` look at the raw zip before any parser does;
2. :mod:`.workbook` reads cell values (python-calamine) and, when needed, cell fills;
3. :mod:`.tables` and :mod:`.headers` find the tables and what each column holds;
   :mod:`.paac` knows the PAAC's components and cuts, :mod:`.parametros` the title rows and
   the «Parámetros» sheet;
4. :mod:`.values`, :mod:`.offices`, :mod:`.dates`, :mod:`.months` and :mod:`.schedule` read
   each cell; :mod:`.fuzzy` and :mod:`.matcher` find the activity a row names;
5. :mod:`.activities` and :mod:`.progress` turn rows into activities and follow-up reports;
6. :mod:`.loader` runs the whole reading; :mod:`.findings` records every problem at its cell
   (sheet, row, column, a Spanish message), never a traceback.

Enters: bytes or a path. Leaves: :class:`~rendicion.reading.loader.Loaded` (a ``Plan`` or
nothing, and its :class:`~rendicion.reading.findings.Findings`).
Imports only :mod:`rendicion.common` and :mod:`rendicion.plan`; never the follow-up, the
outputs, the store or the people, and never Streamlit.
"""
