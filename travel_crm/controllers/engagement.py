from werkzeug.exceptions import NotFound

from odoo.http import Controller, Response, request, route
from odoo.tools import consteq


class TravelEngagementController(Controller):
    def _check_unsubscribe(self, partner_id, token):
        partner_sudo = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not (
            partner_sudo
            and token
            and consteq(partner_sudo._travel_unsubscribe_token(), token)
        ):
            raise NotFound()
        return partner_sudo

    @route(
        "/travel/unsubscribe/<int:partner_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def travel_unsubscribe_page(self, partner_id, token=None):
        """Ask for confirmation: link scanners follow GET links, so only the
        form's POST withdraws the consent."""
        partner_sudo = self._check_unsubscribe(partner_id, token)
        return request.render(
            "travel_crm.travel_unsubscribe_page",
            {"partner": partner_sudo, "token": token, "done": False},
        )

    @route(
        "/travel/unsubscribe/<int:partner_id>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        csrf=False,
    )
    def travel_unsubscribe_confirm(self, partner_id, token=None, **post):
        """Confirmation form and RFC 8058 one-click (List-Unsubscribe-Post):
        the token authenticates, the session may be any (csrf off)."""
        partner_sudo = self._check_unsubscribe(partner_id, token)
        partner_sudo._travel_withdraw_marketing_consent()
        if post.get("List-Unsubscribe") == "One-Click":
            return Response(status=200)
        return request.render(
            "travel_crm.travel_unsubscribe_page",
            {"partner": partner_sudo, "token": token, "done": True},
        )
