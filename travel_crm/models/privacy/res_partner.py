from odoo import _, api, fields, models
from odoo.exceptions import AccessError

STAFF = "travel_crm.group_travel_agent"
MANAGER = "travel_crm.group_travel_manager"


class ResPartner(models.Model):
    """Privacy of the traveller profile: staff-only sensitive fields, the
    consent log, who may export or erase the data and which records hold it.

    The export, the anonymization and the retention job extend res.partner in
    ``res_partner_export.py``, ``res_partner_anonymize.py`` and
    ``res_partner_retention.py``.
    """

    _inherit = "res.partner"

    # Sensitive traveller data: travel staff only (the fields are defined in
    # res_partner.py; the access restriction lives with the privacy rules).
    # Related and computed fields follow (companion birth dates, age...).
    # Nor are they copied when a contact is duplicated: they describe one person.
    birthdate = fields.Date(groups=STAFF, copy=False)
    age = fields.Integer(groups=STAFF)
    next_birthday = fields.Date(groups=STAFF)
    has_upcoming_birthday = fields.Boolean(groups=STAFF)
    dietary_needs = fields.Text(groups=STAFF, copy=False)
    accessibility_needs = fields.Text(groups=STAFF, copy=False)
    travel_notes = fields.Text(groups=STAFF, copy=False)

    travel_anonymized_date = fields.Datetime(
        string="Anonymized On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=STAFF,
        help="Set when the traveller's personal data was erased.",
    )
    travel_consent_log_ids = fields.One2many(
        "travel.consent.log",
        "partner_id",
        string="Consent Log",
        groups=STAFF,
    )
    travel_consent_log_count = fields.Integer(
        compute="_compute_travel_consent_log_count", groups=STAFF
    )

    def _compute_travel_consent_log_count(self):
        counts = dict(
            self.env["travel.consent.log"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.travel_consent_log_count = counts.get(partner._origin, 0)

    # ------------------------------------------------------------------
    # CRUD: consent log
    # ------------------------------------------------------------------

    def _travel_consent_source_label(self):
        labels = dict(
            self._fields["marketing_consent_source"]._description_selection(self.env)
        )
        return labels.get(self.marketing_consent_source)

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        self.env["travel.consent.log"]._record(
            [
                (partner, "marketing", True, partner._travel_consent_source_label())
                for partner in partners
                if partner.marketing_consent
            ]
        )
        return partners

    def write(self, vals):
        if "marketing_consent" not in vals:
            return super().write(vals)
        before = {partner.id: partner.marketing_consent for partner in self}
        result = super().write(vals)
        self.env["travel.consent.log"]._record(
            [
                (
                    partner,
                    "marketing",
                    partner.marketing_consent,
                    partner._travel_consent_source_label(),
                )
                for partner in self
                if partner.marketing_consent != before[partner.id]
            ]
        )
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_travel_consent_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_consent_log_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Access and the traveller's records (export and anonymization)
    # ------------------------------------------------------------------

    def _travel_privacy_channel(self, allow_portal):
        """Check who may export/erase these partners' data; return the channel.

        Travel managers (and the system, for the retention job) may act on any
        traveller; a portal user only on their own contact, for the export.
        """
        channel = self.env.context.get("travel_privacy_channel")
        if self.env.su or self.env.user.has_group(MANAGER):
            return channel or "backend"
        user = self.env.user
        if (
            allow_portal
            and user.share
            and not user._is_public()
            and self == user.partner_id
        ):
            return "portal"
        raise AccessError(
            _("Only travel managers can export or erase a traveller's personal data.")
        )

    def _travel_privacy_threads(self):
        """The traveller's records by kind (sudo, archived included)."""
        self.ensure_one()
        env = self.env
        bookings = env["travel.booking"].search(
            ["|", ("partner_id", "=", self.id), ("traveller_ids", "in", self.ids)],
            order="departure_date desc, id desc",
        )
        return {
            "bookings": bookings,
            "customer_bookings": bookings.filtered(lambda b: b.partner_id == self),
            "complaints": env["travel.complaint"].search(
                [("partner_id", "=", self.id)]
            ),
            "feedback": env["travel.feedback"].search([("partner_id", "=", self.id)]),
            "documents": env["travel.document"].search([("partner_id", "=", self.id)]),
        }

    def _travel_privacy_message_domain(self, threads, whole_threads=False):
        """Messages of the traveller: their contact, their bookings as a
        customer, complaints, feedback and documents; on bookings where they
        only travel, what they wrote or received (``whole_threads``: every
        message of those bookings, to look for quotes)."""
        domain = ["&", ("model", "=", "res.partner"), ("res_id", "=", self.id)]
        customer_bookings = threads["customer_bookings"]
        if whole_threads:
            customer_bookings = threads["bookings"]
        for model, records in (
            ("travel.booking", customer_bookings),
            ("travel.complaint", threads["complaints"]),
            ("travel.feedback", threads["feedback"]),
            ("travel.document", threads["documents"]),
        ):
            if records:
                domain = [
                    "|",
                    *domain,
                    "&",
                    ("model", "=", model),
                    ("res_id", "in", records.ids),
                ]
        others = threads["bookings"] - customer_bookings
        if others:
            domain = [
                "|",
                *domain,
                "&",
                "&",
                ("model", "=", "travel.booking"),
                ("res_id", "in", others.ids),
                "|",
                ("author_id", "=", self.id),
                ("partner_ids", "in", self.ids),
            ]
        return domain
