"""Bringing data in and sending it out: add (validated merges), load (bulk loading into a
store), push (the Graph Store Protocol) and generate (synthetic graphs for scale tests)."""
