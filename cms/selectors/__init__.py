"""Reads of the information centres. Page ``get_context`` methods and views ask here."""
