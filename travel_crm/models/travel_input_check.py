"""The input check of the models integrators create and write over RPC.

``travel.input.check`` checks the values of ``create`` and ``write`` against
their fields (``tools/input_check.py``) before any override sees them. Each
model below lists it *first* in ``_inherit``: Odoo puts the parents of a model
class in ``_inherit`` order, so the mixin comes before every class of the model
loaded earlier, and its ``create``/``write`` are the outermost. This file is
imported last in ``models/__init__.py`` so that "earlier" is the whole addon.
"""

from odoo import api, models

from ..tools.input_check import check_values


class TravelInputCheck(models.AbstractModel):
    _name = "travel.input.check"
    _description = "Values Checked Against Their Fields"

    @api.model_create_multi
    def create(self, vals_list):
        check_values(self, vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        if self:  # writing on no record writes nothing
            check_values(self, [vals], create=False)
        return super().write(vals)


class TravelBooking(models.Model):
    _name = "travel.booking"
    _inherit = ["travel.input.check", "travel.booking"]


class TravelBookingLine(models.Model):
    _name = "travel.booking.line"
    _inherit = ["travel.input.check", "travel.booking.line"]


class TravelDocument(models.Model):
    _name = "travel.document"
    _inherit = ["travel.input.check", "travel.document"]


class TravelCompanion(models.Model):
    _name = "travel.companion"
    _inherit = ["travel.input.check", "travel.companion"]


class TravelDestinationRule(models.Model):
    _name = "travel.destination.rule"
    _inherit = ["travel.input.check", "travel.destination.rule"]


class TravelLoyaltyTier(models.Model):
    _name = "travel.loyalty.tier"
    _inherit = ["travel.input.check", "travel.loyalty.tier"]


class TravelLoyaltyTransaction(models.Model):
    _name = "travel.loyalty.transaction"
    _inherit = ["travel.input.check", "travel.loyalty.transaction"]


class TravelComplaint(models.Model):
    _name = "travel.complaint"
    _inherit = ["travel.input.check", "travel.complaint"]


class TravelSlaPolicy(models.Model):
    _name = "travel.sla.policy"
    _inherit = ["travel.input.check", "travel.sla.policy"]


class TravelFeedback(models.Model):
    _name = "travel.feedback"
    _inherit = ["travel.input.check", "travel.feedback"]


class TravelEngagementRule(models.Model):
    _name = "travel.engagement.rule"
    _inherit = ["travel.input.check", "travel.engagement.rule"]
