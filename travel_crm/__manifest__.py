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
    "installable": True,
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
        "data/travel_interest_tag_data.xml",
        "views/travel_interest_tag_views.xml",
        "views/travel_document_views.xml",
        "views/travel_companion_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/travel_traveller_demo.xml",
    ],
}
