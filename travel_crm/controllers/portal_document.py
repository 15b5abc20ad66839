from odoo import _, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from .portal import TravelCustomerPortal

# What a traveller may write on their documents from the portal; the type,
# the issuing country and the traveller are chosen once, at creation.
DOCUMENT_CREATE_FIELDS = (
    "document_type",
    "number",
    "issuing_country_id",
    "issue_date",
    "expiry_date",
    "endorsement_expiry_date",
)
DOCUMENT_EDIT_FIELDS = ("number", "expiry_date", "endorsement_expiry_date")
DOCUMENT_DATE_FIELDS = ("issue_date", "expiry_date", "endorsement_expiry_date")
NUMBER_MAX_LENGTH = 64


def mask_document_number(number):
    """The last characters of a document number (at most 4, and never more
    than half of it), the rest hidden."""
    number = number or ""
    shown = min(4, len(number) // 2)
    return "•••• " + number[len(number) - shown :] if shown else "••••"


class TravelDocumentPortal(TravelCustomerPortal):
    """The traveller's own travel documents on /my/documents: passports,
    visas, ID cards and Chinese travel permits, kept up to date by them.

    A portal user has no access to ``travel.document``: every read and write
    goes through ``sudo`` on the documents of their own contact only, so the
    model's constraints still apply. The document number is never sent to
    the page, not even to its owner: only its masked form is shown and the
    edit form asks for a new number without showing the current one.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "travel_document_count" in counters:
            values["travel_document_count"] = self._travel_documents().search_count(
                self._travel_document_domain()
            )
        return values

    def _travel_documents(self):
        # sudo: a traveller has no ACL on documents; every search is narrowed
        # to their own contact by _travel_document_domain
        return request.env["travel.document"].sudo()

    def _travel_document_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.id)]

    def _travel_document_get(self, document_id):
        """The signed-in traveller's own (active) document, or 404."""
        document = self._travel_documents().search(
            [("id", "=", document_id), *self._travel_document_domain()], limit=1
        )
        if not document:
            raise request.not_found()
        return document

    def _travel_document_rows(self, documents):
        """What the list shows of each document: never its number in full."""
        today, limit = documents._expires_soon_limit()

        def state(date):
            if not date:
                return False
            if date < today:
                return "expired"
            return "soon" if date <= limit else False

        return [
            {
                "document": document,
                "masked_number": mask_document_number(document.number),
                "expiry_state": state(document.expiry_date),
                "endorsement_state": state(document.endorsement_expiry_date),
            }
            for document in documents
        ]

    @http.route(["/my/documents"], type="http", auth="user", website=True)
    def portal_my_travel_documents(self, **kw):
        documents = self._travel_documents().search(
            self._travel_document_domain(), order="expiry_date, id"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "travel_documents",
                "rows": self._travel_document_rows(documents),
                "saved": kw.get("saved"),
            }
        )
        return request.render("travel_crm.portal_my_travel_documents", values)

    # ------------------------------------------------------------------
    # Form
    # ------------------------------------------------------------------

    def _travel_document_form_values(self, document, post, errors):
        Document = self._travel_documents()
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "travel_document_form",
            "document": document,
            "masked_number": document and mask_document_number(document.number),
            "document_types": Document._fields["document_type"]._description_selection(
                request.env
            ),
            "countries": request.env["res.country"].sudo().search([]),
            "post": post,
            "errors": errors,
        }

    def _travel_document_parse(self, post, field_names):
        """({field: value}, {field: error}) from the submitted form; a blank
        number, or a date not sent, keeps the current one."""
        vals, errors = {}, {}
        for fname in field_names:
            if fname in DOCUMENT_DATE_FIELDS and fname not in post:
                continue
            raw = (post.get(fname) or "").strip()
            if fname in DOCUMENT_DATE_FIELDS:
                try:
                    vals[fname] = fields.Date.to_date(raw) if raw else False
                except ValueError:
                    errors[fname] = _("Enter a valid date.")
            elif fname == "number":
                if len(raw) > NUMBER_MAX_LENGTH:
                    errors[fname] = _("This number is too long.")
                elif raw:
                    vals[fname] = raw
            elif fname == "document_type":
                types = dict(self._travel_documents()._fields[fname].selection)
                if raw not in types:
                    errors[fname] = _("Choose a document type from the list.")
                vals[fname] = raw
            elif fname == "issuing_country_id":
                country = request.env["res.country"].sudo()
                if raw:
                    country = country.browse(int(raw)) if raw.isdigit() else country
                    if not country.exists():
                        errors[fname] = _("Choose a country from the list.")
                vals[fname] = country.id or False
        return vals, errors

    def _travel_document_save(self, document, vals):
        """Create or write the document; the model's message on a refusal,
        with nothing written."""
        try:
            # the savepoint undoes the row a refused create already inserted
            with request.env.cr.savepoint():
                if document:
                    document.write(vals)
                else:
                    document = (
                        self._travel_documents()
                        .with_context(mail_create_nosubscribe=True)
                        .create(dict(vals, partner_id=request.env.user.partner_id.id))
                    )
        except (AccessError, UserError, ValidationError) as error:
            return document, {"common": error.args[0] if error.args else str(error)}
        return document, {}

    def _travel_document_form(self, document, post):
        """The GET and POST of the form of ``document`` (empty: a new one)."""
        template = "travel_crm.portal_my_travel_document_form"
        if request.httprequest.method != "POST":
            return request.render(
                template, self._travel_document_form_values(document, {}, {})
            )
        field_names = DOCUMENT_EDIT_FIELDS if document else DOCUMENT_CREATE_FIELDS
        vals, errors = self._travel_document_parse(post, field_names)
        if not document and "number" not in vals and "number" not in errors:
            errors["number"] = _("Enter the document number.")
        if not errors and vals:
            document, errors = self._travel_document_save(document, vals)
        if errors:
            return request.render(
                template, self._travel_document_form_values(document, post, errors)
            )
        return request.redirect("/my/documents?saved=1")

    @http.route(
        ["/my/documents/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_my_travel_document_new(self, **post):
        return self._travel_document_form(self._travel_documents(), post)

    @http.route(
        ["/my/documents/<int:document_id>/edit"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_my_travel_document_edit(self, document_id, **post):
        return self._travel_document_form(self._travel_document_get(document_id), post)
