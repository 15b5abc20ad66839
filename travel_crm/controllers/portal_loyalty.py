from odoo import http
from odoo.http import request
from odoo.tools import is_html_empty

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import TravelCustomerPortal


class TravelLoyaltyPortal(TravelCustomerPortal):
    """The traveller's points, tier and ledger on /my/loyalty, shown while the
    company runs the loyalty programme."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["travel_loyalty_enabled"] = self._travel_loyalty_enabled()
        return values

    def _travel_loyalty_enabled(self):
        """The loyalty pages follow the company's programme switch."""
        return request.env.company.loyalty_enabled

    @http.route(
        ["/my/loyalty", "/my/loyalty/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_travel_loyalty(self, page=1, **kw):
        if not self._travel_loyalty_enabled():
            raise request.not_found()
        partner = request.env.user.partner_id
        Transaction = request.env["travel.loyalty.transaction"].sudo()
        domain = [("partner_id", "=", partner.id)]
        pager = portal_pager(
            url="/my/loyalty",
            total=Transaction.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        transactions = Transaction.search(
            domain,
            order="date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        partner_sudo = partner.sudo()
        tier = partner_sudo.loyalty_tier_id
        tiers = request.env["travel.loyalty.tier"].sudo().search([])
        next_tier = tiers.filtered(lambda t: t.min_points > tier.min_points).sorted(
            "min_points"
        )[:1]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "travel_loyalty",
                "partner": partner_sudo,
                "tier": tier,
                "tier_benefits": (
                    tier.description if not is_html_empty(tier.description) else False
                ),
                "next_tier": next_tier,
                "transactions": transactions,
                "pager": pager,
            }
        )
        return request.render("travel_crm.portal_my_travel_loyalty", values)
