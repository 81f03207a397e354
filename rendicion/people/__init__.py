"""People: who may change data, under which name.

- :mod:`.accounts`: named editor accounts and their salted scrypt password hashes;
- :mod:`.throttle`: the limits on guessing a password.

Enters: a name and a password. Leaves: an authenticated name, or a Spanish refusal.
The top stage: it may import any stage below it, and none imports it but the shells
(the CLI and the dashboard). Never imports Streamlit.
"""
