from datetime import timedelta

from odoo import Command, models

from .travel_demo_bookings import DESTINATIONS

FIRST_NAMES = [
    ("Oliver", "male"),
    ("Mei", "female"),
    ("Hugo", "male"),
    ("Ingrid", "female"),
    ("Rafael", "male"),
    ("Yuki", "female"),
    ("Daniel", "male"),
    ("Chloé", "female"),
    ("Mateo", "male"),
    ("Hannah", "female"),
    ("Wei", "male"),
    ("Fatima", "female"),
    ("Lars", "male"),
    ("Elena", "female"),
    ("Samuel", "male"),
    ("Aiko", "female"),
    ("Tomás", "male"),
    ("Nora", "female"),
    ("Arjun", "male"),
    ("Zoe", "female"),
    ("Felix", "male"),
    ("Leila", "female"),
    ("Jonas", "male"),
    ("Isabel", "female"),
    ("Min-jun", "male"),
    ("Olivia", "female"),
    ("Ethan", "male"),
    ("Sara", "female"),
    ("Kwame", "male"),
    ("Ling", "female"),
    ("Pierre", "male"),
    ("Alba", "female"),
    ("Henrik", "male"),
    ("Maya", "female"),
    ("Victor", "male"),
    ("Julia", "female"),
    ("Ravi", "male"),
]
LAST_NAMES = [
    ("Bennett", "uk"),
    ("Zhang", "cn"),
    ("Lefèvre", "fr"),
    ("Johansson", "se"),
    ("Costa", "pt"),
    ("Nakamura", "jp"),
    ("Fischer", "de"),
    ("Moreau", "fr"),
    ("García", "es"),
    ("Keller", "ch"),
    ("Liu", "tw"),
    ("El Amrani", "ma"),
    ("Nilsen", "no"),
    ("Popescu", "ro"),
    ("Okafor", "ng"),
    ("Sato", "jp"),
    ("Herrera", "mx"),
    ("Lindqvist", "se"),
    ("Patel", "in"),
    ("Murphy", "ie"),
    ("Wagner", "at"),
    ("Haddad", "lb"),
    ("Vermeulen", "be"),
    ("Ferreira", "br"),
    ("Kim", "kr"),
    ("Clarke", "au"),
    ("Brown", "us"),
    ("Novak", "cz"),
    ("Mensah", "gh"),
    ("Chen", "sg"),
    ("Laurent", "fr"),
    ("Ruiz", "es"),
    ("Berg", "dk"),
    ("Kowalski", "pl"),
    ("Dubois-Roy", "ca"),
    ("Becker", "de"),
    ("Rao", "in"),
]
TAGS = [
    "adventure",
    "food",
    "culture",
    "beach",
    "nature",
    "luxury",
    "family",
    "wellness",
    "city",
    "sport",
]
STYLES = ["independent", "guided", "package", "tailor_made", "cruise", "business"]
BUDGETS = ["economy", "standard", "standard", "premium", "luxury"]
SEATS = ["window", "aisle", "front", "extra_legroom"]
MEALS = ["standard", "standard", "vegetarian", "vegan", "halal", "gluten_free"]
ROOMS = ["double", "twin", "single", "family", "suite"]
CHANNELS = ["email", "email", "phone", "sms", "messaging"]
CONSENT_SOURCES = ["web_form", "in_person", "booking", "email"]


class TravelDemoAgency(models.AbstractModel):
    """The demo agency's travellers: the XML ones plus generated profiles with
    documents, preferences, companions and referrals."""

    _inherit = "travel.demo.agency"

    def _demo_birthdate(self, days):
        """A birth date ``days`` from today, never 29 February: a leap-day
        birthday is celebrated on another day in three years out of four, an
        edge case the demo agency should not depend on the install day for."""
        birthdate = self._demo_date(days)
        if (birthdate.month, birthdate.day) == (2, 29):
            birthdate -= timedelta(days=1)
        return birthdate

    def _create_travellers(self, rng):
        """The XML travellers plus generated ones with documents, preferences,
        companions and referrals."""
        Partner = self.env["res.partner"]
        existing = Partner.search(
            [("is_traveller", "=", True), ("email", "!=", False)], order="id"
        ) - self._ref("res_partner_traveller_lucia_romero_dup")
        generated = Partner.create(
            [
                self._traveller_vals(rng, index, first, gender, last, country_code)
                for index, ((first, gender), (last, country_code)) in enumerate(
                    zip(FIRST_NAMES, LAST_NAMES, strict=True)
                )
            ]
        )
        self._update_demo_xmlids(
            {
                f"travel_crm.res_partner_traveller_demo_{index:02d}": partner
                for index, partner in enumerate(generated, start=1)
            }
        )
        self._create_documents(rng, generated)
        self._create_companions(rng, generated)
        # a few customers came through a friend's recommendation
        for partner in generated[5:30:6]:
            partner.referred_by_id = rng.choice(existing | generated[:5])
        # some withdraw their consent later: the consent log shows both
        generated.filtered("marketing_consent")[:3].marketing_consent = False
        return existing | generated

    def _portal_partner(self):
        """The contact of Odoo's demo portal user (login ``portal``), or an
        empty recordset where there is none."""
        user = self.env.ref("base.demo_user0", raise_if_not_found=False)
        return user.partner_id if user else self.env["res.partner"]

    def _create_portal_traveller(self):
        """Make the demo portal user a traveller with a valid passport, so that
        their trips confirm without a document warning."""
        partner = self._portal_partner()
        if not partner:
            return partner
        usa = self.env.ref("base.us")
        partner.write({"is_traveller": True, "nationality_id": usa.id})
        self.env["travel.document"].create(
            {
                "partner_id": partner.id,
                "document_type": "passport",
                "number": "568914237",
                "issuing_country_id": usa.id,
                "issue_date": self._demo_date(6 * 365 - 10 * 365),
                "expiry_date": self._demo_date(6 * 365),
            }
        )
        return partner

    def _traveller_vals(self, rng, index, first, gender, last, country_code):
        """The profile of the ``index``-th generated traveller; one in three
        gave no marketing consent."""
        country = self.env.ref(f"base.{country_code}")
        consent = index % 3 != 0
        return {
            "name": f"{first} {last}",
            "is_traveller": True,
            "email": f"{first}.{last}".lower().replace(" ", "") + "@example.com",
            "phone": f"+1 555 01{index:02d} {rng.randint(1000, 9999)}",
            "country_id": country.id,
            "nationality_id": country.id,
            "birthdate": self._demo_birthdate(-rng.randint(24 * 365, 72 * 365)),
            "gender": gender,
            "interest_tag_ids": [
                Command.set(
                    [
                        self._ref(f"travel_interest_tag_{tag}").id
                        for tag in rng.sample(TAGS, rng.randint(1, 3))
                    ]
                )
            ],
            "preferred_destination_ids": [
                Command.set(
                    [
                        self.env.ref(f"base.{dest[0]}").id
                        for dest in rng.sample(DESTINATIONS, 2)
                    ]
                )
            ],
            "travel_style": rng.choice(STYLES),
            "budget_band": rng.choice(BUDGETS),
            "seat_preference": rng.choice(SEATS),
            "meal_preference": rng.choice(MEALS),
            "room_preference": rng.choice(ROOMS),
            "preferred_channel": rng.choice(CHANNELS),
            "marketing_consent": consent,
            "marketing_consent_source": consent and rng.choice(CONSENT_SOURCES),
        }

    def _create_documents(self, rng, partners):
        vals_list = []
        for index, partner in enumerate(partners):
            # one traveller in seven has no passport on file yet
            if index % 7 == 3:
                continue
            expiry = rng.randint(-60, 9 * 365)
            if index % 9 == 0:
                expiry = rng.randint(20, 150)  # expires soon: an engagement alert
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "document_type": "passport",
                    "number": f"P{rng.randint(10**7, 10**8 - 1)}",
                    "issuing_country_id": partner.nationality_id.id,
                    "issue_date": self._demo_date(expiry - 10 * 365),
                    "expiry_date": self._demo_date(expiry),
                }
            )
            if index % 4 == 0:
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "document_type": "id_card",
                        "number": f"ID{rng.randint(10**6, 10**7 - 1)}",
                        "issuing_country_id": partner.nationality_id.id,
                        "expiry_date": self._demo_date(rng.randint(200, 3000)),
                    }
                )
        self.env["travel.document"].create(vals_list)

    def _create_companions(self, rng, partners):
        vals_list = []
        for index in range(0, len(partners) - 1, 5):
            partner, companion = partners[index], partners[index + 1]
            relation = rng.choice(["spouse", "friend", "sibling"])
            vals_list += [
                {
                    "partner_id": partner.id,
                    "companion_id": companion.id,
                    "relation_type": relation,
                },
                {
                    "partner_id": companion.id,
                    "companion_id": partner.id,
                    "relation_type": relation,
                },
            ]
        self.env["travel.companion"].create(vals_list)
