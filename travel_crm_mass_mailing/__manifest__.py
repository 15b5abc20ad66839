{
    "name": "Travel CRM - Email Marketing",
    "summary": "Mailing lists of travellers by value segment or lifecycle stage, "
    "kept in sync",
    "version": "18.0.1.0.0",
    "category": "Sales/Travel",
    "website": "https://github.com/travel-crm/travel_crm",
    "author": "travel_crm developers",
    "license": "LGPL-3",
    "depends": ["travel_crm", "mass_mailing"],
    "data": [
        "data/ir_cron_data.xml",
        "views/mailing_list_views.xml",
        "views/res_partner_views.xml",
    ],
    "auto_install": True,
}
