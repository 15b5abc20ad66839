from markupsafe import Markup

from odoo import _, fields, models

# Traveller preferences a portal user may change on /my/travel/preferences.
PORTAL_PREFERENCE_FIELDS = (
    "interest_tag_ids",
    "preferred_destination_ids",
    "seat_preference",
    "meal_preference",
    "room_preference",
    "dietary_needs",
    "accessibility_needs",
    "preferred_channel",
    "marketing_consent",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    marketing_consent_source = fields.Selection(
        selection_add=[("portal", "Customer Portal")],
        ondelete={"portal": "set null"},
    )

    def _travel_portal_update_preferences(self, values):
        """Save what the traveller changed on the portal.

        Only the preference fields are written; a change of the marketing
        consent is recorded with its date (set when given, cleared when
        withdrawn) and the source ``portal``, and logged on the contact.
        """
        self.ensure_one()
        values = {
            key: value
            for key, value in values.items()
            if key in PORTAL_PREFERENCE_FIELDS
        }
        consent_changed = (
            "marketing_consent" in values
            and bool(values["marketing_consent"]) != self.marketing_consent
        )
        if consent_changed:
            values["marketing_consent_source"] = "portal"
            values["marketing_consent_date"] = (
                fields.Datetime.now() if values["marketing_consent"] else False
            )
        self.write(values)
        if consent_changed:
            body = (
                _("Marketing consent given on the customer portal.")
                if self.marketing_consent
                else _("Marketing consent withdrawn on the customer portal.")
            )
            self._message_log(body=Markup("<p>%s</p>") % body)
        return True
