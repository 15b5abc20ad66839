import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.travel_crm.models.value.res_partner import (
    LIFECYCLE_STAGES,
    VALUE_SEGMENTS,
)
from odoo.addons.travel_crm.tools.cron_batch import CronBatch

_logger = logging.getLogger(__name__)

MANAGER = "travel_crm.group_travel_manager"


class MailingList(models.Model):
    """A mailing list can follow a Travel CRM value segment and/or lifecycle
    stage: syncing it subscribes the travellers the company scored in them
    who may receive marketing email, and unsubscribes those who left."""

    _inherit = "mailing.list"

    travel_value_segment = fields.Selection(
        VALUE_SEGMENTS,
        string="Travel Segment",
        help="Keep this list to the travellers in this value segment.",
    )
    travel_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Travel Stage",
        help="Keep this list to the travellers in this lifecycle stage.",
    )
    travel_company_id = fields.Many2one(
        "res.company",
        string="Travel Scoring Company",
        default=lambda self: self.env.company,
        ondelete="set null",
        help="Travellers whose customer value this company scored.",
    )
    travel_sync_date = fields.Datetime(
        string="Last Travel Sync",
        readonly=True,
        copy=False,
    )

    def _travel_is_synced(self):
        self.ensure_one()
        return bool(
            self.travel_company_id
            and (self.travel_value_segment or self.travel_lifecycle_stage)
        )

    def _travel_eligible_domain(self):
        """Travellers the list should hold: scored by its company, in its
        segment and stage, with marketing consent and an email address that
        is not blacklisted."""
        self.ensure_one()
        domain = [
            ("value_company_id", "=", self.travel_company_id.id),
            ("marketing_consent", "=", True),
            ("email_normalized", "!=", False),
            ("is_blacklisted", "=", False),
        ]
        if self.travel_value_segment:
            domain.append(("value_segment", "=", self.travel_value_segment))
        if self.travel_lifecycle_stage:
            domain.append(("lifecycle_stage", "=", self.travel_lifecycle_stage))
        return domain

    def action_travel_sync(self):
        """Sync the lists with their segment / stage now (travel managers)."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only travel managers can sync travel mailing lists.")
            )
        unsynced = self.filtered(
            lambda mailing_list: not mailing_list._travel_is_synced()
        )
        if unsynced:
            raise UserError(
                self.env._(
                    "Choose a travel segment or stage, and the travel scoring "
                    "company, on %(lists)s first.",
                    lists=", ".join(unsynced.mapped("name")),
                )
            )
        added = removed = 0
        for mailing_list in self:
            list_added, list_removed = mailing_list._travel_sync()
            added += list_added
            removed += list_removed
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(added)s traveller(s) subscribed, %(removed)s unsubscribed.",
                    added=added,
                    removed=removed,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _travel_sync(self):
        """Subscribe the eligible travellers missing from the list and remove
        the active subscriptions of those no longer eligible. A subscription
        the person opted out of is never touched: syncing does not
        re-subscribe someone who unsubscribed. Returns (added, removed)."""
        self.ensure_one()
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(self._travel_eligible_domain(), order="id")
        )
        wanted = {}
        for partner in partners:
            wanted.setdefault(partner.email_normalized, partner)
        Subscription = self.env["mailing.subscription"]
        subscriptions = Subscription.search([("list_id", "=", self.id)])
        present = {sub.contact_id.email_normalized for sub in subscriptions}
        leaving = subscriptions.filtered(
            lambda sub: (
                not sub.opt_out and sub.contact_id.email_normalized not in wanted
            )
        )
        missing = {
            email: partner for email, partner in wanted.items() if email not in present
        }
        contacts = self._travel_contacts_for(missing)
        if contacts:
            Subscription.create(
                [{"contact_id": contact.id, "list_id": self.id} for contact in contacts]
            )
        if leaving:
            leaving.unlink()
        self.travel_sync_date = fields.Datetime.now()
        _logger.info(
            "Mailing list %s: %s subscribed, %s unsubscribed",
            self.id,
            len(contacts),
            len(leaving),
        )
        return len(contacts), len(leaving)

    @api.model
    def _travel_contacts_for(self, partners_by_email):
        """A mailing contact per email: the existing one (lowest id) when the
        address is already known to Email Marketing, else a new one."""
        if not partners_by_email:
            return self.env["mailing.contact"]
        Contact = self.env["mailing.contact"]
        existing = {}
        for contact in Contact.search(
            [("email_normalized", "in", list(partners_by_email))], order="id"
        ):
            existing.setdefault(contact.email_normalized, contact)
        new_contacts = Contact.create(
            [
                {
                    "name": partner.name,
                    "email": partner.email,
                    "company_name": partner.commercial_company_name or False,
                    "country_id": partner.country_id.id,
                }
                for email, partner in partners_by_email.items()
                if email not in existing
            ]
        )
        return Contact.union(*existing.values()) | new_contacts

    @api.model
    def _cron_travel_sync(self):
        """Sync every list that follows a travel segment or stage, one list
        per step (the segmentation runs first, nightly)."""
        lists = self.search(
            [
                ("travel_company_id", "!=", False),
                "|",
                ("travel_value_segment", "!=", False),
                ("travel_lifecycle_stage", "!=", False),
            ],
            order="id",
        )
        batch = CronBatch(self.env, len(lists))
        for list_ids in batch.batches(lists.ids, 1):
            self.browse(list_ids)._travel_sync()
        batch.close()
