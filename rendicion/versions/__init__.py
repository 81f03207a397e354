"""Versions: every published workbook kept, append-only and chained, and how one gets there.

- :mod:`.store`: the version store (SQLite or PostgreSQL through SQLAlchemy Core);
- :mod:`.chain`: the tamper-evident hash chain over the history;
- :mod:`.publishing`: validate, publish and restore, shared by the dashboard and the CLI;
- :mod:`.sandbox`: validation of an untrusted upload in a bounded child process;
- :mod:`.diff`: what changed between two plans (the upload preview, the history comparison).

Enters: workbook bytes and a named author. Leaves: stored, chained versions and their plans.
May import every stage below it (common, plan, reading, follow-up, outputs); never the people
(the caller passes an author it has already authorised) and never Streamlit.
"""
