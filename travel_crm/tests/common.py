from odoo.tests import TransactionCase, new_test_user


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
