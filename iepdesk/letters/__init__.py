"""Letters a parent sends to the school: templates → a draft filled from the vault → a one-page PDF → filed as
correspondence with the event that starts its response clock (no Qt).

templates.py loads and checks the templates (resources/letters/*.toml); parent.py keeps the parent's own
details (the signer); compose.py fills a template from the vault and names what is still missing; render.py
typesets the draft (ReportLab); file.py stores the PDF and a proof of delivery and adds the "sent" event.
"""
