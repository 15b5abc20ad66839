"""Work around a CPython 3.11.2 race (gh-106905, fixed in 3.11.5).

Debian 12's Python raises "SystemError: AST constructor recursion depth
mismatch" when threads compile code at the same time. Odoo computes the table of
static folders (``odoo.http.root.statics``, which parses every manifest) on the
first static request; a browser tour fetches many static files at once, so
several server threads parse manifests together and a request fails now and
then. Computing the table once, here, in a single thread before any test serves
HTTP removes that race.
"""

import odoo.http

WARMED_STATIC_FOLDERS = odoo.http.root.statics
