{
    "name": "Travel CRM - CRM bridge",
    "summary": "Create travel bookings from CRM opportunities; confirming wins them",
    "version": "18.0.1.0.0",
    "category": "Sales/Travel",
    "website": "https://github.com/travel-crm/travel_crm",
    "author": "travel_crm developers",
    "license": "LGPL-3",
    "depends": ["travel_crm", "crm"],
    "data": [
        "views/crm_lead_views.xml",
        "views/travel_booking_views.xml",
    ],
    "auto_install": True,
}
