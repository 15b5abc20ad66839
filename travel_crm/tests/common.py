from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# The actions that bring a new (draft) booking to each state, in order.
STATE_ACTIONS = {
    "draft": (),
    "confirmed": ("action_confirm",),
    "in_progress": ("action_confirm", "action_start"),
    "done": ("action_confirm", "action_done"),
    "cancelled": ("action_cancel",),
}


def travel_user(env, login, groups, **vals):
    """A test user in the timezone of the user running the suite.

    Dates a user sees ("today", a posted entry's date) follow the user's tz; a
    user in UTC and an admin in Europe/Brussels disagree late in the evening,
    so every test user shares the admin's tz.
    """
    vals.setdefault("email", f"{login}@example.com")
    return new_test_user(env, login=login, groups=groups, tz=env.user.tz, **vals)


def booking_line(name="Tour", service_type="tour", price=1000.0, cost=0.0, **vals):
    """A ``Command.create`` for one booking line (price and cost per unit)."""
    return Command.create(
        {
            "name": name,
            "service_type": service_type,
            "price_unit": price,
            "cost_unit": cost,
            **vals,
        }
    )


def booking_vals(partner, lines=None, travellers=None, **vals):
    """The values ``create_booking`` creates a booking with (for a batch
    ``create`` of many draft bookings)."""
    if lines is None:
        lines = [booking_line()]
    if travellers is True:
        travellers = partner
    if travellers:
        vals["traveller_ids"] = [Command.set(travellers.ids)]
    return {"partner_id": partner.id, "line_ids": lines, **vals}


def create_booking(env, partner, lines=None, travellers=None, state="draft", **vals):
    """The suite's one booking factory.

    ``lines`` are ``booking_line(...)`` commands (default: one 1,000 tour at no
    cost); ``travellers`` default to the customer when given as True; ``state``
    is reached through the booking's own actions (``STATE_ACTIONS``), so its
    side effects (points, feedback requests) happen as they do for a user.
    Other keyword arguments are booking fields.
    """
    booking = env["travel.booking"].create(
        booking_vals(partner, lines, travellers, **vals)
    )
    for action in STATE_ACTIONS[state]:
        getattr(booking, action)()
    return booking


class TravelCrmCase(TransactionCase):
    """Shared fixtures for travel_crm tests: one user per role.

    ``agent`` and ``manager`` are travel staff, ``internal_user`` is an employee
    outside travel, ``portal_user`` a customer with portal access. Keep this class
    small: add fixtures in the test modules that need them.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_agent = new_test_user(
            cls.env,
            login="travel_agent",
            name="Tina Agent",
            email="tina.agent@example.com",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="travel_manager",
            name="Max Manager",
            email="max.manager@example.com",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.user_internal = new_test_user(
            cls.env,
            login="travel_internal",
            name="Ivan Internal",
            email="ivan.internal@example.com",
            groups="base.group_user",
        )
        cls.user_portal = new_test_user(
            cls.env,
            login="travel_portal",
            name="Paula Portal",
            email="paula.portal@example.com",
            groups="base.group_portal",
        )

    @classmethod
    def _create_traveller(cls, name, **vals):
        return cls.env["res.partner"].create(
            {"name": name, "is_traveller": True, **vals}
        )

    @classmethod
    def _create_booking(
        cls, partner, lines=None, travellers=None, state="draft", **vals
    ):
        return create_booking(cls.env, partner, lines, travellers, state, **vals)
