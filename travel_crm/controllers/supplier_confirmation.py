from odoo import http
from odoo.http import request
from odoo.tools import consteq


class TravelSupplierConfirmation(http.Controller):
    """Public, token-protected page where a supplier confirms or declines one
    booked service (no login). Unknown line or token: 404. A service answers
    once; later visits show the answer given."""

    def _get_line(self, line_id, token):
        line = request.env["travel.booking.line"].sudo().browse(line_id).exists()
        if (
            not line
            or not token
            or not line.supplier_access_token
            or not consteq(line.supplier_access_token, token)
        ):
            raise request.not_found()
        return line

    def _render(self, line, **values):
        lang = line.supplier_id.lang or request.env.lang
        html = (
            request.env["ir.ui.view"]
            .with_context(lang=lang)
            ._render_template(
                "travel_crm.supplier_confirmation_page",
                {"line": line, "booking": line.booking_id, **values},
            )
        )
        return request.make_response(
            html, headers=[("Content-Type", "text/html; charset=utf-8")]
        )

    @http.route(
        "/travel/supplier/<int:line_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def supplier_page(self, line_id, token, **kwargs):
        line = self._get_line(line_id, token)
        return self._render(line, token=token)

    @http.route(
        "/travel/supplier/<int:line_id>/<string:token>/answer",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def supplier_answer(self, line_id, token, answer=None, reference=None, **kw):
        line = self._get_line(line_id, token)
        if line._supplier_can_answer() and answer in ("confirm", "decline"):
            line._supplier_answer(
                answer == "confirm", reference=reference, note=kw.get("note")
            )
        return self._render(line, token=token)
