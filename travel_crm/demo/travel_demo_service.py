from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import fields, models

FEEDBACK_COMMENTS = {
    "promoter": [
        "Everything was perfectly organised, thank you!",
        "Wonderful hotels and a great guide.",
        "Best holiday we ever had.",
        "Smooth from the first call to the flight home.",
    ],
    "passive": [
        "Good trip overall, the transfers were a bit late.",
        "Nice, but the hotel was far from the centre.",
        "Fine, nothing special.",
    ],
    "detractor": [
        "The hotel did not have our booking when we arrived.",
        "Flight delayed by six hours and nobody called us.",
        "The tour was cancelled at the last minute.",
    ],
}
# complaint state, priority, hours since it was opened, category, subject
COMPLAINTS = [
    ("new", "1", 2, "accommodation", "Room smaller than on the photos"),
    ("new", "2", 30, "transport", "Missed connection in Frankfurt"),
    ("new", "3", 60, "billing", "Charged twice for the excursion"),
    ("new", "0", 5, "staff", "Unfriendly reception at the hotel"),
    ("in_progress", "1", 20, "guide", "Guide spoke no English"),
    ("in_progress", "2", 80, "delay", "Transfer two hours late"),
    ("in_progress", "3", 120, "accommodation", "No hot water for three days"),
    ("in_progress", "1", 10, "billing", "Deposit not deducted on the invoice"),
    ("resolved", "2", 200, "transport", "Luggage lost on the return flight"),
    ("resolved", "1", 150, "accommodation", "Noisy room next to the lift"),
    ("resolved", "3", 300, "delay", "Overnight flight delay without a hotel"),
    ("resolved", "0", 90, "guide", "Tour shortened by an hour"),
    ("closed", "1", 900, "accommodation", "Pool closed during the stay"),
    ("closed", "2", 1200, "transport", "Downgraded to economy"),
    ("closed", "0", 700, "staff", "Documents sent late"),
    ("closed", "1", 1500, "billing", "Wrong name on the invoice"),
]


class TravelDemoAgency(models.AbstractModel):
    """The demo agency's after-sales service: feedback on completed trips and
    complaints in every state, escalated as the SLA run would."""

    _inherit = "travel.demo.agency"

    def _create_feedback(self, rng, targets):
        """Completing a trip asks its travellers for feedback; most answer."""
        done = self._of(targets, "done")
        self.env["travel.feedback"]._create_requests(done, send=False)
        requests = self.env["travel.feedback"].search(
            [("booking_id", "in", done.ids), ("state", "=", "requested")], order="id"
        )
        now = fields.Datetime.now()
        # the demo portal user's request stays open: their portal asks for it
        portal = self._portal_partner()
        for feedback in requests.filtered(lambda f: f.partner_id != portal):
            if rng.random() < 0.2:
                continue  # still waiting for an answer
            score = rng.choices(
                range(11), weights=[1, 1, 1, 2, 2, 3, 4, 8, 12, 16, 14]
            )[0]
            category = (
                "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
            )
            comment = (
                rng.choice(FEEDBACK_COMMENTS[category]) if rng.random() < 0.7 else None
            )
            feedback._submit(score, comment)
            answered = datetime.combine(
                feedback.booking_id.return_date + timedelta(days=rng.randint(1, 10)),
                time(rng.randint(8, 20), rng.randint(0, 59)),
            )
            feedback.date_answered = min(answered, now)

    def _create_complaints(self, rng, targets):
        """Complaints in every state; overdue ones get escalated by the SLA run."""
        Complaint = self.env["travel.complaint"]
        trips = sorted(
            (b for b, t in targets.items() if t in ("done", "in_progress")),
            key=lambda b: b.return_date,
            reverse=True,
        )
        now = fields.Datetime.now()
        manager = self._ref("user_travel_manager_demo")
        for index, (state, priority, hours, category, subject) in enumerate(COMPLAINTS):
            booking = trips[index * 2 % len(trips)]
            line = booking.line_ids.filtered("supplier_id")[:1]
            complaint = Complaint.create(
                {
                    "subject": subject,
                    "description": Markup("<p>%s</p>") % subject,
                    "partner_id": booking.partner_id.id,
                    "booking_id": booking.id,
                    "booking_line_id": line.id,
                    "supplier_id": line.supplier_id.id,
                    "category_id": self._ref(
                        f"travel_complaint_category_{category}"
                    ).id,
                    "priority": priority,
                    "channel": rng.choice(["email", "phone", "web", "in_person"]),
                    "date_open": now - timedelta(hours=hours),
                }
            )
            if state == "new":
                continue
            complaint.with_user(manager).action_start()
            if state == "in_progress":
                continue
            complaint.resolution = Markup(
                "<p>Apologised; the supplier confirmed the issue and compensates.</p>"
            )
            if index % 4 == 0:
                complaint.write(
                    {"compensation_type": "loyalty_points", "compensation_points": 1000}
                )
            complaint.action_resolve()
            if state == "closed":
                complaint.action_close()
        # refresh the SLA figures and escalate breaches as the hourly run would
        # (its steps without the cron's batch commits, inside the install)
        for domain, method in Complaint._sla_cron_steps(now):
            getattr(Complaint.search(domain), method)()
