from odoo import _, http, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class TravelProposalPortal(CustomerPortal):
    """The customer's side of a proposal: accept with a signature (JSON, like
    sale's ``/my/orders/<id>/accept``) or decline with a message. A refusal
    answers why and writes nothing."""

    def _travel_proposal_booking(self, booking_id, access_token):
        return self._document_check_access(
            "travel.booking", booking_id, access_token=access_token
        )

    @staticmethod
    def _travel_ids(value):
        """Record ids from untrusted input: an int, a list, or "1,2"."""
        if value in (None, False, ""):
            return []
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            value = [value]
        return [int(v) for v in value]

    @http.route(
        ["/my/bookings/<int:booking_id>/accept"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_travel_proposal_accept(
        self,
        booking_id,
        access_token=None,
        name=None,
        signature=None,
        option_id=None,
        optional_line_ids=None,
        **kw,
    ):
        try:
            booking_sudo = self._travel_proposal_booking(booking_id, access_token)
        except (AccessError, MissingError):
            return {"error": _("Invalid proposal.")}
        try:
            option_ids = self._travel_ids(option_id)
            line_ids = self._travel_ids(optional_line_ids)
        except (TypeError, ValueError):
            return {"error": _("Invalid choice.")}
        env = request.env
        option = env["travel.booking.option"].sudo().browse(option_ids[:1]).exists()
        lines = env["travel.booking.line"].sudo().browse(line_ids).exists()
        if len(option) != len(option_ids[:1]) or len(lines) != len(set(line_ids)):
            return {"error": _("Invalid choice.")}
        try:
            with env.cr.savepoint():
                result = booking_sudo._travel_accept_proposal(
                    option, lines, name, signature
                )
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        # the payment schedule answers the invoice to pay, if there is one
        invoice = result if isinstance(result, models.BaseModel) else None
        if (
            booking_sudo.require_payment
            and invoice
            and invoice.state == "posted"
            and invoice.payment_state == "not_paid"
        ):
            return {"force_refresh": True, "redirect_url": invoice.get_portal_url()}
        query = f"&message={_('Proposal accepted. Thank you!')}"
        return {
            "force_refresh": True,
            "redirect_url": booking_sudo.get_portal_url(query_string=query),
        }

    @http.route(
        ["/my/bookings/<int:booking_id>/decline"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_travel_proposal_decline(
        self, booking_id, access_token=None, decline_message=None, **kw
    ):
        try:
            booking_sudo = self._travel_proposal_booking(booking_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                booking_sudo._travel_decline_proposal(decline_message)
        except (UserError, ValidationError) as error:
            query = f"&message={error.args[0]}"
            return request.redirect(booking_sudo.get_portal_url(query_string=query))
        return request.redirect(booking_sudo.get_portal_url())
