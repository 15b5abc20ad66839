from odoo import _, api, models

# Sections of the export and the model whose field labels head their columns.
SECTION_MODELS = {
    "profile": "res.partner",
    "preferences": "res.partner",
    "consent": "res.partner",
    "consent_history": "travel.consent.log",
    "documents": "travel.document",
    "companions": "travel.companion",
    "bookings": "travel.booking",
    "booking_lines": "travel.booking.line",
    "invoices": "account.move",
    "complaints": "travel.complaint",
    "feedback": "travel.feedback",
    "loyalty": "travel.loyalty.transaction",
}


class ReportTravelPrivacyExport(models.AbstractModel):
    """The personal data export as a readable PDF (logged as export_pdf)."""

    _name = "report.travel_crm.report_travel_privacy_export"
    _description = "Traveller Personal Data Report"

    @api.model
    def _labels(self):
        return {
            section: {
                fname: field._description_string(self.env)
                for fname, field in self.env[model]._fields.items()
            }
            for section, model in SECTION_MODELS.items()
        }

    @api.model
    def _extra_labels(self):
        return {
            "role": _("Role"),
            "travellers": _("Travellers"),
            "model": _("Kind of Record"),
            "record": _("Record"),
        }

    @api.model
    def _formatters(self):
        """Helpers for the template: labels, value formatting, nested tables."""
        labels = self._labels()
        extra = self._extra_labels()

        def label(section, key):
            return (
                labels.get(section, {}).get(key)
                or extra.get(key)
                or key.replace("_", " ").capitalize()
            )

        def is_table(value):
            return isinstance(value, list) and any(isinstance(v, dict) for v in value)

        def fmt(value):
            if value is None:
                return ""
            if isinstance(value, bool):
                return self.env._("Yes") if value else self.env._("No")
            if isinstance(value, list):
                return ", ".join(str(item) for item in value)
            return str(value)

        return {"label": label, "is_table": is_table, "fmt": fmt}

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        exports = {
            partner.id: partner._travel_privacy_export_data(log_kind="export_pdf")
            for partner in partners
        }
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners.sudo().with_context(active_test=False),
            "exports": exports,
            **self._formatters(),
        }
