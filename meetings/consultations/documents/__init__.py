"""A consultation's document as plain data, without models: import from Markdown and .docx
(``importers``), paragraph anchors carried from one version to the next (``anchors``), the
readable word diff of a paragraph (``diff``), and the PP-5025 summary table as CSV and .xlsx
(``summary``). The drafts (``structure``) are what the consultation's services save."""
