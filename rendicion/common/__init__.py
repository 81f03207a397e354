"""The ground floor: what every stage shares.

- :mod:`.errors`: the domain's small named exceptions, each with a Spanish message for the user;
- :mod:`.text`: text normalisation (cleaning, folding) shared by every matcher;
- :mod:`.formatting`: Spanish (Colombia) display of numbers, percentages, dates, plurals and lists;
- :mod:`.moments`: moments stored in UTC and shown in Bogotá time.

Enters: plain Python values. Leaves: plain Python values.
Never imports another part of ``rendicion``: every other stage stands on this one.
"""
