"""Exhibits go into the binder as printed pages only: no JavaScript, actions, attached files, forms or media.

A PDF can hang such things anywhere, not only where a reader expects them: in a page's resources, in the
resources of a form or a pattern drawn on it, in annotations and their actions, in a dictionary under a
made-up name. The binder copies an exhibit's pages with their content and resources only (no annotations,
no form fields, no catalog: see ``assemble._body``), and before that this module goes through every object
those pages reach and takes out what could run, open or unpack something:

- keys that hold actions, scripts, attached or embedded files, forms and rich media are deleted wherever
  they are (``DENIED``);
- a dictionary that *is* one of those things (an action, a file specification, an embedded file, an
  annotation) is emptied, so that nothing that still points at it finds anything in it.

The walk reads each object's text as MuPDF writes it (names already decoded, so ``/J#53`` is ``/JS``), follows
the references in it with a set of objects already seen, and changes only an object whose text names one of
those things; an exhibit without any costs one read of each object.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# Keys that hold active content or files, deleted from every dictionary an exhibit page reaches.
DENIED = frozenset({
    "JS", "JavaScript", "AA", "A", "OpenAction", "URI", "Names", "AcroForm", "XFA", "Annots",
    "EF", "RF", "FS", "AF", "EmbeddedFiles", "EmbeddedFile", "RichMediaContent", "RichMediaSettings",
})
# Dictionaries that are themselves active content, by their /S (action type), /Type or /Subtype: emptied.
ACTIONS = frozenset({
    "JavaScript", "Launch", "URI", "SubmitForm", "ResetForm", "ImportData", "GoTo", "GoToR", "GoToE", "GoToDp",
    "Thread", "Sound", "Movie", "Hide", "Named", "SetOCGState", "Rendition", "Trans", "GoTo3DView",
    "RichMediaExecute", "ECMAScript",
})
TYPES = frozenset({"Action", "Filespec", "EmbeddedFile", "Annot"})
SUBTYPES = frozenset({"Link", "Widget", "Screen", "FileAttachment", "Sound", "Movie", "RichMedia", "3D"})

_END = r"(?=[\s/<>\[\](){}%]|$)"
_ACTIVE = re.compile(r"/(?:" + "|".join(sorted(DENIED)) + ")" + _END
                     + r"|/(?:S|Type|Subtype)\s*/(?:" + "|".join(sorted(ACTIONS | TYPES | SUBTYPES)) + ")" + _END)
_REFERENCE = re.compile(r"(\d+) \d+ R")


def reachable(doc: Any) -> Iterator[tuple[int, str]]:
    """(xref, text) of every object the document's pages reach, the pages first and in order. Raises what
    MuPDF raises for a page or an object it cannot read (a loop in the page tree, nesting too deep)."""
    todo = [doc.page_xref(number) for number in range(doc.page_count)]
    limit = doc.xref_length()
    seen = set(todo)
    for xref in todo:  # grows as it goes: breadth first
        text = doc.xref_object(xref, compressed=True)
        yield xref, text
        found = {target for target in map(int, _REFERENCE.findall(text)) if 0 < target < limit} - seen
        seen |= found
        todo += found


def is_active(text: str) -> bool:
    """Whether an object's text names anything this module takes out (a string may make it say yes)."""
    return _ACTIVE.search(text) is not None


def make_inert(doc: Any) -> None:
    """Take the active content out of everything the document's pages reach (see the module's docstring)."""
    from pymupdf import mupdf

    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    for xref, text in reachable(doc):
        if not is_active(text):
            continue
        obj = mupdf.pdf_load_object(pdf, xref)
        if _is_active_thing(mupdf, obj) and doc.xref_is_stream(xref):
            doc.update_stream(xref, b"")  # an embedded file's bytes go too
        _clean(mupdf, obj)


def _clean(mupdf: Any, obj: Any) -> None:
    """Delete the denied keys in one object, and in the dictionaries and arrays written inside it (the objects
    it refers to are cleaned on their own turn); empty the dictionaries that are active content."""
    stack = [obj]
    while stack:
        obj = stack.pop()
        if mupdf.pdf_is_array(obj):
            stack += [child for child in (mupdf.pdf_array_get(obj, i) for i in range(mupdf.pdf_array_len(obj)))
                      if _container(mupdf, child)]
        elif mupdf.pdf_is_dict(obj):
            emptied = _is_active_thing(mupdf, obj)
            for key in [mupdf.pdf_to_name(mupdf.pdf_dict_get_key(obj, i)) for i in range(mupdf.pdf_dict_len(obj))]:
                if emptied or key in DENIED:
                    mupdf.pdf_dict_dels(obj, key)
                elif _container(mupdf, child := mupdf.pdf_dict_gets(obj, key)):
                    stack.append(child)


def _container(mupdf: Any, obj: Any) -> bool:
    """A dictionary or array written inside its object (not a reference to another one)."""
    return not mupdf.pdf_is_indirect(obj) and (mupdf.pdf_is_dict(obj) or mupdf.pdf_is_array(obj))


def _is_active_thing(mupdf: Any, obj: Any) -> bool:
    """An action, a file specification, an embedded file or an annotation."""
    def name(key: str) -> str:
        value = mupdf.pdf_dict_gets(obj, key)
        return mupdf.pdf_to_name(value) if mupdf.pdf_is_name(value) else ""

    return name("S") in ACTIONS or name("Type") in TYPES or name("Subtype") in SUBTYPES
