from odoo import http
from odoo.http import request


class TravelPrivacyController(http.Controller):
    """JSON download of everything held on a traveller, for travel managers.

    Served from memory, never stored as an attachment: a copy of the personal
    data left in the filestore would itself need erasing. Each download is
    logged (``travel.privacy.log``, export_json).
    """

    @http.route(
        "/travel/privacy/export/<int:partner_id>.json",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def travel_privacy_export(self, partner_id, **kwargs):
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise request.not_found()
        # AccessError (not a travel manager) becomes a 403 response
        payload = partner._travel_privacy_export_json()
        filename = f"traveller-{partner.id}-personal-data.json"
        return request.make_response(
            payload,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
