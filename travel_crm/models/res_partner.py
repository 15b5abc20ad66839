from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.anniversary import month_day_keys, next_anniversary

UPCOMING_BIRTHDAY_DAYS = 30


class ResPartner(models.Model):
    # mail.thread.phone gives phone_sanitized and the phone blacklist (Odoo's
    # own phone opt-out), exactly as the sms module does on res.partner.
    _name = "res.partner"
    _inherit = ["mail.thread.phone", "res.partner"]

    is_traveller = fields.Boolean(
        string="Traveller",
        index=True,
        tracking=True,
        help="This contact is a traveller / customer profile of the agency.",
    )
    # personal data
    birthdate = fields.Date(string="Birth Date")
    age = fields.Integer(compute="_compute_age")
    next_birthday = fields.Date(compute="_compute_next_birthday")
    has_upcoming_birthday = fields.Boolean(
        string="Birthday Within 30 Days",
        compute="_compute_next_birthday",
        search="_search_has_upcoming_birthday",
    )
    gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other / Non-binary")]
    )
    nationality_id = fields.Many2one("res.country", ondelete="restrict", index=True)
    occupation = fields.Char()
    emergency_contact_id = fields.Many2one(
        "res.partner",
        ondelete="set null",
        help="A contact to call in an emergency during a trip.",
    )
    emergency_contact_name = fields.Char(
        compute="_compute_emergency_contact",
        store=True,
        readonly=False,
        precompute=True,
    )
    emergency_contact_phone = fields.Char(
        compute="_compute_emergency_contact",
        store=True,
        readonly=False,
        precompute=True,
    )
    # bookings ordered by this customer (as a traveller: traveller_ids)
    travel_booking_ids = fields.One2many(
        "travel.booking", "partner_id", string="Travel Bookings"
    )
    travel_booking_count = fields.Integer(
        string="Bookings",
        compute="_compute_travel_booking_count",
        groups="travel_crm.group_travel_agent",
        help="Bookings this contact ordered or travels on.",
    )
    # documents (numbers are for travel staff only)
    travel_document_ids = fields.One2many(
        "travel.document",
        "partner_id",
        string="Travel Documents",
        groups="travel_crm.group_travel_agent",
    )
    travel_document_count = fields.Integer(
        compute="_compute_travel_document_count",
        groups="travel_crm.group_travel_agent",
    )
    has_document_expiring_soon = fields.Boolean(
        string="Document Expiring Soon",
        compute="_compute_has_document_expiring_soon",
        search="_search_has_document_expiring_soon",
        groups="travel_crm.group_travel_agent",
    )
    # preferences
    interest_tag_ids = fields.Many2many(
        "travel.interest.tag",
        "res_partner_travel_interest_tag_rel",
        "partner_id",
        "tag_id",
        string="Interests",
    )
    preferred_destination_ids = fields.Many2many(
        "res.country",
        "res_partner_travel_destination_rel",
        "partner_id",
        "country_id",
        string="Preferred Destinations",
    )
    travel_style = fields.Selection(
        [
            ("independent", "Independent"),
            ("guided", "Guided / Group Tour"),
            ("package", "Package Holiday"),
            ("tailor_made", "Tailor-made"),
            ("backpacking", "Backpacking"),
            ("cruise", "Cruise"),
            ("business", "Business Travel"),
        ]
    )
    budget_band = fields.Selection(
        [
            ("economy", "Economy"),
            ("standard", "Standard"),
            ("premium", "Premium"),
            ("luxury", "Luxury"),
        ]
    )
    seat_preference = fields.Selection(
        [
            ("window", "Window"),
            ("aisle", "Aisle"),
            ("front", "Front Rows"),
            ("extra_legroom", "Extra Legroom"),
        ]
    )
    meal_preference = fields.Selection(
        [
            ("standard", "Standard"),
            ("vegetarian", "Vegetarian"),
            ("vegan", "Vegan"),
            ("halal", "Halal"),
            ("kosher", "Kosher"),
            ("gluten_free", "Gluten-free"),
            ("diabetic", "Diabetic"),
            ("child", "Child Meal"),
        ]
    )
    room_preference = fields.Selection(
        [
            ("single", "Single"),
            ("double", "Double Bed"),
            ("twin", "Twin Beds"),
            ("family", "Family Room"),
            ("suite", "Suite"),
        ]
    )
    dietary_needs = fields.Text()
    accessibility_needs = fields.Text()
    travel_notes = fields.Text()
    # relationships
    companion_ids = fields.One2many(
        "travel.companion", "partner_id", string="Companions"
    )
    companion_count = fields.Integer(compute="_compute_companion_count")
    referred_by_id = fields.Many2one(
        "res.partner",
        ondelete="set null",
        copy=False,
        index=True,
        tracking=True,
    )
    # communication
    preferred_channel = fields.Selection(
        [
            ("email", "Email"),
            ("phone", "Phone"),
            ("sms", "SMS"),
            ("messaging", "Messaging App"),
            ("in_person", "In Person"),
        ]
    )
    # consent is the traveller's own: a duplicated contact has not given it
    marketing_consent = fields.Boolean(
        copy=False,
        tracking=True,
        help="The traveller agreed to receive marketing messages.",
    )
    marketing_consent_date = fields.Datetime(
        compute="_compute_marketing_consent_date",
        store=True,
        readonly=False,
        copy=False,
        precompute=True,
        tracking=True,
        help="When the consent was given; set automatically, cleared on withdrawal.",
    )
    marketing_consent_source = fields.Selection(
        [
            ("web_form", "Website Form"),
            ("in_person", "In Person"),
            ("email", "Email"),
            ("phone", "Phone Call"),
            ("booking", "Booking"),
            ("import", "Data Import"),
            ("other", "Other"),
        ],
        copy=False,
        tracking=True,
    )

    @api.depends("birthdate")
    @api.depends_context("tz")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            birthdate = partner.birthdate
            partner.age = (
                relativedelta(today, birthdate).years
                if birthdate and birthdate <= today
                else 0
            )

    @api.depends("birthdate")
    @api.depends_context("tz")
    def _compute_next_birthday(self):
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=UPCOMING_BIRTHDAY_DAYS)
        for partner in self:
            upcoming = (
                next_anniversary(partner.birthdate, today)
                if partner.birthdate
                else False
            )
            partner.next_birthday = upcoming
            partner.has_upcoming_birthday = bool(upcoming and upcoming <= limit)

    def _search_has_upcoming_birthday(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on upcoming birthdays."))
        self.flush_model(["birthdate"])
        keys = month_day_keys(fields.Date.context_today(self), UPCOMING_BIRTHDAY_DAYS)
        query = SQL(
            "(SELECT id FROM %s WHERE to_char(birthdate, 'MMDD') IN %s)",
            SQL.identifier(self._table),
            tuple(sorted(keys)),
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", query)]

    @api.depends("emergency_contact_id")
    def _compute_emergency_contact(self):
        for partner in self:
            contact = partner.emergency_contact_id
            if contact:
                partner.emergency_contact_name = contact.name
                partner.emergency_contact_phone = contact.mobile or contact.phone

    def _compute_travel_document_count(self):
        counts = dict(
            self.env["travel.document"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.travel_document_count = counts.get(partner._origin, 0)

    def _travel_bookings_domain(self):
        return ["|", ("partner_id", "in", self.ids), ("traveller_ids", "in", self.ids)]

    def _compute_travel_booking_count(self):
        bookings = self.env["travel.booking"].search_fetch(
            self._travel_bookings_domain(), ["partner_id", "traveller_ids"]
        )
        counts = defaultdict(int)
        for booking in bookings:
            for partner in booking.partner_id | booking.traveller_ids:
                counts[partner.id] += 1
        for partner in self:
            partner.travel_booking_count = counts[partner._origin.id]

    def _compute_has_document_expiring_soon(self):
        partners = self.env["travel.document"]._read_group(
            [("partner_id", "in", self.ids), ("expires_soon", "=", True)],
            ["partner_id"],
        )
        flagged = {partner for (partner,) in partners}
        for partner in self:
            partner.has_document_expiring_soon = partner._origin in flagged

    def _search_has_document_expiring_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on expiring documents."))
        domain = [("travel_document_ids", "any", [("expires_soon", "=", True)])]
        if (operator == "=") != value:
            return ["!", *domain]
        return domain

    def _compute_companion_count(self):
        counts = dict(
            self.env["travel.companion"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.companion_count = counts.get(partner._origin, 0)

    @api.depends("marketing_consent")
    def _compute_marketing_consent_date(self):
        for partner in self:
            if not partner.marketing_consent:
                partner.marketing_consent_date = False
            elif not partner.marketing_consent_date:
                partner.marketing_consent_date = fields.Datetime.now()

    @api.constrains("referred_by_id")
    def _check_referred_by(self):
        for partner in self:
            if partner.referred_by_id == partner:
                raise ValidationError(
                    _("%s cannot be referred by themselves.", partner.name)
                )

    @api.constrains("birthdate")
    def _check_birthdate(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.birthdate and partner.birthdate > today:
                raise ValidationError(
                    _("The birth date of %s cannot be in the future.", partner.name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_travel_bookings(self):
        bookings = (
            self.env["travel.booking"]
            .sudo()
            .search(
                [
                    "|",
                    ("partner_id", "in", self.ids),
                    ("traveller_ids", "in", self.ids),
                ]
            )
        )
        booked = (bookings.partner_id | bookings.traveller_ids) & self
        if booked:
            raise UserError(
                _(
                    "%(partners)s cannot be deleted: they have bookings. Archive "
                    "them instead, or anonymize them to erase their personal data.",
                    partners=", ".join(booked.mapped("display_name")),
                )
            )

    def action_view_travel_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_document_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_travel_bookings(self):
        """The bookings this contact ordered or travels on."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_booking_action"
        )
        action["domain"] = self._travel_bookings_domain()
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_companions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Companions of %s", self.display_name),
            "res_model": "travel.companion",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id},
        }

    def action_email_opt_out(self):
        """Put the contacts' emails on Odoo's email blacklist (mail.blacklist).

        Any travel agent may record an opt-out; lifting it stays with the
        administrators (Odoo's standard blacklist screens).
        """
        partners = self.filtered("email_normalized")
        if not partners:
            raise UserError(_("There is no email address to opt out."))
        blacklist = self.env["mail.blacklist"].sudo()
        for email in set(partners.mapped("email_normalized")):
            blacklist._add(
                email, message=_("Opt-out recorded by %s", self.env.user.name)
            )
        return True

    def action_phone_opt_out(self):
        """Put the contacts' numbers on Odoo's phone blacklist (phone.blacklist)."""
        partners = self.filtered("phone_sanitized")
        if not partners:
            raise UserError(_("There is no valid phone number to opt out."))
        self.env["phone.blacklist"].sudo()._add(
            partners.mapped("phone_sanitized"),
            message=_("Opt-out recorded by %s", self.env.user.name),
        )
        return True
