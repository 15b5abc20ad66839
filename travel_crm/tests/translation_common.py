"""Check that a text is rendered through Odoo's code translations.

Odoo 18 translates ``_()`` / ``env._()`` with the catalogue of the calling
module and the reader's language, loaded once per process from the module's
``i18n/<lang>.po`` (``odoo.tools.translate.code_translations``), and its i18n
export collects the msgids with babel's Python extractor. A test cannot wait
for the translators, so ``marked_catalogue`` extracts the msgids of a source
file exactly as the export does and installs, for the test only, a catalogue
where each of them translates to itself between markers: a text rendered in
that language shows the markers only where it went through the translation
of a msgid the export finds.
"""

import contextlib
from pathlib import Path

from babel.messages import extract

from odoo.tools.translate import code_translations

ADDON = Path(__file__).resolve().parents[1]
OPEN, CLOSE = "\N{LEFT WHITE LENTICULAR BRACKET}", "\N{RIGHT WHITE LENTICULAR BRACKET}"


def exported_msgids(relative_path):
    """The msgids the i18n export takes from a Python file of the addon (the
    call of ``TranslationModuleReader._babel_extract_terms``)."""
    with (ADDON / relative_path).open("rb") as source:
        return {
            message
            for _line, message, *_rest in extract.extract(
                "python",
                source,
                keywords={"_": None, "_lt": None},
                options={"encoding": "UTF-8"},
            )
        }


@contextlib.contextmanager
def marked_catalogue(lang, *relative_paths, module="travel_crm"):
    """Within the block, ``module``'s code translations in ``lang`` translate
    each msgid of the files to ``〖msgid〗`` (the shipped ones otherwise)."""
    key = (module, lang)
    loaded = dict(code_translations.get_python_translations(module, lang))
    marked = {
        msgid: f"{OPEN}{msgid}{CLOSE}"
        for path in relative_paths
        for msgid in exported_msgids(path)
    }
    code_translations.python_translations[key] = {**loaded, **marked}
    try:
        yield marked
    finally:
        code_translations.python_translations.pop(key, None)
