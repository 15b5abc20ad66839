from odoo import models


class TravelComplaint(models.Model):
    """Complaints shared with the traveller on the customer portal.

    ``portal.mixin`` gives each complaint an access token: the traveller's
    notification mails link to ``/my/complaints/<id>`` and the portal chatter
    can post on a complaint the traveller may only read (Odoo's token and
    signed hash mechanism, as for sales orders and invoices).
    """

    _name = "travel.complaint"
    _inherit = ["travel.complaint", "portal.mixin"]

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return result
