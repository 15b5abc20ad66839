{
    "name": "Travel CRM",
    "summary": "Traveller profiles, bookings, loyalty, service quality and "
    "customer value for travel agencies",
    "version": "18.0.1.0.0",
    "category": "Sales/Travel",
    "website": "https://github.com/travel-crm/travel_crm",
    "author": "travel_crm developers",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "mail",
        "contacts",
        "account",
        "portal",
        "utm",
        "phone_validation",
    ],
    "data": [
        "security/travel_crm_security.xml",
        "security/ir.model.access.csv",
        "security/travel_crm_rules.xml",
        "data/ir_sequence_data.xml",
        "wizard/travel_booking_cancel_views.xml",
        "views/travel_booking_views.xml",
        "views/menus.xml",
    ],
}
