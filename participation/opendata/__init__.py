"""Open data: the formats every list and report is published in, done once.

``formats`` turns rows into text (CSV for spreadsheets, JSON for programs) and is used by
services and selectors that build an export; ``responses`` wraps that text for a view
(attachment, streaming). Features keep their own columns; the rules of the formats (a
byte-order mark so Excel reads oʻ, gʻ and Cyrillic, no cell a spreadsheet runs as a formula,
JSON that can never close a ``<script>``) live here.
"""
