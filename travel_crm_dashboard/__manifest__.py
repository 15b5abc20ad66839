{
    "name": "Travel CRM - Dashboard",
    "summary": "Customer value dashboard for Travel CRM in Odoo's spreadsheet "
    "dashboards",
    "version": "18.0.1.0.0",
    "category": "Sales/Travel",
    "website": "https://github.com/travel-crm/travel_crm",
    "author": "travel_crm developers",
    "license": "LGPL-3",
    "depends": ["travel_crm", "spreadsheet_dashboard"],
    "data": [
        "data/spreadsheet_dashboard_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "travel_crm_dashboard/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
}
