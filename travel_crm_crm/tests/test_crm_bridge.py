from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCrmBridge(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="crm_travel_agent",
            groups="base.group_user,travel_crm.group_travel_agent,"
            "sales_team.group_sale_salesman",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Lead Customer"})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Honeymoon in Bali",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.agent.id,
            }
        )

    def _booking_from_lead(self, lead):
        action = lead.with_user(self.agent).action_create_travel_booking()
        booking_env = self.env["travel.booking"].with_user(self.agent)
        form = Form(booking_env.with_context(**action["context"]))
        with form.line_ids.new() as line:
            line.name = "Ubud villa, 7 nights"
            line.service_type = "hotel"
            line.price_unit = 1400
            line.cost_unit = 1100
        return form.save()

    def test_booking_created_from_opportunity_keeps_it_and_its_customer(self):
        booking = self._booking_from_lead(self.lead)
        self.assertEqual(booking.opportunity_id, self.lead)
        self.assertEqual(booking.partner_id, self.customer)
        self.assertEqual(booking.user_id, self.agent)
        self.assertEqual(self.lead.travel_booking_count, 1)

    def test_confirming_the_booking_marks_the_opportunity_won(self):
        booking = self._booking_from_lead(self.lead)
        self.assertFalse(self.lead.stage_id.is_won)
        booking.with_user(self.agent).action_confirm()
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertEqual(self.lead.probability, 100)

    def test_opportunity_without_customer_cannot_make_a_booking(self):
        lead = self.env["crm.lead"].create({"name": "Anonymous", "type": "opportunity"})
        with self.assertRaises(UserError):
            lead.with_user(self.agent).action_create_travel_booking()
