"""Outputs: what leaves the product as a file, a chart or a page's text.

- Control Interno's follow-up report («informe»): :mod:`.informe` (its content, built once),
  :mod:`.informe_excel` and :mod:`.informe_html` (with ``templates/informe.html.j2``);
- downloads: :mod:`.downloads` (tables and the blank template), :mod:`.csvsafe` (CSV that no
  spreadsheet evaluates), :mod:`.cells` (workbook cells written as text);
- workbooks: :mod:`.blank_workbook` (the blank template in the PAAC layout) and
  :mod:`.plan_workbook` (a plan written in the municipal layout);
- :mod:`.figures`: the dashboard's Plotly figures; :mod:`.markdown`: workbook text made literal
  for Streamlit's Markdown.

Enters: a ``Plan`` and the follow-up's frames. Leaves: bytes, figures and strings.
Imports :mod:`rendicion.common`, :mod:`rendicion.plan` and :mod:`rendicion.followup`; never
reading, the store or the people, and never Streamlit.
"""
