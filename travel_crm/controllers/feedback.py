from odoo import http
from odoo.http import request

from ..models.service.travel_feedback import SCORES


class TravelFeedbackController(http.Controller):
    """Public, token-protected post-trip feedback page (no login needed).

    The token identifies one pending feedback request (one booking, one
    traveller). Unknown tokens get a 404; an answered request cannot be
    answered again.
    """

    def _get_feedback(self, token):
        if not token or len(token) < 20:
            return request.env["travel.feedback"]
        return (
            request.env["travel.feedback"]
            .sudo()
            .search([("access_token", "=", token)], limit=1)
        )

    def _render(self, template, feedback, status=200, **values):
        lang = feedback.partner_id.lang or request.env.lang
        html = (
            request.env["ir.ui.view"]
            .with_context(lang=lang)
            ._render_template(
                template,
                {"feedback": feedback, "booking": feedback.booking_id, **values},
            )
        )
        return request.make_response(
            html, headers=[("Content-Type", "text/html; charset=utf-8")], status=status
        )

    def _render_form(self, feedback, token, **values):
        return self._render(
            "travel_crm.feedback_page_form",
            feedback,
            token=token,
            scores=SCORES,
            **values,
        )

    def _refusal(self, feedback):
        """The page for a link that cannot be used (404 unknown, 403 already
        answered), or None for a pending request."""
        if not feedback:
            raise request.not_found()
        if feedback.state != "requested":
            return self._render("travel_crm.feedback_page_used", feedback, status=403)
        return None

    @http.route(
        "/travel/feedback/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def feedback_form(self, token, **kwargs):
        feedback = self._get_feedback(token)
        refusal = self._refusal(feedback)
        if refusal is not None:
            return refusal
        return self._render_form(feedback, token)

    @http.route(
        "/travel/feedback/<string:token>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def feedback_submit(self, token, score=None, comment=None, **kwargs):
        feedback = self._get_feedback(token)
        refusal = self._refusal(feedback)
        if refusal is not None:
            return refusal
        try:
            value = int(score)
        except (TypeError, ValueError):
            value = -1
        if value not in SCORES:
            return self._render_form(feedback, token, error=True, comment=comment)
        feedback._submit(value, comment)
        return self._render("travel_crm.feedback_page_thanks", feedback)
