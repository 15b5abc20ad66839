import { registry } from "@web/core/registry";

// An agent opens the bookings, records a trip with one service, confirms it and
// invoices it.
registry.category("web_tour.tours").add("travel_crm_booking_tour", {
    url: "/odoo/action-travel_crm.travel_booking_action",
    steps: () => [
        {
            content: "Create a booking",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Customer')",
            run: "click",
        },
        {
            content: "Add a service",
            trigger: ".o_field_widget[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_widget[name='name'] input",
            run: "edit Harbour hotel, 3 nights",
        },
        {
            trigger: ".o_data_row .o_field_widget[name='price_unit'] input",
            run: "edit 450",
        },
        {
            trigger: ".o_data_row .o_field_widget[name='cost_unit'] input",
            run: "edit 380",
        },
        {
            content: "Confirm the booking (the form saves first)",
            trigger: "button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The status bar shows the booking confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='confirmed']",
        },
        {
            content: "Invoice the customer",
            trigger: "button[name='action_create_invoice']",
            run: "click",
        },
        {
            content: "The draft customer invoice opens with the booked service",
            trigger: ".o_breadcrumb:contains('Draft Invoice')",
        },
    ],
});
