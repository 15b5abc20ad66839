from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintWaitingTour(HttpCase):
    """A real browser puts a complaint on hold and takes it back."""

    def test_agent_puts_a_complaint_on_hold_and_back(self):
        agent = new_test_user(
            self.env,
            login="tour_waiting_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        traveller = self.env["res.partner"].create(
            {"name": "Waiting Traveller", "email": "waiting@example.com"}
        )
        complaint = self.env["travel.complaint"].create(
            {
                "subject": "Stained carpet in room 207",
                "partner_id": traveller.id,
                "user_id": agent.id,
                "description": "Photos to follow.",
            }
        )
        complaint.action_start()
        self.start_tour(
            "/odoo/action-travel_crm.travel_complaint_action",
            "travel_crm_complaint_waiting_tour",
            login="tour_waiting_agent",
        )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.state, "in_progress")
        wait = complaint.wait_ids
        self.assertEqual(len(wait), 1)
        self.assertEqual(wait.waiting_on, "customer")
        self.assertEqual(wait.user_id, agent)
        self.assertTrue(wait.date_end)
