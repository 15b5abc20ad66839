from odoo import api, fields, models


class TravelPublicHolidayImport(models.TransientModel):
    """Asks for the country and year whose public holidays a working calendar
    imports as time off."""

    _name = "travel.public.holiday.import"
    _description = "Import Public Holidays"
    _check_company_auto = True

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="calendar_id.company_id")
    country_id = fields.Many2one(
        "res.country",
        required=True,
        ondelete="cascade",
        compute="_compute_country_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
    )

    @api.depends("calendar_id")
    def _compute_country_id(self):
        for wizard in self:
            wizard.country_id = (
                wizard.country_id
                or wizard.calendar_id.company_id.country_id
                or self.env.company.country_id
            )

    def action_import(self):
        self.ensure_one()
        leaves = self.calendar_id._import_public_holidays(self.country_id, self.year)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if leaves else "info",
                "title": self.env._("Public holidays"),
                "message": self.env._(
                    "%(count)s public holidays of %(country)s in %(year)s added to "
                    "%(calendar)s.",
                    count=len(leaves),
                    country=self.country_id.name,
                    year=self.year,
                    calendar=self.calendar_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
