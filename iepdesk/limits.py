"""Every limit IEPDesk puts on what it unpacks, reads or lays out, in one place (the README lists them too).

A hostile or broken file must not take all the laptop's memory, run for ever, or stop the other files: each
limit below turns such a file into a plain reason (the file is refused, or a part of it is left out with a
warning), never a crash. The numbers sit far above what a real school record needs.
"""

from __future__ import annotations

MB = 1024 * 1024

# -- one file brought in ------------------------------------------------------------------------------------
MAX_FILE_MB = 200  # the largest file imported (the CLI's --max-size changes it)
MAX_PAGES = 5_000  # pages (PDF pages, TIFF frames, Word page breaks) in one document
MAX_PAGE_TEXT_CHARS = 1_000_000  # text kept for search from one page; the original is always kept whole

# -- files that are archives inside (.docx is a ZIP) -----------------------------------------------------------
MAX_UNPACKED_BYTES = 256 * MB  # all members of a .docx together, unpacked
MAX_PART_BYTES = 32 * MB  # one XML part of a .docx, unpacked
MAX_PACK_RATIO = 100  # how many times a member larger than 1 MB may grow when unpacked
MAX_PACK_MEMBERS = 10_000  # files inside one .docx (a long report with pictures holds a few hundred)

# -- pictures ---------------------------------------------------------------------------------------------------
MAX_IMAGE_PIXELS = 100_000_000  # one picture or TIFF page (a 100-megapixel photo is 11,500 × 8,700)
MAX_OCR_PIXELS = 25_000_000  # a page is rendered or scaled down to at most this for OCR

# -- email ------------------------------------------------------------------------------------------------------
MAX_HEADER_CHARS = 16_384  # one shown header (From, To, Cc, Date, Subject); longer ones are cut, with a warning
MAX_ATTACHMENT_DEPTH = 8  # forwarded messages inside forwarded messages: deeper ones stay inside their parent
MAX_RTF_BYTES = 256 * 1024  # an Outlook message's formatted (RTF) body, unpacked, at most (~4 s to read this much)

# -- the binder -------------------------------------------------------------------------------------------------
# An item that is not a PDF (an email, a note, a Word file) is laid out page for page up to these; beyond them
# runs of pages without text are shown as one page and the rest is named on a page, not printed (typeset/text.py).
# At the limits one item takes about 5 s and 200 MB to lay out (tests/benchmarks/test_binder_bombs.py).
MAX_TYPESET_PAGES = 2_000  # pages of one such item laid out (a long page may run onto more PDF pages)
MAX_TYPESET_CHARS = 3_000_000  # its text laid out, each line counted as at least 80 characters
MAX_LABEL_CHARS = 500  # a title, author or recipients as the binder's own pages and bookmarks show them

# -- backups ------------------------------------------------------------------------------------------------------
MAX_RESTORE_DB_RATIO = 50  # how many times the database in a backup may grow when unpacked (plus 64 MB)
