"""The domain vocabulary every CoNum service shares, in the standard library only.

- :mod:`.territory`: regions and departments, the one source of these reference facts;
- :mod:`.access`: roles, actors and the caller's scope (region, and the party a token is
  bound to);
- :mod:`.schemes`: the national training schemes (2021, 2024);
- :mod:`.organisations`: an organisation as reference data names it;
- :mod:`.siret`: a SIRET's checksum;
- :mod:`.refusals`: the refusal base classes, each carrying the category that decides its
  HTTP status at the edge.

Services' domain modules import this package and nothing else of ours.
"""
