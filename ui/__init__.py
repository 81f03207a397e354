"""Streamlit helpers shared by the entrypoint (``dashboard.py``) and the pages, one module per job.

- :mod:`ui.navigation`: the page list;
- :mod:`ui.session`: the view and services the entrypoint computes once per rerun, and how a page
  reads them;
- :mod:`ui.widgets`: literal text, charts, activity tables and lists;
- :mod:`ui.messages`: the one place that turns the domain's findings and errors into what the
  user sees;
- :mod:`ui.downloads`: every download button, its file built on the click;
- :mod:`ui.displays`: shared displays of plans and versions (the chain, a diff, a summary);
- :mod:`ui.editing`: credentials, publishing and restoring.

Nothing here imports the entrypoint, and nothing in ``rendicion`` imports this package.
"""
